package dev.colbert.benchmarks.index;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import dev.colbert.benchmarks.Statistics;
import dev.colbert.beir.BeirDataset;
import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.ColbertIndex;
import dev.colbert.index.IndexDocument;
import dev.colbert.index.IndexSettings;
import dev.colbert.index.IndexStats;
import dev.colbert.index.SearchHit;
import dev.colbert.index.SearchResponse;
import dev.colbert.index.codec.CodecTrainer;
import dev.colbert.search.SearchParams;

/**
 * Search latency by PLAID stage on real encoded text: indexes a corpus encoded by {@code bin/colbert-eval} (its vector
 * cache file), encodes the dataset's test queries once (cached next to the corpus vectors), and reports per k the
 * PLAID latency (wall and CPU, p50/p99, mean time per stage), exhaustive latency and PLAID's recall against exhaustive
 * search. Query encoding is excluded.
 *
 * <pre>
 * ./mvnw -q -B -pl colbert-benchmarks -am package -DskipTests
 * java -Xmx4g -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
 *     -cp colbert-benchmarks/target/classes:$(cat colbert-benchmarks/target/classpath.txt) \
 *     dev.colbert.benchmarks.index.RealVectorSearchBenchmark --corpus-vectors /work/cache/eval/vectors/X.vectors \
 *     --dataset /work/cache/eval/mini --dir /tmp/real-index
 * </pre>
 *
 * Options: {@code --nbits N} (2), {@code --k 10,100}, {@code --repeat R} (3: every query runs R times, the fastest
 * run is reported beside the first), {@code --exhaustive-repeat R} (the same as {@code --repeat}),
 * {@code --model SOURCE} (embedded:bge-small-en-v1.5, for the queries),
 * {@code --reuse} (search an existing index).
 */
public final class RealVectorSearchBenchmark {

	private RealVectorSearchBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = parse(args);
		Path corpusFile = Path.of(required(options, "corpus-vectors"));
		Path dataset = Path.of(required(options, "dataset"));
		Path dir = Path.of(required(options, "dir"));
		int nbits = Integer.parseInt(options.getOrDefault("nbits", "2"));
		int repeat = Integer.parseInt(options.getOrDefault("repeat", "3"));
		int exhaustiveRepeat = Math.max(1, Integer.parseInt(options.getOrDefault("exhaustive-repeat",
				String.valueOf(repeat))));
		String model = options.getOrDefault("model", "embedded:bge-small-en-v1.5");
		int[] ks = Arrays.stream(options.getOrDefault("k", "10,100").split(",")).mapToInt(Integer::parseInt).toArray();

		EncodedVectors corpus = EncodedVectors.read(corpusFile);
		EncodedVectors queries = queries(corpusFile, dataset, model, corpus.fingerprint());
		System.out.printf("Corpus: %,d documents, %,d token vectors, dim %d; %d test queries; load average %s%n",
				corpus.ids().size(), corpus.tokenVectors(), corpus.dim(), queries.ids().size(), loadAverage());

		IndexSettings settings = IndexSettings.builder().nbits(nbits).build();
		if (!options.containsKey("reuse")) {
			IndexScaleBenchmark.deleteRecursively(dir);
			long t0 = System.nanoTime();
			try (ColbertIndex index = ColbertIndex.open(dir, settings, corpus.fingerprint(), corpus.dim())) {
				List<Integer> order = new ArrayList<>();
				for (int i = 0; i < corpus.ids().size(); i++) {
					order.add(i);
				}
				Collections.shuffle(order, new Random(12345));
				int sampleSize = CodecTrainer.referenceSampleDocuments(corpus.ids().size());
				index.train(order.subList(0, sampleSize).stream().map(corpus.vectors()::get).toList(),
						corpus.tokenVectors());
				List<IndexDocument> batch = new ArrayList<>();
				for (int d = 0; d < corpus.ids().size(); d++) {
					batch.add(new IndexDocument(corpus.ids().get(d), "", Map.of(), corpus.vectors().get(d)));
				}
				index.add(batch);
				index.commit();
			}
			System.out.printf("Built in %.1f s%n", (System.nanoTime() - t0) / 1e9);
		}
		try (ColbertIndex index = ColbertIndex.open(dir, settings, corpus.fingerprint(), corpus.dim())) {
			IndexStats stats = index.stats();
			System.out.printf("Index: %,d documents, %,d vectors, %d centroids, %d segments, %.2f bytes/vector%n",
					stats.documents(), stats.tokenVectors(), stats.centroids(), stats.segments(), stats.bytesPerVector());
			List<TokenVectors> q = queries.vectors();
			for (int w = 0; w < Math.min(30, q.size()); w++) {
				index.search(q.get(w), SearchParams.forK(10));
				index.search(q.get(w), SearchParams.exhaustive(10));
			}
			for (int k : ks) {
				Measurement plaid = measure(index, q, SearchParams.forK(k), repeat);
				Measurement exhaustive = measure(index, q, SearchParams.exhaustive(k), exhaustiveRepeat);
				int found = 0;
				for (int i = 0; i < q.size(); i++) {
					Set<String> exact = new HashSet<>(exhaustive.ids().get(i));
					found += (int) plaid.ids().get(i).stream().filter(exact::contains).count();
				}
				System.out.printf("k=%d %s%n", k, SearchParams.forK(k));
				plaid.print("  PLAID     ");
				exhaustive.print("  exhaustive");
				System.out.printf("  PLAID recall@%d vs exhaustive %.4f; exhaustive / PLAID wall p50 %.1fx; load %s%n", k,
						found / (double) (k * q.size()), Statistics.percentile(exhaustive.fastestWall(), 50)
								/ Statistics.percentile(plaid.fastestWall(), 50), loadAverage());
			}
		}
	}

	/**
	 * Encodes the dataset's test queries with the model once; later runs read them from the cache, whose name carries
	 * the query-side settings (the fingerprint covers the document side only).
	 */
	private static EncodedVectors queries(Path corpusFile, Path dataset, String model, String fingerprint)
			throws IOException {
		Map<String, String> texts = BeirDataset.loadJudgedQueries(dataset, "test");
		Set<String> ids = texts.keySet();
		List<TokenVectors> vectors = new ArrayList<>();
		try (ColbertEncoder encoder = ColbertEncoders.load(model, EncoderOptions.defaults())) {
			if (!encoder.info().fingerprint().equals(fingerprint)) {
				throw new IllegalArgumentException("model " + model + " has fingerprint " + encoder.info().fingerprint()
						+ " but the corpus vectors were encoded by " + fingerprint);
			}
			Path cache = corpusFile.resolveSibling(corpusFile.getFileName() + ".test-queries-q"
					+ encoder.info().queryMaxLength() + (encoder.info().queryAugmentation() ? "-augmented" : "")
					+ (encoder.info().attendToMaskTokens() ? "-attending" : ""));
			if (Files.exists(cache)) {
				EncodedVectors cached = EncodedVectors.read(cache);
				if (cached.fingerprint().equals(fingerprint)) {
					return cached;
				}
			}
			for (String id : ids) {
				vectors.add(encoder.encodeQuery(texts.get(id)));
			}
			EncodedVectors encoded = new EncodedVectors(fingerprint, List.copyOf(ids), vectors);
			encoded.write(cache);
			return encoded;
		}
	}

	private static Measurement measure(ColbertIndex index, List<TokenVectors> queries, SearchParams params,
			int repeat) {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		int n = queries.size();
		Measurement m = new Measurement(new double[n], new double[n], new double[n], new double[4][n],
				new ArrayList<>(), new long[1]);
		for (int i = 0; i < n; i++) {
			for (int r = 0; r < repeat; r++) {
				long c0 = threads.getCurrentThreadCpuTime();
				long s0 = System.nanoTime();
				SearchResponse response = index.searchWithTrace(queries.get(i), params, null);
				long s1 = System.nanoTime();
				long c1 = threads.getCurrentThreadCpuTime();
				double wall = (s1 - s0) / 1e6;
				double cpu = (c1 - c0) / 1e6;
				if (r == 0) {
					m.firstWall()[i] = wall;
					m.fastestWall()[i] = wall;
					m.fastestCpu()[i] = cpu;
					m.stages()[0][i] = response.centroidNanos() / 1e6;
					m.stages()[1][i] = response.trace().candidateNanos() / 1e6;
					m.stages()[2][i] = response.trace().approximateNanos() / 1e6;
					m.stages()[3][i] = response.trace().exactNanos() / 1e6;
					m.candidates()[0] += response.trace().candidates();
					m.ids().add(response.hits().stream().map(SearchHit::id).toList());
				}
				else {
					m.fastestWall()[i] = Math.min(m.fastestWall()[i], wall);
					m.fastestCpu()[i] = Math.min(m.fastestCpu()[i], cpu);
				}
			}
		}
		return m;
	}

	private record Measurement(double[] firstWall, double[] fastestWall, double[] fastestCpu, double[][] stages,
			List<List<String>> ids, long[] candidates) {

		void print(String label) {
			System.out.printf("%s wall p50 %.2f / p99 %.2f ms (first run), fastest run p50 %.2f / p99 %.2f ms, CPU p50 "
					+ "%.2f ms; mean stages: centroid scores %.2f, candidates %.2f, centroid interaction %.2f, exact "
					+ "%.2f ms; mean candidates %,d%n", label, Statistics.percentile(this.firstWall, 50),
					Statistics.percentile(this.firstWall, 99), Statistics.percentile(this.fastestWall, 50),
					Statistics.percentile(this.fastestWall, 99), Statistics.percentile(this.fastestCpu, 50),
					mean(this.stages[0]), mean(this.stages[1]), mean(this.stages[2]), mean(this.stages[3]),
					this.candidates[0] / this.firstWall.length);
		}

	}

	static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).trim();
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static double mean(double[] values) {
		return Arrays.stream(values).average().orElse(0);
	}

	private static String required(Map<String, String> options, String key) {
		String value = options.get(key);
		if (value == null) {
			throw new IllegalArgumentException("--" + key + " is required");
		}
		return value;
	}

	private static Map<String, String> parse(String[] args) {
		Map<String, String> options = new HashMap<>();
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

}
