package dev.colbert.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import dev.colbert.training.data.BeirSource;
import dev.colbert.training.data.TextFiles;
import dev.colbert.training.model.MaxSimScores;
import dev.colbert.training.model.TrainingEncoder;

/**
 * Retrieval quality of the model being trained on a validation collection in the BEIR layout: every judged query
 * against the whole corpus by exact MaxSim, as nDCG@10 and recall@100 (binary relevance). Checkpoints and
 * hyper-parameters are chosen on such collections, never on an evaluation collection.
 *
 * <p>Bounded: at most {@link #MAX_DOCUMENTS} documents and {@link #MAX_QUERIES} queries, scored in chunks of
 * {@link #DOCUMENT_CHUNK} documents.
 */
public final class BeirValidation {

	/** The largest corpus validated on (exact scoring against every document). */
	public static final int MAX_DOCUMENTS = 50_000;

	/** The most judged queries validated on. */
	public static final int MAX_QUERIES = 5_000;

	private static final int DOCUMENT_CHUNK = 32;

	private static final int QUERY_CHUNK = 128;

	private final String name;

	private final List<String> documentIds;

	private final List<String> documentTexts;

	private final List<String> queryTexts;

	private final List<Set<String>> relevant;

	/**
	 * Reads {@code corpus.jsonl}, {@code queries.jsonl} and {@code qrels/<split>.tsv} of {@code folder}.
	 * @throws IllegalArgumentException naming a missing file, a malformed line or a collection past the bounds
	 */
	public BeirValidation(Path folder, String split) {
		BeirSource source = new BeirSource(folder, split);
		List<Path> files = source.checkFiles();
		Map<String, String> corpus = TextFiles.readCollection(files.get(0));
		Map<String, String> queries = TextFiles.readQueries(files.get(1));
		Map<String, List<String>> judged = BeirSource.positives(files.get(2), corpus, queries);
		if (corpus.size() > MAX_DOCUMENTS || judged.size() > MAX_QUERIES) {
			throw new IllegalArgumentException("validation collection " + folder + " has " + corpus.size()
					+ " documents and " + judged.size() + " judged queries; at most " + MAX_DOCUMENTS + " and "
					+ MAX_QUERIES + " are scored exactly while training");
		}
		if (judged.isEmpty()) {
			throw new IllegalArgumentException("validation collection " + folder + " has no judged query in qrels/"
					+ split + ".tsv");
		}
		this.name = folder.getFileName().toString();
		this.documentIds = List.copyOf(corpus.keySet());
		this.documentTexts = List.copyOf(corpus.values());
		this.queryTexts = new ArrayList<>(judged.size());
		this.relevant = new ArrayList<>(judged.size());
		judged.forEach((id, documents) -> {
			this.queryTexts.add(queries.get(id));
			this.relevant.add(Set.copyOf(documents));
		});
	}

	/** The collection's folder name. */
	public String name() {
		return this.name;
	}

	/**
	 * Scores every judged query against every document with the encoder (no dropout, no gradients).
	 * @return {@code ndcg@10} and {@code recall@100}, means over the judged queries
	 */
	public Map<String, Double> evaluate(TrainingEncoder encoder, NDManager parent) {
		int queries = this.queryTexts.size();
		int documents = this.documentTexts.size();
		float[][] scores = new float[queries][documents];
		try (NDManager queryScope = parent.newSubManager()) {
			// queries are short: encoded once, then every document chunk is encoded once and scored against them all
			List<TrainingEncoder.Batch> queryBatches = new ArrayList<>();
			for (int q0 = 0; q0 < queries; q0 += QUERY_CHUNK) {
				queryBatches.add(encoder.encode(queryScope,
						this.queryTexts.subList(q0, Math.min(queries, q0 + QUERY_CHUNK)), true, false));
			}
			for (int d0 = 0; d0 < documents; d0 += DOCUMENT_CHUNK) {
				int d1 = Math.min(documents, d0 + DOCUMENT_CHUNK);
				int width = d1 - d0;
				try (NDManager scope = queryScope.newSubManager()) {
					TrainingEncoder.Batch d = encoder.encode(scope, this.documentTexts.subList(d0, d1), false, false);
					for (int b = 0; b < queryBatches.size(); b++) {
						// the scores are derived from the queries, whose manager outlives the chunk: a copy in this
						// chunk's scope keeps the intermediate arrays there
						NDArray queryVectors = queryBatches.get(b).vectors().duplicate();
						queryVectors.attach(scope);
						float[] values = MaxSimScores.scores(queryVectors, d.vectors(), d.mask()).toFloatArray();
						int q0 = b * QUERY_CHUNK;
						int rows = values.length / width;
						for (int i = 0; i < rows; i++) {
							System.arraycopy(values, i * width, scores[q0 + i], d0, width);
						}
					}
				}
			}
		}
		double ndcg = 0;
		double recall = 0;
		for (int i = 0; i < queries; i++) {
			int[] ranking = topK(scores[i], 100);
			ndcg += ndcgAt10(ranking, this.relevant.get(i));
			int found = 0;
			for (int r : ranking) {
				found += this.relevant.get(i).contains(this.documentIds.get(r)) ? 1 : 0;
			}
			recall += (double) found / this.relevant.get(i).size();
		}
		Map<String, Double> metrics = new LinkedHashMap<>();
		metrics.put("ndcg@10", ndcg / queries);
		metrics.put("recall@100", recall / queries);
		return metrics;
	}

	private double ndcgAt10(int[] ranking, Set<String> relevant) {
		double dcg = 0;
		for (int r = 0; r < Math.min(10, ranking.length); r++) {
			if (relevant.contains(this.documentIds.get(ranking[r]))) {
				dcg += 1 / log2(r + 2);
			}
		}
		double ideal = 0;
		for (int r = 0; r < Math.min(10, relevant.size()); r++) {
			ideal += 1 / log2(r + 2);
		}
		return dcg / ideal;
	}

	/** Indexes of the {@code k} best scores, best first; ties go to the lower index. */
	static int[] topK(float[] scores, int k) {
		Integer[] order = new Integer[scores.length];
		for (int i = 0; i < order.length; i++) {
			order[i] = i;
		}
		Arrays.sort(order, (a, b) -> (scores[a] != scores[b]) ? Float.compare(scores[b], scores[a]) : a - b);
		int n = Math.min(k, order.length);
		int[] top = new int[n];
		for (int i = 0; i < n; i++) {
			top[i] = order[i];
		}
		return top;
	}

	private static double log2(double x) {
		return Math.log(x) / Math.log(2);
	}

}
