package dev.colbert.benchmarks.encoder;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.colbert.benchmarks.Statistics;
import dev.colbert.beir.BeirDataset;
import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.ModelSource;
import dev.colbert.encoder.QueryEngine;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.encoder.inference.EngineSupport;
import dev.colbert.encoder.inference.TorchColbertEncoder;
import dev.colbert.encoder.tokenize.TokenizedText;

/**
 * Encoding throughput and query latency of the embedded bge-small-en-v1.5 encoder (DJL PyTorch) beside ONNX Runtime on
 * the same weights, the same tokens and the same batches, measured in one run.
 *
 * <p>The corpus is tokenized once, sorted by token count and cut into chunks of consecutive batches; each chunk is
 * encoded by both engines, alternating which goes first, so that both see the same load on a shared machine. Each
 * engine's time includes its own tokenization, batching, forward pass and normalization. Query latency is measured
 * on the dataset's test queries, one query at a time, engines alternating in blocks of ten queries, both engines with
 * the same intra-op thread count ({@code --query-threads}); ONNX Runtime gets a session of its own for this phase.
 * With {@code --query-engine}, a third row measures single queries of an encoder loaded as the starter loads it (with
 * that {@code EncoderOptions.queryEngine}; {@code auto} runs them on ONNX Runtime inside the encoder).
 *
 * <p>Besides wall-clock figures it prints the process CPU time spent in each engine's turns (less sensitive to other
 * processes on a shared machine than wall time; ONNX Runtime's idle intra-op threads spin, which counts as CPU time
 * when it runs more than one) and the peak resident set during each engine's turns (the peak is reset before each
 * turn through /proc/self/clear_refs, so each figure is the process's peak while that engine ran, both models
 * loaded).
 *
 * <pre>
 * Options (defaults in brackets):
 *   --dataset DIR        BEIR folder with corpus.jsonl, queries.jsonl, qrels/test.tsv [../shared/datasets/scifact]
 *   --limit N            encode only the first N documents of the corpus [all]
 *   --batch-size N       documents per forward pass, both engines [8]
 *   --threads N          intra-op threads of ONNX Runtime for documents; it runs one batch at a time [2]
 *   --torch-threads N    intra-op threads of each PyTorch worker (EncoderOptions.intraOpThreads) [1]
 *   --workers N          PyTorch worker threads (EncoderOptions.workerThreads) [available processors]
 *   --query-threads N    intra-op threads for query encoding, both engines
 *                        (EncoderOptions.queryIntraOpThreads) [1]
 *   --doc-maxlen N       doc_maxlen [300]
 *   --chunk N            documents per alternation chunk [320]
 *   --queries N          measure latency on the first N test queries only [all]
 *   --query-rounds N     passes over the test queries for latency [3]
 *   --engines E          both | torch | ort [both]
 *   --query-clients N    also measure the throughput of N concurrent single-query clients per engine [0: no]
 *   --client-seconds S   measured seconds per engine with --query-clients [20]
 *   --query-engine E     none | auto | onnxruntime | pytorch: also measure single queries on a second encoder
 *                        loaded as the starter loads it, with this EncoderOptions.queryEngine (auto: ONNX Runtime
 *                        inside the encoder) [none]; the encoder of the "PyTorch (DJL)" rows always uses pytorch
 * </pre>
 */
public final class EncoderBenchmark {

	private EncoderBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = parse(args);
		Path dataset = Path.of(options.getOrDefault("dataset", "../shared/datasets/scifact"));
		int limit = Integer.parseInt(options.getOrDefault("limit", String.valueOf(Integer.MAX_VALUE)));
		int batchSize = Integer.parseInt(options.getOrDefault("batch-size", "8"));
		int threads = Integer.parseInt(options.getOrDefault("threads", "2"));
		int torchThreads = Integer.parseInt(options.getOrDefault("torch-threads", "1"));
		int workers = Integer.parseInt(
				options.getOrDefault("workers", String.valueOf(Runtime.getRuntime().availableProcessors())));
		int documentMaxLength = Integer.parseInt(options.getOrDefault("doc-maxlen", "300"));
		int chunk = Integer.parseInt(options.getOrDefault("chunk", "320"));
		int queryRounds = Integer.parseInt(options.getOrDefault("query-rounds", "3"));
		int queryThreads = Integer.parseInt(options.getOrDefault("query-threads", "1"));
		int queryLimit = Integer.parseInt(options.getOrDefault("queries", String.valueOf(Integer.MAX_VALUE)));
		String engines = options.getOrDefault("engines", "both");
		boolean runTorch = !engines.equals("ort");
		boolean runOrt = !engines.equals("torch");
		String queryEngine = options.getOrDefault("query-engine", "none");
		int queryClients = Integer.parseInt(options.getOrDefault("query-clients", "0"));
		int clientSeconds = Math.max(1, Integer.parseInt(options.getOrDefault("client-seconds", "20")));

		BeirDataset data = BeirDataset.load(dataset, "test", limit);
		List<String> documents = data.passages();
		System.out.printf(Locale.ROOT, "dataset %s: %d documents, %d test queries; batch %d, doc_maxlen %d%n", dataset,
				documents.size(), data.queries().size(), batchSize, documentMaxLength);
		System.out.printf(Locale.ROOT, "documents: PyTorch %d worker threads with %d intra-op threads each; ONNX "
				+ "Runtime %d intra-op threads, one batch at a time%n", workers, torchThreads, threads);
		System.out.printf(Locale.ROOT, "queries: %d intra-op thread(s) in both engines; %d available processors, "
				+ "load average %s%n", queryThreads, Runtime.getRuntime().availableProcessors(),
				ProcessMemory.loadAverage());

		EncoderOptions encoderOptions = EncoderOptions.builder()
			.batchSize(batchSize)
			.intraOpThreads(torchThreads)
			.workerThreads(workers)
			.queryIntraOpThreads(queryThreads)
			.documentMaxLength(documentMaxLength)
			.queryEngine(QueryEngine.PYTORCH)
			.build();
		try (TorchColbertEncoder torch = (TorchColbertEncoder) ColbertEncoders.load(ModelSource.DEFAULT,
				encoderOptions)) {
			System.out.printf(Locale.ROOT, "PyTorch encoder: libtorch %s, RSS %d MB%n",
					EngineSupport.engine().getVersion(), ProcessMemory.residentMegabytes());
			Path onnxFile = Files.createTempFile("bge-small-en-v1.5", ".onnx");
			try (InputStream in = EncoderBenchmark.class.getClassLoader().getResourceAsStream("bge-small-en-v1.5.onnx")) {
				Files.copy(in, onnxFile, StandardCopyOption.REPLACE_EXISTING);
			}
			try {
				try (OnnxRuntimeColbertEncoder ort = new OnnxRuntimeColbertEncoder(onnxFile, torch.tokenizer(),
						torch.info(), threads)) {
					System.out.printf(Locale.ROOT, "ONNX Runtime loaded, RSS %d MB%n",
							ProcessMemory.residentMegabytes());
					List<String> sorted = sortedByLength(torch, documents);
					checkAgreement(torch, ort, sorted.subList(0, Math.min(8, sorted.size())));
					encodeCorpus(torch, ort, sorted, chunk, runTorch, runOrt);
				}
				try (OnnxRuntimeColbertEncoder ort = new OnnxRuntimeColbertEncoder(onnxFile, torch.tokenizer(),
						torch.info(), queryThreads);
						ColbertEncoder starter = queryEngine.equals("none") ? null
								: ColbertEncoders.load(ModelSource.DEFAULT, encoderOptions.toBuilder()
									.queryEngine(QueryEngine.valueOf(queryEngine.toUpperCase(Locale.ROOT)))
									.build())) {
					List<String> queries = new ArrayList<>(data.queries().values());
					Map<String, ColbertEncoder> queryEncoders = new LinkedHashMap<>();
					if (runTorch) {
						queryEncoders.put("PyTorch (DJL)", torch);
					}
					if (runOrt) {
						queryEncoders.put("ONNX Runtime ", ort);
					}
					if (starter != null) {
						queryEncoders.put("queryEngine=" + queryEngine, starter);
					}
					measureQueries(queryEncoders, queries.subList(0, Math.min(queryLimit, queries.size())), queryRounds);
					if (queryClients > 0 && runOrt) {
						// the ONNX Runtime peer gets a predictor per client on its one session, its best case
						try (OnnxRuntimeColbertEncoder concurrentOrt = new OnnxRuntimeColbertEncoder(onnxFile,
								torch.tokenizer(), torch.info(), queryThreads, queryClients)) {
							queryEncoders.put("ONNX Runtime ", concurrentOrt);
							ConcurrentQueryLoad.measure(queryEncoders, queries, queryClients, clientSeconds);
						}
					}
				}
			}
			finally {
				Files.deleteIfExists(onnxFile);
			}
		}
		Runtime runtime = Runtime.getRuntime();
		System.out.printf(Locale.ROOT, "peak RSS (VmHWM) %d MB; Java heap committed %d MB (max %d MB)%n",
				ProcessMemory.overallPeakResidentMegabytes(), runtime.totalMemory() >> 20, runtime.maxMemory() >> 20);
		System.out.printf(Locale.ROOT, "load average at the end %s%n", ProcessMemory.loadAverage());
	}

	private static List<String> sortedByLength(TorchColbertEncoder encoder, List<String> documents) {
		TokenizedText[] texts = encoder.tokenizer().documents(documents);
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < texts.length; i++) {
			order.add(i);
		}
		order.sort(Comparator.comparingInt((Integer i) -> texts[i].length()).reversed());
		long tokens = 0;
		List<String> sorted = new ArrayList<>();
		for (int i : order) {
			sorted.add(documents.get(i));
			tokens += texts[i].length();
		}
		System.out.printf(Locale.ROOT, "%d tokens, %.1f per document (special tokens included, no padding)%n", tokens,
				(double) tokens / Math.max(1, documents.size()));
		return sorted;
	}

	private static void checkAgreement(ColbertEncoder torch, ColbertEncoder ort, List<String> sample) {
		List<TokenVectors> a = torch.encodeDocuments(sample);
		List<TokenVectors> b = ort.encodeDocuments(sample);
		double max = 0;
		for (int i = 0; i < sample.size(); i++) {
			float[] x = a.get(i).data();
			float[] y = b.get(i).data();
			if (x.length != y.length) {
				throw new IllegalStateException("engines disagree on the vector count of document " + i);
			}
			for (int j = 0; j < x.length; j++) {
				max = Math.max(max, Math.abs(x[j] - y[j]));
			}
		}
		System.out.printf(Locale.ROOT, "agreement on %d documents: max abs difference of normalized vectors %.2e%n",
				sample.size(), max);
	}

	private static void encodeCorpus(ColbertEncoder torch, ColbertEncoder ort, List<String> sorted, int chunk,
			boolean runTorch, boolean runOrt) {
		long torchNanos = 0;
		long ortNanos = 0;
		EngineTurns torchTurns = new EngineTurns();
		EngineTurns ortTurns = new EngineTurns();
		long tokens = 0;
		long vectors = 0;
		List<Double> ratios = new ArrayList<>();
		long start = System.nanoTime();
		for (int from = 0, index = 0; from < sorted.size(); from += chunk, index++) {
			List<String> part = sorted.subList(from, Math.min(from + chunk, sorted.size()));
			long torchTime = 0;
			long ortTime = 0;
			for (int turn = 0; turn < 2; turn++) {
				boolean torchTurn = (turn == 0) == (index % 2 == 0);
				if (torchTurn && runTorch) {
					torchTurns.begin();
					long t0 = System.nanoTime();
					List<TokenVectors> result = torch.encodeDocuments(part);
					torchTime = System.nanoTime() - t0;
					torchTurns.end();
					for (TokenVectors v : result) {
						vectors += v.count();
					}
				}
				else if (!torchTurn && runOrt) {
					ortTurns.begin();
					long t0 = System.nanoTime();
					ort.encodeDocuments(part);
					ortTime = System.nanoTime() - t0;
					ortTurns.end();
				}
			}
			torchNanos += torchTime;
			ortNanos += ortTime;
			if (runTorch && runOrt) {
				ratios.add((double) ortTime / torchTime);
			}
			tokens += countTokens(torch, part);
			long now = System.nanoTime();
			int done = Math.min(from + chunk, sorted.size());
			double elapsed = (now - start) / 1e9;
			System.out.printf(Locale.ROOT, "  %d/%d documents: torch %.3f docs/s, %.1f s wall, %.1f s CPU; ort %.3f "
					+ "docs/s, %.1f s wall, %.1f s CPU; so far ort/torch wall %.3f, CPU %.3f; ETA %.0f s, load %s%n",
					done, sorted.size(), rate(done, torchNanos), torchNanos / 1e9, torchTurns.cpuSeconds(),
					rate(done, ortNanos), ortNanos / 1e9, ortTurns.cpuSeconds(), (double) ortNanos / torchNanos,
					ortTurns.cpuSeconds() / torchTurns.cpuSeconds(), elapsed / done * (sorted.size() - done),
					ProcessMemory.loadAverage());
		}
		int count = sorted.size();
		System.out.println("corpus encoding (tokenize + BERT + normalize, identical batches):");
		if (runTorch) {
			System.out.printf(Locale.ROOT,
					"  PyTorch (DJL)  %8.2f docs/s %9.0f tokens/s  %.1f s wall, %.1f s CPU, peak RSS %d MB  "
							+ "(%d vectors kept)%n",
					rate(count, torchNanos), rate(tokens, torchNanos), torchNanos / 1e9, torchTurns.cpuSeconds(),
					torchTurns.peakMegabytes, vectors);
		}
		if (runOrt) {
			System.out.printf(Locale.ROOT,
					"  ONNX Runtime   %8.2f docs/s %9.0f tokens/s  %.1f s wall, %.1f s CPU, peak RSS %d MB%n",
					rate(count, ortNanos), rate(tokens, ortNanos), ortNanos / 1e9, ortTurns.cpuSeconds(),
					ortTurns.peakMegabytes);
		}
		if (runTorch && runOrt) {
			double[] values = ratios.stream().mapToDouble(Double::doubleValue).toArray();
			System.out.printf(Locale.ROOT,
					"  speed ratio PyTorch/ONNX Runtime: %.3f overall, median over %d chunks %.3f (p10 %.3f, p90 %.3f)%n",
					(double) ortNanos / torchNanos, values.length, Statistics.percentile(values, 50),
					Statistics.percentile(values, 10), Statistics.percentile(values, 90));
		}
	}

	private static long countTokens(ColbertEncoder torch, List<String> part) {
		long tokens = 0;
		for (TokenizedText text : ((TorchColbertEncoder) torch).tokenizer().documents(part)) {
			tokens += text.length();
		}
		return tokens;
	}

	/**
	 * Single-query latency of each engine (label to encoder, in print order): one query at a time, engines taking turns
	 * in blocks of ten queries, the first engine of a block rotating; then the ratio of every pair.
	 */
	private static void measureQueries(Map<String, ColbertEncoder> engines, List<String> queries, int rounds) {
		if (queries.isEmpty() || engines.isEmpty()) {
			return;
		}
		List<String> labels = new ArrayList<>(engines.keySet());
		for (int i = 0; i < Math.min(20, queries.size()); i++) {
			for (ColbertEncoder engine : engines.values()) {
				engine.encodeQuery(queries.get(i));
			}
		}
		int n = queries.size() * rounds;
		double[][] millis = new double[labels.size()][n];
		EngineTurns[] turns = new EngineTurns[labels.size()];
		for (int e = 0; e < turns.length; e++) {
			turns[e] = new EngineTurns();
		}
		long tokens = 0;
		int block = 10;
		for (int from = 0; from < n; from += block) {
			int to = Math.min(n, from + block);
			for (int turn = 0; turn < labels.size(); turn++) {
				int e = (turn + from / block) % labels.size();
				ColbertEncoder engine = engines.get(labels.get(e));
				turns[e].begin();
				for (int k = from; k < to; k++) {
					String query = queries.get(k % queries.size());
					long t0 = System.nanoTime();
					TokenVectors vectors = engine.encodeQuery(query);
					millis[e][k] = (System.nanoTime() - t0) / 1e6;
					if (e == 0) {
						tokens += vectors.count();
					}
				}
				turns[e].end();
			}
			if (to % 100 == 0 && to < n) {
				StringBuilder line = new StringBuilder();
				for (int e = 0; e < labels.size(); e++) {
					line.append(String.format(Locale.ROOT, "%s%s %.1f ms", (e > 0) ? ", " : "", labels.get(e).trim(),
							Statistics.percentile(Arrays.copyOf(millis[e], to), 50)));
				}
				System.out.printf(Locale.ROOT, "  %d/%d queries: p50 %s; load %s%n", to, n, line,
						ProcessMemory.loadAverage());
			}
		}
		System.out.printf(Locale.ROOT,
				"single-query encoding latency over %d queries x %d rounds (%.1f tokens per query), one at a time:%n",
				queries.size(), rounds, (double) tokens / n);
		for (int e = 0; e < labels.size(); e++) {
			printQueries(labels.get(e), millis[e], turns[e], n);
		}
		for (int e = 1; e < labels.size(); e++) {
			for (int f = 0; f < e; f++) {
				System.out.printf(Locale.ROOT, "  latency ratio %s/%s: p50 %.3f, mean %.3f, CPU %.3f%n",
						labels.get(e).trim(), labels.get(f).trim(),
						Statistics.percentile(millis[e], 50) / Statistics.percentile(millis[f], 50),
						Statistics.mean(millis[e]) / Statistics.mean(millis[f]),
						turns[e].cpuSeconds() / turns[f].cpuSeconds());
			}
		}
	}

	private static void printQueries(String engine, double[] millis, EngineTurns turns, int n) {
		System.out.printf(Locale.ROOT,
				"  %s  p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  mean %.1f ms; CPU %.1f ms per query, peak RSS %d MB%n",
				engine, Statistics.percentile(millis, 50), Statistics.percentile(millis, 90),
				Statistics.percentile(millis, 99), Statistics.mean(millis), turns.cpuSeconds() * 1000 / n,
				turns.peakMegabytes);
	}

	private static double rate(long count, long nanos) {
		return (nanos == 0) ? Double.NaN : count / (nanos / 1e9);
	}

	private static Map<String, String> parse(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (!args[i].startsWith("--") || i + 1 >= args.length) {
				throw new IllegalArgumentException("expected --option value pairs, got " + String.join(" ", args));
			}
			options.put(args[i].substring(2), args[++i]);
		}
		return options;
	}

	/** Process CPU time and peak resident set accumulated over one engine's turns. */
	private static final class EngineTurns {

		private long cpuNanos;

		private long startCpu;

		private long peakMegabytes;

		void begin() {
			ProcessMemory.resetPeak();
			this.startCpu = ProcessMemory.processCpuNanos();
		}

		void end() {
			this.cpuNanos += ProcessMemory.processCpuNanos() - this.startCpu;
			this.peakMegabytes = Math.max(this.peakMegabytes, ProcessMemory.peakResidentMegabytes());
		}

		double cpuSeconds() {
			return this.cpuNanos / 1e9;
		}

	}

}
