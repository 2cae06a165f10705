package dev.colbert.search;

import java.util.Arrays;
import java.util.List;

/** Exact MaxSim of the query against every accepted document of every segment. */
public final class ExhaustiveSearcher {

	private ExhaustiveSearcher() {
	}

	public static SearchResult search(QueryScorer scorer, List<SearchSegment> segments, int k) {
		return search(scorer, segments, k, SearchThreads.single());
	}

	/** The accepted documents are split across {@code threads}; the result does not depend on their number. */
	public static SearchResult search(QueryScorer scorer, List<SearchSegment> segments, int k, SearchThreads threads) {
		long t0 = System.nanoTime();
		int total = 0;
		for (SearchSegment segment : segments) {
			total += segment.accepted().count();
		}
		long[] keys = new long[total];
		int n = 0;
		for (int s = 0; s < segments.size(); s++) {
			AcceptedDocs accepted = segments.get(s).accepted();
			for (int doc = accepted.nextAccepted(0); doc >= 0; doc = accepted.nextAccepted(doc + 1)) {
				keys[n++] = TopScores.key(s, doc);
			}
		}
		TopScores top = PlaidSearcher.rank(keys, k, threads, () -> {
			QueryScorer local = scorer.forAnotherThread();
			return (key) -> local.maxSim(segments.get((int) (key >>> 32)).vectors(), (int) key);
		});
		long t1 = System.nanoTime();
		return new SearchResult(Arrays.asList(top.drainDescending()),
				new SearchTrace(SearchMode.EXHAUSTIVE, 0, total, total, 0, 0, t1 - t0));
	}

}
