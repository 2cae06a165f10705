package dev.colbert.opensearch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.indices.IndicesStatsResponse;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.ColbertIndex;
import dev.colbert.index.IndexDocument;
import dev.colbert.index.IndexSettings;
import dev.colbert.index.SearchHit;
import dev.colbert.index.codec.CodecTrainer;
import dev.colbert.opensearch.testsupport.LocalOpenSearchCluster;
import dev.colbert.search.SearchParams;
import dev.colbert.store.StoreQuery;
import dev.colbert.testing.ScaleCorpus;

/**
 * A benchmark, not a test: the OpenSearch store's PLAID layout at scale on a local two-node cluster (2 shards,
 * 1 replica). It ingests the synthetic token vectors of the embedded store's {@code IndexScaleBenchmark}
 * ({@link ScaleCorpus}: N / 100 passages of 60 to 140 vectors, dim 128), trains the codec on the client from
 * the reference sample, and reports ingestion time, the primaries' size before and after a force merge, and PLAID k=10
 * search latency (p50 / p90 / p99 over the queries, after a warm-up).
 *
 * <p>The peer, in the same run, is the embedded index that {@code IndexScaleBenchmark} built from the same vectors
 * ({@code --embedded-dir}): its PLAID latency on the same queries, and its exhaustive top 10 as the reference for the
 * recall@10 of both.
 *
 * <pre>
 * ./mvnw -o -q -B -pl colbert-opensearch-store -am test-compile -DskipTests
 * ./mvnw -o -q -B -pl colbert-opensearch-store dependency:build-classpath -Dmdep.outputFile=/tmp/os-cp.txt \
 *     -Dmdep.includeScope=test
 * java -Xmx8g --add-modules jdk.incubator.vector -Dcolbert.opensearch.heap=2g -Dcolbert.opensearch.javaOpts= \
 *     -cp "$(cat /tmp/os-cp.txt):colbert-opensearch-store/target/classes:colbert-opensearch-store/target/test-classes" \
 *     dev.colbert.opensearch.OpenSearchScaleBenchmark --vectors 10000000 --embedded-dir /work/data/scale-10m
 * </pre>
 * Options: {@code --vectors N} (default 1,000,000), {@code --queries Q} (default 300), {@code --exhaustive-queries E}
 * (default 20), {@code --embedded-dir PATH} (optional), {@code --batch D} documents per {@code add} (default 2,000).
 */
public final class OpenSearchScaleBenchmark {

	private static final int WARMUP = 30;

	private OpenSearchScaleBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = parse(args);
		long vectors = Long.parseLong(options.getOrDefault("vectors", "1000000"));
		int queries = Integer.parseInt(options.getOrDefault("queries", "300"));
		int exhaustiveQueries = Integer.parseInt(options.getOrDefault("exhaustive-queries", "20"));
		int batch = Integer.parseInt(options.getOrDefault("batch", "2000"));
		Path embeddedDir = options.containsKey("embedded-dir") ? Path.of(options.get("embedded-dir")) : null;
		ScaleCorpus corpus = new ScaleCorpus(vectors);
		int documents = corpus.documents();
		List<TokenVectors> queryVectors = new ArrayList<>();
		for (int q = 0; q < queries + WARMUP; q++) {
			queryVectors.add(corpus.query(q));
		}
		System.out.printf(Locale.ROOT, "Benchmark: %,d documents of 60-140 (avg 100) vectors, dim %d; %d queries of %d "
				+ "vectors after %d warm-up queries; JVM %s, %d processors, max heap %,d MB%n", documents, ScaleCorpus.DIM,
				queries, ScaleCorpus.QUERY_LENGTH, WARMUP, System.getProperty("java.version"),
				Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

		List<Set<String>> reference = new ArrayList<>();
		double[] embeddedLatencies = null;
		int embeddedFound = 0;
		if (embeddedDir != null && Files.isDirectory(embeddedDir)) {
			try (ColbertIndex index = ColbertIndex.open(embeddedDir, IndexSettings.builder().build(), ScaleCorpus.MODEL,
					ScaleCorpus.DIM)) {
				System.out.printf(Locale.ROOT, "Embedded peer %s: %,d vectors%n", embeddedDir,
						index.stats().tokenVectors());
				for (int q = 0; q < exhaustiveQueries && q < queries; q++) {
					Set<String> ids = new HashSet<>();
					index.search(queryVectors.get(WARMUP + q), SearchParams.exhaustive(10)).forEach((h) -> ids.add(h.id()));
					reference.add(ids);
				}
				embeddedLatencies = new double[queries];
				for (int q = 0; q < queries + WARMUP; q++) {
					long s0 = System.nanoTime();
					List<SearchHit> hits = index.search(queryVectors.get(q), SearchParams.forK(10));
					double wall = (System.nanoTime() - s0) / 1e6;
					if (q >= WARMUP) {
						embeddedLatencies[q - WARMUP] = wall;
						if (q - WARMUP < reference.size()) {
							embeddedFound += found(hits, reference.get(q - WARMUP));
						}
					}
				}
			}
		}

		LocalOpenSearchCluster cluster = LocalOpenSearchCluster.twoNodes();
		OpenSearchConnectionSettings connection = OpenSearchConnectionSettings.builder()
			.uris(cluster.connectionSettings().uris())
			.responseTimeout(Duration.ofMinutes(30))
			.build();
		OpenSearchStoreSettings settings = OpenSearchStoreSettings.builder().indexName("scale-plaid").shards(2)
			.replicas(1).build();
		try (cluster; OpenSearchTokenVectorStore store = OpenSearchTokenVectorStore.builder(connection)
			.settings(settings).model(ScaleCorpus.MODEL, ScaleCorpus.DIM).build()) {
			long t0 = System.nanoTime();
			int sampleDocuments = CodecTrainer.referenceSampleDocuments(documents);
			Iterable<TokenVectors> sample = corpus.firstDocuments(sampleDocuments, null);
			store.trainCodec(sample, vectors);
			double trainSeconds = (System.nanoTime() - t0) / 1e9;
			System.out.printf(Locale.ROOT, "Codec trained on the client from %,d sampled documents in %.0f s "
					+ "(sample generation included)%n", sampleDocuments, trainSeconds);
			long i0 = System.nanoTime();
			long added = 0;
			for (int start = 0; start < documents; start += batch) {
				List<IndexDocument> page = new ArrayList<>(batch);
				for (int i = start; i < Math.min(documents, start + batch); i++) {
					TokenVectors v = corpus.document(i);
					page.add(new IndexDocument(ScaleCorpus.id(i), "", Map.of("shard", i % 16), v));
					added += v.count();
				}
				store.add(page);
				double seconds = (System.nanoTime() - i0) / 1e9;
				int done = Math.min(documents, start + batch);
				if ((start / batch) % 10 == 9 || done == documents) {
					System.out.printf(Locale.ROOT, "  ingested %,d/%,d documents (%,d vectors): %,.0f vectors/s, "
							+ "ETA %.0f s%n", done, documents, added, added / seconds,
							(documents - done) * seconds / done);
				}
			}
			double ingestSeconds = (System.nanoTime() - i0) / 1e9;
			OpenSearchClient client = store.client();
			client.indices().refresh((r) -> r.index(settings.indexName()));
			long fresh = primaryBytes(client, settings.indexName());
			long m0 = System.nanoTime();
			client.indices().flush((f) -> f.index(settings.indexName()));
			client.indices().forcemerge((f) -> f.index(settings.indexName()).maxNumSegments(1L));
			Thread.sleep(35_000); // the retention leases catch up, then the merged-away recovery source is dropped
			client.indices().flush((f) -> f.index(settings.indexName()));
			client.indices().forcemerge((f) -> f.index(settings.indexName()).maxNumSegments(1L));
			client.indices().refresh((r) -> r.index(settings.indexName()));
			double mergeSeconds = (System.nanoTime() - m0) / 1e9;
			long merged = primaryBytes(client, settings.indexName());
			long stored = store.stats().tokenVectors();
			System.out.printf(Locale.ROOT, "Ingestion: %,d vectors in %.0f s (%,.0f vectors/s, client compression "
					+ "included), codec training %.0f s; build total %.0f s%n", added, ingestSeconds,
					added / ingestSeconds, trainSeconds, trainSeconds + ingestSeconds);
			System.out.printf(Locale.ROOT, "Primaries: %,d bytes right after ingestion (%.1f B/vector); %,d bytes after "
					+ "flush + force merge (%.0f s) = %.1f B/vector (store counts %,d vectors); with the replica x2%n",
					fresh, (double) fresh / added, merged, mergeSeconds, (double) merged / added, stored);

			System.out.println("Node heaps before the queries: " + heaps(client));
			double[] latencies = new double[queries];
			int found = 0;
			try {
				for (int q = 0; q < queries + WARMUP; q++) {
					long s0 = System.nanoTime();
					List<SearchHit> hits = store.search(StoreQuery.of(queryVectors.get(q), 10));
					double wall = (System.nanoTime() - s0) / 1e6;
					if (q >= WARMUP) {
						latencies[q - WARMUP] = wall;
						if (q - WARMUP < reference.size()) {
							found += found(hits, reference.get(q - WARMUP));
						}
					}
				}
			}
			finally {
				System.out.println("Node heaps after the queries: " + heaps(client));
			}
			report("OpenSearch PLAID k=10 (2 nodes, 2 shards, 1 replica)", latencies, found, reference.size());
			if (embeddedLatencies != null) {
				report("embedded PLAID k=10 (same vectors and queries, 1 search thread)", embeddedLatencies,
						embeddedFound, reference.size());
				System.out.printf(Locale.ROOT, "p50 ratio OpenSearch / embedded: %.2f%n",
						percentile(latencies, 50) / percentile(embeddedLatencies, 50));
			}
		}
	}

	private static int found(List<SearchHit> hits, Set<String> reference) {
		return (int) hits.stream().filter((h) -> reference.contains(h.id())).count();
	}

	private static void report(String what, double[] latencies, int found, int referenceQueries) {
		System.out.printf(Locale.ROOT, "%s over %d queries: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms%s%n", what,
				latencies.length, percentile(latencies, 50), percentile(latencies, 90), percentile(latencies, 99),
				(referenceQueries > 0) ? String.format(Locale.ROOT, "; recall@10 vs the embedded exhaustive top 10 "
						+ "(%d queries) %.4f", referenceQueries, found / (10.0 * referenceQueries)) : "");
	}

	/** Each node's heap use and parent circuit breaker, as the engine reports them. */
	private static String heaps(OpenSearchClient client) throws java.io.IOException {
		org.opensearch.client.opensearch.generic.Request request = org.opensearch.client.opensearch.generic.Requests
			.builder()
			.method("GET")
			.endpoint("/_nodes/stats/jvm,breaker")
			.query(Map.of("filter_path", "nodes.*.name,nodes.*.jvm.mem.heap_used_in_bytes,"
					+ "nodes.*.jvm.mem.heap_max_in_bytes,nodes.*.breakers.parent"))
			.build();
		try (org.opensearch.client.opensearch.generic.Response response = client.generic().execute(request)) {
			return response.getBody().map((body) -> body.bodyAsString()).orElse("(no body)");
		}
	}

	private static long primaryBytes(OpenSearchClient client, String index) throws java.io.IOException {
		IndicesStatsResponse stats = client.indices().stats((s) -> s.index(index));
		return stats.indices().get(index).primaries().store().sizeInBytes();
	}

	private static double percentile(double[] values, double p) {
		return OpenSearchCandidateBenchmark.percentile(values, p);
	}

	private static Map<String, String> parse(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (!args[i].startsWith("--") || i + 1 >= args.length) {
				throw new IllegalArgumentException("options are --name value pairs, got '" + args[i] + "'");
			}
			options.put(args[i].substring(2), args[++i]);
		}
		return options;
	}

}
