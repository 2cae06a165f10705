package dev.colbert.benchmarks.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

import dev.colbert.benchmarks.Statistics;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.ColbertIndex;
import dev.colbert.index.IndexDocument;
import dev.colbert.index.IndexSettings;
import dev.colbert.index.IndexStats;
import dev.colbert.index.SearchHit;
import dev.colbert.index.SearchResponse;
import dev.colbert.index.codec.CodecTrainer;
import dev.colbert.search.SearchParams;
import dev.colbert.testing.ScaleCorpus;

/**
 * Builds an index of N synthetic token vectors (dim 128, nbits 2, reference settings) and measures build time
 * (excluding vector generation, which stands in for encoding), bytes on disk, peak RSS, PLAID k=10 latency, exhaustive
 * latency and PLAID's recall@10 against exhaustive search.
 *
 * <pre>
 * ./mvnw -q -B -pl colbert-benchmarks -am package -DskipTests
 * java -Xmx12g -cp colbert-benchmarks/target/classes:$(cat colbert-benchmarks/target/classpath.txt) \
 *     dev.colbert.benchmarks.index.IndexScaleBenchmark --vectors 1000000 --dir /tmp/scale-1m
 * </pre>
 *
 * Options: {@code --vectors N} (default 1,000,000), {@code --dir PATH}, {@code --queries Q} (PLAID queries, default
 * 300), {@code --exhaustive-queries E} (default 20; 0 skips), {@code --commit-every V} vectors (default 1,000,000),
 * {@code --max-points-per-centroid P} (default 256), {@code --centroid-bits B} (default 6), {@code --search-threads T}
 * (default 1), {@code --repeat R} (run each query R times and also report the fastest run per query), {@code --reuse}
 * (search an existing index, skip the build).
 */
public final class IndexScaleBenchmark {

	private static final String MODEL = ScaleCorpus.MODEL;

	private static final int DIM = ScaleCorpus.DIM;

	private static final int WARMUP = 30;

	private IndexScaleBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = parse(args);
		long vectors = Long.parseLong(options.getOrDefault("vectors", "1000000"));
		Path dir = Path.of(options.getOrDefault("dir", "/tmp/colbert-scale-" + vectors));
		int queries = Integer.parseInt(options.getOrDefault("queries", "300"));
		int exhaustiveQueries = Integer.parseInt(options.getOrDefault("exhaustive-queries", "20"));
		long commitEvery = Long.parseLong(options.getOrDefault("commit-every", "1000000"));
		IndexSettings settings = IndexSettings.builder()
			.maxPointsPerCentroid(Integer.parseInt(options.getOrDefault("max-points-per-centroid", "256")))
			.centroidBits(Integer.parseInt(options.getOrDefault("centroid-bits", "6")))
			.searchThreads(Integer.parseInt(options.getOrDefault("search-threads", "1")))
			.build();
		boolean reuse = options.containsKey("reuse");
		int repeat = Integer.parseInt(options.getOrDefault("repeat", "1"));

		ScaleCorpus corpus = new ScaleCorpus(vectors);
		int documents = corpus.documents();
		System.out.printf("Benchmark: %,d documents of 60-140 (avg 100) vectors, dim %d, %s%n", documents, DIM, settings);
		System.out.printf("JVM: %s %s, %d processors, max heap %,d MB, libtorch threads %s; load average %s%n",
				System.getProperty("java.vm.name"), System.getProperty("java.version"),
				Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
				System.getProperty("ai.djl.pytorch.num_threads", "default"), loadAverage());

		double buildSeconds = 0;
		double generateSeconds = 0;
		double trainSeconds = 0;
		if (!reuse) {
			deleteRecursively(dir);
			long t0 = System.nanoTime();
			try (ColbertIndex index = ColbertIndex.open(dir, settings, MODEL, DIM)) {
				// the reference flow: sample 16 * sqrt(120 * passages) passages, train, then encode everything;
				// documents are i.i.d., so the first ones are a uniform sample. The sample is generated lazily on each
				// of the trainer's two passes, so only the trainer's copy of the chosen rows is held in memory.
				int sampleDocuments = CodecTrainer.referenceSampleDocuments(documents);
				LongAdder sampleGenerationNanos = new LongAdder();
				Iterable<TokenVectors> sample = corpus.firstDocuments(sampleDocuments, sampleGenerationNanos);
				long tt = System.nanoTime();
				index.train(sample, vectors);
				trainSeconds = (System.nanoTime() - tt - sampleGenerationNanos.sum()) / 1e9;
				generateSeconds += sampleGenerationNanos.sum() / 1e9;
				long pending = 0;
				long added = 0;
				List<IndexDocument> batch = new ArrayList<>();
				for (int i = 0; i < documents; i++) {
					long gs = System.nanoTime();
					TokenVectors v = corpus.document(i);
					generateSeconds += (System.nanoTime() - gs) / 1e9;
					batch.add(new IndexDocument(ScaleCorpus.id(i), "", Map.of("shard", i % 16), v));
					pending += v.count();
					added += v.count();
					if (batch.size() == 2000) {
						index.add(batch);
						batch = new ArrayList<>();
					}
					if (pending >= commitEvery) {
						index.add(batch);
						batch = new ArrayList<>();
						index.commit();
						pending = 0;
						System.out.printf("  committed %,d vectors (%.0f s elapsed)%n", added, (System.nanoTime() - t0) / 1e9);
					}
				}
				index.add(batch);
				index.commit();
			}
			buildSeconds = (System.nanoTime() - t0) / 1e9 - generateSeconds;
		}

		long o0 = System.nanoTime();
		try (ColbertIndex index = ColbertIndex.open(dir, settings, MODEL, DIM)) {
			double openSeconds = (System.nanoTime() - o0) / 1e9;
			IndexStats stats = index.stats();
			System.out.printf("Index: %,d documents, %,d vectors, %d centroids, %d segments%n", stats.documents(),
					stats.tokenVectors(), stats.centroids(), stats.segments());
			System.out.printf("On disk: index %,d bytes = %.2f bytes/vector (codec + vectors + commit), documents %,d bytes%n",
					stats.indexBytes(), stats.bytesPerVector(), stats.documentStoreBytes());
			printFileBreakdown(dir, stats.tokenVectors());
			System.out.printf("Open (with checksum verification): %.1f s; search heap %,d MB%n", openSeconds,
					stats.heapBytes() >> 20);

			// PLAID k=10 latency
			SearchParams plaid = SearchParams.forK(10);
			List<TokenVectors> queryVectors = new ArrayList<>();
			for (int q = 0; q < queries + WARMUP; q++) {
				queryVectors.add(corpus.query(q));
			}
			double[] latencies = new double[queries];
			double[] cpu = new double[queries];
			double[] fastest = new double[queries];
			double[] fastestCpu = new double[queries];
			double[][] stages = new double[queries][4];
			long candidates = 0;
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			for (int q = 0; q < queries + WARMUP; q++) {
				int i = q - WARMUP;
				for (int r = 0; r < ((i >= 0) ? repeat : 1); r++) {
					long c0 = threads.getCurrentThreadCpuTime();
					long s0 = System.nanoTime();
					SearchResponse response = index.searchWithTrace(queryVectors.get(q), plaid, null);
					long s1 = System.nanoTime();
					long c1 = threads.getCurrentThreadCpuTime();
					if (i < 0) {
						continue;
					}
					double wall = (s1 - s0) / 1e6;
					double spent = (c1 - c0) / 1e6;
					if (r == 0) {
						latencies[i] = wall;
						cpu[i] = spent;
						fastest[i] = wall;
						fastestCpu[i] = spent;
						stages[i][0] = response.centroidNanos() / 1e6;
						stages[i][1] = response.trace().candidateNanos() / 1e6;
						stages[i][2] = response.trace().approximateNanos() / 1e6;
						stages[i][3] = response.trace().exactNanos() / 1e6;
						candidates += response.trace().candidates();
					}
					else {
						fastest[i] = Math.min(fastest[i], wall);
						fastestCpu[i] = Math.min(fastestCpu[i], spent);
					}
				}
			}
			System.out.printf("PLAID k=10 over %d queries: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, mean %.2f ms; "
					+ "mean stages: centroid scores %.2f, candidates %.2f, centroid interaction %.2f, exact %.2f ms; "
					+ "mean candidates %,d%n", queries, Statistics.percentile(latencies, 50),
					Statistics.percentile(latencies, 90), Statistics.percentile(latencies, 99), mean(latencies),
					meanColumn(stages, 0), meanColumn(stages, 1), meanColumn(stages, 2), meanColumn(stages, 3),
					candidates / queries);
			System.out.printf("PLAID k=10 CPU time of the searching thread (all work when libtorch runs single-threaded: "
					+ "-Dai.djl.pytorch.num_threads=1 and search threads 1): p50 %.2f ms, p99 %.2f ms; load average %s%n",
					Statistics.percentile(cpu, 50), Statistics.percentile(cpu, 99), loadAverage());
			if (repeat > 1) {
				System.out.printf("PLAID k=10, fastest of %d runs per query (filters out interference from other "
						+ "processes): wall p50 %.2f ms, p90 %.2f ms, p99 %.2f ms; CPU p50 %.2f ms, p99 %.2f ms%n", repeat,
						Statistics.percentile(fastest, 50), Statistics.percentile(fastest, 90),
						Statistics.percentile(fastest, 99), Statistics.percentile(fastestCpu, 50), Statistics.percentile(fastestCpu, 99));
			}

			if (exhaustiveQueries > 0) {
				double[] exhaustive = new double[exhaustiveQueries];
				double[] plaidSame = new double[exhaustiveQueries];
				int found = 0;
				for (int q = 0; q < exhaustiveQueries; q++) {
					TokenVectors query = queryVectors.get(WARMUP + q);
					long s0 = System.nanoTime();
					List<SearchHit> exact = index.search(query, SearchParams.exhaustive(10));
					long s1 = System.nanoTime();
					List<SearchHit> approximate = index.search(query, plaid);
					long s2 = System.nanoTime();
					exhaustive[q] = (s1 - s0) / 1e6;
					plaidSame[q] = (s2 - s1) / 1e6;
					Set<String> exactIds = new HashSet<>();
					exact.forEach((h) -> exactIds.add(h.id()));
					found += (int) approximate.stream().filter((h) -> exactIds.contains(h.id())).count();
				}
				System.out.printf("Exhaustive k=10 over %d queries: p50 %.1f ms (PLAID on the same queries p50 %.2f ms: "
						+ "%.0fx faster); PLAID recall@10 vs exhaustive %.4f%n", exhaustiveQueries,
						Statistics.percentile(exhaustive, 50), Statistics.percentile(plaidSame, 50),
						Statistics.percentile(exhaustive, 50) / Statistics.percentile(plaidSame, 50),
						found / (10.0 * exhaustiveQueries));
			}
		}
		if (!reuse) {
			System.out.printf("Build (excluding %.0f s of vector generation): %.0f s total, of which codec training %.0f s;"
					+ " %,.0f vectors/s%n", generateSeconds, buildSeconds, trainSeconds, vectors / buildSeconds);
		}
		System.out.printf("Peak RSS (VmHWM): %s%n", peakRss());
	}

	private static void printFileBreakdown(Path dir, long vectors) throws IOException {
		long[] sizes = new long[5];
		try (Stream<Path> files = Files.list(dir)) {
			for (Path p : files.toList()) {
				String name = p.getFileName().toString();
				long size = Files.size(p);
				if (name.endsWith(".vec")) {
					sizes[0] += size;
				}
				else if (name.endsWith(".cdc")) {
					sizes[1] += size;
				}
				else if (name.endsWith(".del")) {
					sizes[2] += size;
				}
				else if (name.startsWith("commit_")) {
					sizes[3] += size;
				}
				else if (name.endsWith(".dst")) {
					sizes[4] += size;
				}
			}
		}
		System.out.printf("  per vector: vectors files %.3f (residuals 32 + codes + lengths + headers), codec %.3f, "
				+ "tombstones %.3f, commit %.5f; documents (ids, metadata) %.3f%n", sizes[0] / (double) vectors,
				sizes[1] / (double) vectors, sizes[2] / (double) vectors, sizes[3] / (double) vectors,
				sizes[4] / (double) vectors);
	}

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).trim();
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static String peakRss() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("VmHWM")) {
					return line.substring(6).trim();
				}
			}
		}
		catch (IOException ex) {
			// not Linux
		}
		return "unknown";
	}

	private static double mean(double[] values) {
		return Arrays.stream(values).average().orElse(0);
	}

	private static double meanColumn(double[][] values, int column) {
		return Arrays.stream(values).mapToDouble((row) -> row[column]).average().orElse(0);
	}

	private static Map<String, String> parse(String[] args) {
		Map<String, String> options = new java.util.HashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (!args[i].startsWith("--")) {
				throw new IllegalArgumentException("Unexpected argument " + args[i]);
			}
			String key = args[i].substring(2);
			if (key.equals("reuse")) {
				options.put(key, "true");
			}
			else {
				options.put(key, args[++i]);
			}
		}
		return options;
	}

	static void deleteRecursively(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> walk = Files.walk(dir)) {
			walk.sorted(Comparator.reverseOrder()).forEach((p) -> {
				try {
					Files.delete(p);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
	}

}
