package dev.colbert.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import dev.colbert.index.codec.CentroidScores;
import dev.colbert.index.format.SegmentVectors;

/**
 * PLAID search (Santhanam et al., CIKM 2022; colbert/search/*) over compressed segments:
 * <ol>
 * <li>Candidate generation: the union of the inverted lists of each query vector's top {@code ncells} centroids,
 * restricted to accepted documents.</li>
 * <li>Centroid interaction with pruning: approximate MaxSim over the centroid scores of each candidate's codes,
 * ignoring centroids whose best query score is below {@code centroidScoreThreshold}; keep the best
 * {@code ndocs}.</li>
 * <li>Centroid interaction without pruning on those; keep the best {@code ndocs / 4}.</li>
 * <li>Exact MaxSim with decompressed residuals ({@link QueryScorer}); return the best {@code k}.</li>
 * </ol>
 * Stage 1 doubles {@code ncells} until it finds at least {@code ndocs} candidates (or probes every centroid); when
 * {@code ndocs} is at least the number of accepted documents, all of them are candidates without probing. At the scale the reference defaults were tuned for (millions of vectors) one cell per query vector
 * already yields far more than {@code ndocs} candidates and nothing changes; on small collections, where the reference
 * centroid count leaves only a handful of documents per inverted list, and under selective filters, it keeps stage 2
 * supplied with {@code ndocs} candidates, so the top-k still matches exhaustive search.
 */
public final class PlaidSearcher {

	private PlaidSearcher() {
	}

	public static SearchResult search(QueryScorer scorer, List<SearchSegment> segments, SearchParams params) {
		return search(scorer, segments, params, SearchThreads.single());
	}

	/** Stages 2 and 4 are split across {@code threads}; the result does not depend on their number. */
	public static SearchResult search(QueryScorer scorer, List<SearchSegment> segments, SearchParams params,
			SearchThreads threads) {
		CentroidScores centroidScores = scorer.centroidScores();
		int numCentroids = centroidScores.centroids();
		long t0 = System.nanoTime();
		long totalAccepted = 0;
		for (SearchSegment segment : segments) {
			totalAccepted += segment.accepted().count();
		}
		int ncells = Math.min(params.ncells(), numCentroids);
		long[][] candidateBits = new long[segments.size()][];
		int candidates;
		if (params.ndocs() >= totalAccepted) {
			// stage 1 would have to widen until it reached every accepted document: take them all at once
			ncells = numCentroids;
			candidates = markAccepted(segments, candidateBits);
		}
		else {
			int[] cells = distinct((ncells == centroidScores.topCells().length / centroidScores.queryVectors())
					? centroidScores.topCells() : centroidScores.topCells(ncells), numCentroids);
			candidates = markCandidates(segments, cells, candidateBits);
			while (candidates < params.ndocs() && ncells < numCentroids) {
				ncells = (int) Math.min((long) ncells * 2, numCentroids);
				cells = distinct(centroidScores.topCells(ncells), numCentroids);
				candidates = markCandidates(segments, cells, candidateBits);
			}
		}
		long t1 = System.nanoTime();

		// stage 2: pruned centroid interaction
		boolean[] reaching = centroidScores.centroidsReaching(params.centroidScoreThreshold());
		long[] keys = new long[candidates];
		int n = 0;
		for (int s = 0; s < segments.size(); s++) {
			long[] bits = candidateBits[s];
			for (int w = 0; w < bits.length; w++) {
				long word = bits[w];
				while (word != 0) {
					keys[n++] = TopScores.key(s, (w << 6) + Long.numberOfTrailingZeros(word));
					word &= word - 1;
				}
			}
		}
		TopScores stage2 = rank(keys, params.ndocs(), threads, () -> {
			CentroidInteraction interaction = new CentroidInteraction(centroidScores);
			return (key) -> interaction.score(segments.get((int) (key >>> 32)).vectors(), (int) key, reaching);
		});
		// stage 3: full centroid interaction on the survivors
		CentroidInteraction interaction = new CentroidInteraction(centroidScores);
		TopScores stage3 = new TopScores(params.ndocs() / 4);
		for (long key : stage2.keysDescending()) {
			stage3.offer(interaction.score(segments.get((int) (key >>> 32)).vectors(), (int) key, null), key);
		}
		long t2 = System.nanoTime();

		// stage 4: exact MaxSim with residuals
		long[] finalists = stage3.keysDescending();
		TopScores top = rank(finalists, params.k(), threads, () -> {
			QueryScorer local = scorer.forAnotherThread();
			return (key) -> local.maxSim(segments.get((int) (key >>> 32)).vectors(), (int) key);
		});
		long t3 = System.nanoTime();
		return new SearchResult(Arrays.asList(top.drainDescending()),
				new SearchTrace(SearchMode.PLAID, ncells, candidates, finalists.length, t1 - t0, t2 - t1, t3 - t2));
	}

	/** Scores a document key; one instance per thread. */
	interface KeyScorer {

		float score(long key);

	}

	/** The best {@code capacity} of {@code keys} by score, the keys split across the threads. */
	static TopScores rank(long[] keys, int capacity, SearchThreads threads,
			Supplier<KeyScorer> scorers) {
		int[] bounds = threads.split(keys.length);
		List<Callable<TopScores>> tasks = new ArrayList<>();
		for (int p = 0; p + 1 < bounds.length; p++) {
			int from = bounds[p];
			int to = bounds[p + 1];
			tasks.add(() -> {
				KeyScorer scorer = scorers.get();
				TopScores top = new TopScores(capacity);
				for (int i = from; i < to; i++) {
					top.offer(scorer.score(keys[i]), keys[i]);
				}
				return top;
			});
		}
		List<TopScores> parts = threads.run(tasks);
		if (parts.size() == 1) {
			return parts.get(0);
		}
		TopScores merged = new TopScores(capacity);
		for (TopScores part : parts) {
			merged.offerAll(part);
		}
		return merged;
	}

	private static int[] distinct(int[] cells, int numCentroids) {
		boolean[] seen = new boolean[numCentroids];
		int n = 0;
		int[] result = new int[cells.length];
		for (int cell : cells) {
			if (!seen[cell]) {
				seen[cell] = true;
				result[n++] = cell;
			}
		}
		return Arrays.copyOf(result, n);
	}

	/** Marks every accepted document; returns how many were marked. */
	private static int markAccepted(List<SearchSegment> segments, long[][] candidateBits) {
		int count = 0;
		for (int s = 0; s < segments.size(); s++) {
			AcceptedDocs accepted = segments.get(s).accepted();
			long[] bits = new long[(segments.get(s).vectors().docCount() + 63) >>> 6];
			for (int doc = accepted.nextAccepted(0); doc >= 0; doc = accepted.nextAccepted(doc + 1)) {
				bits[doc >>> 6] |= 1L << doc;
				count++;
			}
			candidateBits[s] = bits;
		}
		return count;
	}

	/** Marks the accepted documents of the cells' inverted lists; returns how many were marked. */
	private static int markCandidates(List<SearchSegment> segments, int[] cells, long[][] candidateBits) {
		int count = 0;
		for (int s = 0; s < segments.size(); s++) {
			SearchSegment segment = segments.get(s);
			SegmentVectors vectors = segment.vectors();
			AcceptedDocs accepted = segment.accepted();
			long[] bits = new long[(vectors.docCount() + 63) >>> 6];
			int[] ivfStart = vectors.ivfStart();
			int[] ivfDocs = vectors.ivfDocs();
			for (int cell : cells) {
				for (int p = ivfStart[cell], end = ivfStart[cell + 1]; p < end; p++) {
					int doc = ivfDocs[p];
					long mask = 1L << doc;
					int w = doc >>> 6;
					if ((bits[w] & mask) == 0 && accepted.accepts(doc)) {
						bits[w] |= mask;
						count++;
					}
				}
			}
			candidateBits[s] = bits;
		}
		return count;
	}

}
