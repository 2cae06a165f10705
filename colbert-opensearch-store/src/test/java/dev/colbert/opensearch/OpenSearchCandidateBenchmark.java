package dev.colbert.opensearch;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.IndexDocument;
import dev.colbert.index.SearchHit;
import dev.colbert.opensearch.testsupport.LocalOpenSearchCluster;
import dev.colbert.search.SearchMode;
import dev.colbert.store.StoreQuery;
import dev.colbert.store.StoreStats;

/**
 * A benchmark, not a test: which candidate generation (token-level nested k-NN or one pooled vector per passage) gives
 * better recall against exhaustive MaxSim on real token vectors, at which candidate counts and rescore windows, and the
 * latency of the OpenSearch store's PLAID and exhaustive searches.
 *
 * <p>Input: a vectors file (big-endian, {@link java.io.DataOutputStream} layout): {@code int dim, int documents,
 * int queries}, then per document and then per query: {@code UTF id, int count, count * dim floats} (L2-normalized
 * token vectors). Optional: a BEIR qrels TSV for nDCG@10.
 *
 * <p>Ground truth is exact MaxSim computed here in Java. Because the engine's rescoring is exact, PLAID's top-10 for
 * a rescore window W is the exact top-10 of the first W candidates; recall for every W is computed from one candidate
 * list per query, and the end-to-end search is then timed (and checked against that prediction) for the defaults.
 *
 * <pre>
 * java -cp "$(cat cp.txt):colbert-opensearch-store/target/classes:colbert-opensearch-store/target/test-classes" \
 *     -Dcolbert.opensearch.heap=2g dev.colbert.opensearch.OpenSearchCandidateBenchmark VECTORS QRELS [QUERIES]
 * </pre>
 * Starts a single node through {@code scripts/opensearch/opensearch-node.sh} unless {@code -Dbenchmark.uri=...}.
 */
public final class OpenSearchCandidateBenchmark {

	private static final int[] WINDOWS = { 10, 16, 32, 64, 128, 256 };

	private OpenSearchCandidateBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Path vectorsFile = Path.of(args[0]);
		Map<String, Map<String, Integer>> qrels = (args.length > 1) ? readQrels(Path.of(args[1])) : Map.of();
		VectorsFile data = VectorsFile.read(vectorsFile);
		int queryCount = (args.length > 2) ? Math.min(Integer.parseInt(args[2]), data.queries.size())
				: data.queries.size();
		List<IndexDocument> documents = data.documents;
		List<Named> queries = data.queries.subList(0, queryCount);
		long vectors = documents.stream().mapToLong((d) -> d.vectors().count()).sum();
		System.out.printf(Locale.ROOT, "%d documents, %d token vectors (avg %.1f per document), dim %d, %d queries%n",
				documents.size(), vectors, (double) vectors / documents.size(), data.dim, queries.size());

		long started = System.nanoTime();
		double[][] allScores = exactScores(vectorsFile, documents, queries);
		List<List<String>> exact = new ArrayList<>();
		List<Map<String, Double>> exactScores = new ArrayList<>();
		for (double[] scores : allScores) {
			Integer[] order = new Integer[scores.length];
			Arrays.setAll(order, (i) -> i);
			Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
			Map<String, Double> byId = new HashMap<>();
			for (int i = 0; i < scores.length; i++) {
				byId.put(documents.get(i).id(), scores[i]);
			}
			exactScores.add(byId);
			exact.add(Arrays.stream(order).limit(10).map((i) -> documents.get(i).id()).toList());
		}
		System.out.printf(Locale.ROOT, "exact MaxSim in Java: %.1f s; nDCG@10 of exhaustive: %.4f%n",
				(System.nanoTime() - started) / 1e9, ndcg(queries, exact, qrels));

		String uri = System.getProperty("benchmark.uri");
		// The full JIT (not the test nodes' C1-only default): latency is measured.
		LocalOpenSearchCluster cluster = (uri == null)
				? LocalOpenSearchCluster.singleNode(List.of("--java-opts", System.getProperty("benchmark.javaOpts", "")))
				: null;
		OpenSearchConnectionSettings connection = (cluster != null) ? cluster.connectionSettings()
				: OpenSearchConnectionSettings.builder().uri(uri).responseTimeout(java.time.Duration.ofMinutes(30))
					.build();
		connection = OpenSearchConnectionSettings.builder().uris(connection.uris())
			.responseTimeout(java.time.Duration.ofMinutes(30)).build();
		try {
			for (CandidateGeneration generation : CandidateGeneration.values()) {
				run(generation, connection, data.dim, documents, queries, exact, exactScores, qrels);
			}
		}
		finally {
			if (cluster != null) {
				cluster.close();
			}
		}
	}

	private static void run(CandidateGeneration generation, OpenSearchConnectionSettings connection, int dim,
			List<IndexDocument> documents, List<Named> queries, List<List<String>> exact,
			List<Map<String, Double>> exactScores, Map<String, Map<String, Integer>> qrels) throws IOException {
		String index = "bench-" + generation.name().toLowerCase(Locale.ROOT).replace('_', '-');
		OpenSearchStoreSettings base = OpenSearchStoreSettings.builder().indexName(index).shards(1).replicas(0)
			.candidateGeneration(generation).bulkDocuments(16).build();
		System.out.printf(Locale.ROOT, "%n== %s (index %s)%n", generation, index);
		try (OpenSearchTokenVectorStore store = OpenSearchTokenVectorStore.builder(connection).settings(base)
			.model("benchmark", dim).build()) {
			OpenSearchClient client = store.client();
			StoreStats<OpenSearchStoreDetails> before = store.stats();
			if (before.documents() != documents.size()) {
				long started = System.nanoTime();
				for (int i = 0; i < documents.size(); i += 200) {
					store.add(documents.subList(i, Math.min(documents.size(), i + 200)));
					double seconds = (System.nanoTime() - started) / 1e9;
					int done = Math.min(documents.size(), i + 200);
					System.out.printf(Locale.ROOT, "  ingested %d/%d documents, %.1f documents/s, ETA %.0f s%n", done,
							documents.size(), done / seconds, (documents.size() - done) / (done / seconds));
				}
				System.out.printf(Locale.ROOT, "  ingestion: %.1f s%n", (System.nanoTime() - started) / 1e9);
			}
			int maxSegments = Integer.getInteger("benchmark.forceMergeSegments", 0);
			if (maxSegments > 0) {
				long merging = System.nanoTime();
				client.indices().forcemerge((f) -> f.index(index).maxNumSegments((long) maxSegments));
				System.out.printf(Locale.ROOT, "  force merge to %d segments: %.1f s%n", maxSegments,
						(System.nanoTime() - merging) / 1e9);
			}
			StoreStats<OpenSearchStoreDetails> stats = store.stats();
			System.out.printf(Locale.ROOT, "  index: %d documents, %d token vectors, %.1f MiB on disk, %s segments%n",
					stats.documents(), stats.tokenVectors(), stats.bytesOnDisk() / 1048576.0,
					stats.details().state().segments());

			int[] ks = (generation == CandidateGeneration.TOKEN_KNN) ? new int[] { 16, 32, 64, 128 }
					: new int[] { 64, 256, 1024 };
			System.out.printf(Locale.ROOT, "  %-6s %-12s %s%n", "k", "stage p50 ms", "recall@10 of exact top-10 for rescore window W = "
					+ Arrays.toString(WINDOWS));
			for (int k : ks) {
				OpenSearchStoreSettings settings = (generation == CandidateGeneration.TOKEN_KNN)
						? base.toBuilder().candidatesPerQueryVector(k).build() : base.toBuilder().pooledCandidates(k).build();
				MaxSimSearchRequests requests = new MaxSimSearchRequests(settings);
				double[] recalled = new double[WINDOWS.length];
				double[] millis = new double[queries.size()];
				for (int q = 0; q < queries.size(); q++) {
					long t = System.nanoTime();
					@SuppressWarnings("rawtypes")
					SearchResponse<Map> response = client.search(requests.candidates(queries.get(q).vectors,
							WINDOWS[WINDOWS.length - 1], null), Map.class);
					millis[q] = (System.nanoTime() - t) / 1e6;
					List<String> candidates = response.hits().hits().stream().map(Hit::id).toList();
					for (int w = 0; w < WINDOWS.length; w++) {
						List<String> top = topByExact(candidates.subList(0, Math.min(WINDOWS[w], candidates.size())),
								exactScores.get(q), 10);
						recalled[w] += overlap(top, exact.get(q));
					}
				}
				StringBuilder row = new StringBuilder();
				for (double r : recalled) {
					row.append(String.format(Locale.ROOT, " %.3f", r / (10.0 * queries.size())));
				}
				System.out.printf(Locale.ROOT, "  %-6d %-12.1f%s%n", k, percentile(millis, 50), row);
			}

			// End to end with the defaults: latency, recall, nDCG, exactness of the returned MaxSim.
			int latencyQueries = Integer.getInteger("benchmark.latencyQueries", Math.min(60, queries.size()));
			endToEnd(store, "PLAID (defaults)", SearchMode.PLAID, queries.subList(0, latencyQueries), exact,
					exactScores, qrels);
			int exhaustiveQueries = Integer.getInteger("benchmark.exhaustiveQueries", 3);
			if (exhaustiveQueries > 0) {
				endToEnd(store, "EXHAUSTIVE", SearchMode.EXHAUSTIVE, queries.subList(0, exhaustiveQueries), exact,
						exactScores, qrels);
			}
		}
	}

	private static void endToEnd(OpenSearchTokenVectorStore store, String label, SearchMode mode, List<Named> queries,
			List<List<String>> exact, List<Map<String, Double>> exactScores, Map<String, Map<String, Integer>> qrels) {
		store.search(new StoreQuery(queries.get(0).vectors, 10, Double.NEGATIVE_INFINITY, null, mode)); // warm up
		double[] millis = new double[queries.size()];
		double recalled = 0;
		double maxError = 0;
		List<List<String>> results = new ArrayList<>();
		for (int q = 0; q < queries.size(); q++) {
			long t = System.nanoTime();
			List<SearchHit> hits = store.search(new StoreQuery(queries.get(q).vectors, 10,
					Double.NEGATIVE_INFINITY, null, mode));
			millis[q] = (System.nanoTime() - t) / 1e6;
			List<String> ids = hits.stream().map(SearchHit::id).toList();
			results.add(ids);
			recalled += overlap(ids, exact.get(q));
			for (SearchHit hit : hits) {
				maxError = Math.max(maxError, Math.abs(hit.maxSim() - exactScores.get(q).get(hit.id()))
						/ queries.get(q).vectors.count());
			}
		}
		System.out.printf(Locale.ROOT,
				"  %s over %d queries: p50 %.0f ms, p99 %.0f ms, recall@10 vs exact %.3f, nDCG@10 %.4f (exact on these"
						+ " queries %.4f), max |MaxSim error| per query vector %.2e%n",
				label, queries.size(), percentile(millis, 50), percentile(millis, 99),
				recalled / (10.0 * queries.size()), ndcg(queries, results, qrels),
				ndcg(queries, exact.subList(0, queries.size()), qrels), maxError);
	}

	/** Exact MaxSim of every query against every document, cached next to the vectors file. */
	private static double[][] exactScores(Path vectorsFile, List<IndexDocument> documents, List<Named> queries)
			throws IOException {
		Path cache = vectorsFile.resolveSibling(vectorsFile.getFileName() + ".exact-" + queries.size());
		if (Files.exists(cache)) {
			try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(cache)))) {
				double[][] scores = new double[queries.size()][documents.size()];
				for (double[] row : scores) {
					for (int i = 0; i < row.length; i++) {
						row[i] = in.readDouble();
					}
				}
				return scores;
			}
		}
		double[][] scores = new double[queries.size()][];
		long started = System.nanoTime();
		for (int q = 0; q < queries.size(); q++) {
			TokenVectors query = queries.get(q).vectors;
			scores[q] = IntStream.range(0, documents.size())
				.parallel()
				.mapToDouble((i) -> fastMaxSim(query, documents.get(i).vectors()))
				.toArray();
			if (q % 20 == 19) {
				double seconds = (System.nanoTime() - started) / 1e9;
				System.out.printf(Locale.ROOT, "  exact MaxSim: %d/%d queries, %.1f queries/s, ETA %.0f s%n", q + 1,
						queries.size(), (q + 1) / seconds, (queries.size() - q - 1) / ((q + 1) / seconds));
			}
		}
		try (java.io.DataOutputStream out = new java.io.DataOutputStream(
				new java.io.BufferedOutputStream(Files.newOutputStream(cache)))) {
			for (double[] row : scores) {
				for (double score : row) {
					out.writeDouble(score);
				}
			}
		}
		return scores;
	}

	/** MaxSim with float arithmetic and eight accumulators (accurate to about 1e-6 per query vector). */
	private static double fastMaxSim(TokenVectors query, TokenVectors document) {
		float[] q = query.data();
		float[] d = document.data();
		int dim = query.dim();
		double total = 0;
		for (int i = 0; i < query.count(); i++) {
			int qo = i * dim;
			float best = Float.NEGATIVE_INFINITY;
			for (int j = 0; j < document.count(); j++) {
				int doff = j * dim;
				float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
				int k = 0;
				for (; k + 8 <= dim; k += 8) {
					s0 += q[qo + k] * d[doff + k];
					s1 += q[qo + k + 1] * d[doff + k + 1];
					s2 += q[qo + k + 2] * d[doff + k + 2];
					s3 += q[qo + k + 3] * d[doff + k + 3];
					s4 += q[qo + k + 4] * d[doff + k + 4];
					s5 += q[qo + k + 5] * d[doff + k + 5];
					s6 += q[qo + k + 6] * d[doff + k + 6];
					s7 += q[qo + k + 7] * d[doff + k + 7];
				}
				float dot = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
				for (; k < dim; k++) {
					dot += q[qo + k] * d[doff + k];
				}
				best = Math.max(best, dot);
			}
			total += best;
		}
		return total;
	}

	private static List<String> topByExact(List<String> candidates, Map<String, Double> scores, int k) {
		return candidates.stream()
			.sorted((a, b) -> Double.compare(scores.get(b), scores.get(a)))
			.limit(k)
			.toList();
	}

	private static int overlap(List<String> a, List<String> b) {
		Set<String> set = new HashSet<>(b);
		return (int) a.stream().filter(set::contains).count();
	}

	static double percentile(double[] values, double p) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

	private static double ndcg(List<Named> queries, List<List<String>> rankings,
			Map<String, Map<String, Integer>> qrels) {
		if (qrels.isEmpty()) {
			return Double.NaN;
		}
		double total = 0;
		for (int q = 0; q < queries.size(); q++) {
			Map<String, Integer> relevant = qrels.getOrDefault(queries.get(q).id, Map.of());
			double dcg = 0;
			List<String> ranking = rankings.get(q);
			for (int i = 0; i < Math.min(10, ranking.size()); i++) {
				int gain = relevant.getOrDefault(ranking.get(i), 0);
				dcg += (Math.pow(2, gain) - 1) / (Math.log(i + 2) / Math.log(2));
			}
			int[] ideal = relevant.values().stream().sorted((a, b) -> b - a).mapToInt(Integer::intValue).toArray();
			double idcg = 0;
			for (int i = 0; i < Math.min(10, ideal.length); i++) {
				idcg += (Math.pow(2, ideal[i]) - 1) / (Math.log(i + 2) / Math.log(2));
			}
			total += (idcg > 0) ? dcg / idcg : 0;
		}
		return total / queries.size();
	}

	private static Map<String, Map<String, Integer>> readQrels(Path path) throws IOException {
		Map<String, Map<String, Integer>> qrels = new HashMap<>();
		for (String line : Files.readAllLines(path)) {
			String[] fields = line.split("\t");
			if (fields.length < 3 || fields[0].equals("query-id")) {
				continue;
			}
			qrels.computeIfAbsent(fields[0], (k) -> new HashMap<>()).put(fields[1], Integer.parseInt(fields[2]));
		}
		return qrels;
	}

	private record Named(String id, TokenVectors vectors) {
	}

	private record VectorsFile(int dim, List<IndexDocument> documents, List<Named> queries) {

		static VectorsFile read(Path path) throws IOException {
			try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path), 1 << 20))) {
				int dim = in.readInt();
				int documentCount = in.readInt();
				int queryCount = in.readInt();
				List<IndexDocument> documents = new ArrayList<>(documentCount);
				for (int i = 0; i < documentCount; i++) {
					Named named = readOne(in, dim);
					documents.add(new IndexDocument(named.id(), "document " + named.id(), new LinkedHashMap<>(),
							named.vectors()));
				}
				List<Named> queries = new ArrayList<>(queryCount);
				for (int i = 0; i < queryCount; i++) {
					queries.add(readOne(in, dim));
				}
				return new VectorsFile(dim, documents, queries);
			}
		}

		private static Named readOne(DataInputStream in, int dim) throws IOException {
			String id = in.readUTF();
			int count = in.readInt();
			float[] data = new float[count * dim];
			for (int i = 0; i < data.length; i++) {
				data[i] = in.readFloat();
			}
			return new Named(id, TokenVectors.of(data, count, dim));
		}

	}

}
