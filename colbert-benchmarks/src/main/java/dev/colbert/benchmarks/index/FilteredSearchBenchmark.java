package dev.colbert.benchmarks.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;

import dev.colbert.benchmarks.Statistics;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.Candidates;
import dev.colbert.index.ColbertIndex;
import dev.colbert.index.DocumentFilter;
import dev.colbert.index.IndexDocument;
import dev.colbert.index.IndexSettings;
import dev.colbert.index.IndexStats;
import dev.colbert.index.codec.CodecTrainer;
import dev.colbert.search.SearchParams;
import dev.colbert.testing.ClusteredTokenGenerator;

/**
 * Filtered PLAID search (k = 10) on an index of 100,000 documents, with the filter tested on every live document
 * (the path before metadata postings, which a filter that states no candidates still takes) and with its equality
 * terms looked up in the postings (issue 15, item 7). Both paths run the same predicate on the same index, interleaved
 * query by query so that machine noise hits both alike. Prints a Markdown table of p50 / p90 latencies and the
 * documents each search tested.
 *
 * <p>Documents: 8 to 16 synthetic token vectors (dim 128) and metadata {@code tenant} (1,000 values, 0.1% each),
 * {@code category} (10 values) and {@code year} (2000 to 2024).
 *
 * <pre>
 * ./mvnw -q -B -pl colbert-benchmarks -am compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/benchmark-classpath.txt -Dmdep.includeScope=runtime
 * java -Xmx6g -cp colbert-benchmarks/target/classes:$(cat colbert-benchmarks/target/benchmark-classpath.txt) \
 *     dev.colbert.benchmarks.index.FilteredSearchBenchmark --documents 100000 --dir /tmp/filtered-100k
 * </pre>
 *
 * Options: {@code --documents N} (default 100,000), {@code --dir PATH}, {@code --queries Q} (per filter, default
 * 200), {@code --reuse} (search an existing index, skip the build).
 */
public final class FilteredSearchBenchmark {

	private static final String MODEL = "synthetic-clustered-128";

	private static final int DIM = 128;

	private static final int WARMUP = 20;

	private FilteredSearchBenchmark() {
	}

	/** A filter as the predicate (tested on candidates) and the candidates its equality terms name. */
	private record Case(String name, Predicate<Map<String, Object>> predicate, Candidates candidates) {

	}

	public static void main(String[] args) throws IOException {
		Map<String, String> options = parse(args);
		int documents = Integer.parseInt(options.getOrDefault("documents", "100000"));
		Path dir = Path.of(options.getOrDefault("dir", "/tmp/colbert-filtered-" + documents));
		int queries = Integer.parseInt(options.getOrDefault("queries", "200"));
		ClusteredTokenGenerator generator = new ClusteredTokenGenerator(11, DIM, 8, 16);
		System.out.printf("JVM: %s %s, %d processors, max heap %,d MB; load average %s%n",
				System.getProperty("java.vm.name"), System.getProperty("java.version"),
				Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, loadAverage());
		if (!options.containsKey("reuse")) {
			build(dir, documents, generator);
		}
		List<Case> cases = List.of(
				new Case("tenant == 't42' (0.1%)", (m) -> "t42".equals(m.get("tenant")),
						Candidates.anyOf("tenant", List.of("t42"))),
				new Case("category IN ['c1', 'c2'] (20%)", (m) -> List.of("c1", "c2").contains(m.get("category")),
						Candidates.anyOf("category", List.of("c1", "c2"))),
				new Case("tenant == 't42' AND year >= 2010 (0.06%)",
						(m) -> "t42".equals(m.get("tenant")) && ((Integer) m.get("year")) >= 2010,
						Candidates.anyOf("tenant", List.of("t42"))),
				new Case("year >= 2020 (20%, no equality term: every live document)",
						(m) -> ((Integer) m.get("year")) >= 2020, Candidates.all()));
		try (ColbertIndex index = ColbertIndex.open(dir, IndexSettings.defaults(), MODEL, DIM)) {
			IndexStats stats = index.stats();
			System.out.printf("Index: %,d documents, %,d vectors, %d segments, %d centroids; load average %s%n",
					stats.documents(), stats.tokenVectors(), stats.segments(), stats.centroids(), loadAverage());
			SearchParams params = SearchParams.forK(10);
			Random random = new Random(3);
			List<TokenVectors> queryVectors = new ArrayList<>();
			for (int q = 0; q < queries + WARMUP; q++) {
				queryVectors.add(generator.query(random.nextInt(documents), 32, 5000 + q));
			}
			double[] unfiltered = new double[queries];
			for (int q = 0; q < queries + WARMUP; q++) {
				long t0 = System.nanoTime();
				index.searchWithTrace(queryVectors.get(q), params, null);
				if (q >= WARMUP) {
					unfiltered[q - WARMUP] = (System.nanoTime() - t0) / 1e6;
				}
			}
			System.out.printf("%nunfiltered PLAID k=10: p50 %.2f ms, p90 %.2f ms%n%n", Statistics.percentile(unfiltered, 50),
					Statistics.percentile(unfiltered, 90));
			System.out.println("| filter | every live document: p50 / p90 | postings: p50 / p90 | documents tested per "
					+ "search (every / postings) | accepted |");
			System.out.println("|---|---|---|---|---|");
			for (Case filter : cases) {
				measure(index, params, queryVectors, queries, filter);
			}
		}
		System.out.printf("%nload average at the end %s%n", loadAverage());
	}

	private static void measure(ColbertIndex index, SearchParams params, List<TokenVectors> queryVectors, int queries,
			Case filter) {
		AtomicLong tested = new AtomicLong();
		AtomicLong matched = new AtomicLong();
		DocumentFilter test = (id, metadata) -> {
			tested.incrementAndGet();
			boolean matches = filter.predicate().test(metadata);
			if (matches) {
				matched.incrementAndGet();
			}
			return matches;
		};
		DocumentFilter[] paths = { test, DocumentFilter.withCandidates(filter.candidates(), test) };
		double[][] latencies = new double[2][queries];
		long[] testedTotal = new long[2];
		long accepted = 0;
		for (int q = 0; q < queries + WARMUP; q++) {
			for (int p = 0; p < 2; p++) {
				int path = (q % 2 == 0) ? p : 1 - p;
				tested.set(0);
				matched.set(0);
				long t0 = System.nanoTime();
				index.searchWithTrace(queryVectors.get(q), params, paths[path]);
				long t1 = System.nanoTime();
				if (q >= WARMUP) {
					latencies[path][q - WARMUP] = (t1 - t0) / 1e6;
					testedTotal[path] += tested.get();
					accepted = matched.get();
				}
			}
		}
		System.out.printf("| %s | %.2f / %.2f ms | %.2f / %.2f ms | %,d / %,d | %,d |%n", filter.name(),
				Statistics.percentile(latencies[0], 50), Statistics.percentile(latencies[0], 90),
				Statistics.percentile(latencies[1], 50), Statistics.percentile(latencies[1], 90), testedTotal[0] / queries,
				testedTotal[1] / queries, accepted);
	}

	private static void build(Path dir, int documents, ClusteredTokenGenerator generator) throws IOException {
		deleteRecursively(dir);
		long t0 = System.nanoTime();
		long vectors = 12L * documents;
		try (ColbertIndex index = ColbertIndex.open(dir, IndexSettings.defaults(), MODEL, DIM)) {
			int sample = CodecTrainer.referenceSampleDocuments(documents);
			List<TokenVectors> trainingSample = new ArrayList<>(sample);
			for (int i = 0; i < sample; i++) {
				trainingSample.add(generator.document(i));
			}
			index.train(trainingSample, vectors);
			List<IndexDocument> batch = new ArrayList<>();
			for (int i = 0; i < documents; i++) {
				Map<String, Object> metadata = Map.of("tenant", "t" + (i % 1000), "category", "c" + (i % 10), "year",
						2000 + (i % 25));
				batch.add(new IndexDocument("d" + i, "document " + i, metadata, generator.document(i)));
				if (batch.size() == 5000) {
					index.add(batch);
					batch = new ArrayList<>();
				}
				if ((i + 1) % 25_000 == 0) {
					index.add(batch);
					batch = new ArrayList<>();
					index.commit();
					System.out.printf("  committed %,d documents (%.0f s)%n", i + 1, (System.nanoTime() - t0) / 1e9);
				}
			}
			index.add(batch);
			index.commit();
		}
		System.out.printf("Built %,d documents in %.0f s%n", documents, (System.nanoTime() - t0) / 1e9);
	}

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).trim();
		}
		catch (IOException | RuntimeException ex) {
			return "unknown";
		}
	}

	private static void deleteRecursively(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	private static Map<String, String> parse(String[] args) {
		Map<String, String> options = new HashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (!args[i].startsWith("--")) {
				throw new IllegalArgumentException("unexpected argument " + args[i]);
			}
			String name = args[i].substring(2);
			if (name.equals("reuse")) {
				options.put(name, "true");
			}
			else {
				options.put(name, args[++i]);
			}
		}
		return options;
	}

}
