package dev.colbert.benchmarks.encoder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.colbert.beir.BeirDataset;
import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.ModelSource;

/**
 * Native-memory stability of the encoder over a long run with a real model: encodes many batches (by default
 * 10,000 with bge-small-en-v1.5) and prints the resident set (VmRSS) as it goes. Run it with a fixed, pre-touched
 * heap ({@code -Xms} = {@code -Xmx}, {@code -XX:+AlwaysPreTouch}) so that any growth of the resident set is native
 * memory: libtorch tensors, the tokenizer, staging buffers, allocator arenas.
 *
 * <p>Batches alternate between a single query ({@code encodeQuery}, as on every search) and a batch of documents;
 * document batches are SciFact test queries encoded as short documents (shapes vary from batch to batch), and every
 * {@code --long-every}-th batch is a batch of full corpus documents (doc_maxlen 300), so that the largest buffers
 * are allocated and released again throughout the run. A full garbage collection runs before each reading, so
 * buffers that only wait for the collector do not count.
 *
 * <pre>
 * Options (defaults in brackets):
 *   --dataset DIR      BEIR folder with corpus.jsonl, queries.jsonl, qrels/test.tsv [../shared/datasets/scifact]
 *   --model SOURCE     colbert.model source [embedded:bge-small-en-v1.5]
 *   --batches N        measured batches [10000]
 *   --warmup N         batches before the baseline reading [200]
 *   --batch-size N     documents per document batch [8]
 *   --long-every N     every N-th batch encodes full corpus documents; 0 for never [500]
 *   --report-every N   batches between readings [1000]
 * </pre>
 */
public final class EncoderMemoryBenchmark {

	private EncoderMemoryBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = parse(args);
		Path dataset = Path.of(options.getOrDefault("dataset", "../shared/datasets/scifact"));
		String model = options.getOrDefault("model", ModelSource.DEFAULT);
		int batches = Integer.parseInt(options.getOrDefault("batches", "10000"));
		int warmup = Integer.parseInt(options.getOrDefault("warmup", "200"));
		int batchSize = Integer.parseInt(options.getOrDefault("batch-size", "8"));
		int longEvery = Integer.parseInt(options.getOrDefault("long-every", "500"));
		int reportEvery = Integer.parseInt(options.getOrDefault("report-every", "1000"));
		BeirDataset data = BeirDataset.load(dataset, "test", 1000);
		List<String> queries = new ArrayList<>(data.queries().values());
		List<String> documents = data.passages();
		Runtime runtime = Runtime.getRuntime();
		System.out.printf(Locale.ROOT, "model %s; %d batches after %d warm-up batches: single queries alternating with "
				+ "batches of %d short documents, every %d-th batch %d corpus documents%n", model, batches, warmup,
				batchSize, longEvery, batchSize);
		System.out.printf(Locale.ROOT, "heap committed %d MB (max %d MB); %d available processors, load average %s%n",
				runtime.totalMemory() >> 20, runtime.maxMemory() >> 20, runtime.availableProcessors(),
				ProcessMemory.loadAverage());
		try (ColbertEncoder encoder = ColbertEncoders.load(model,
				EncoderOptions.builder().batchSize(batchSize).build())) {
			System.out.printf(Locale.ROOT, "model loaded, RSS %d MB%n", ProcessMemory.residentMegabytes());
			for (int i = 1; i <= warmup; i++) {
				encodeOnce(encoder, queries, documents, i, batchSize, longEvery);
			}
			long baseline = reading();
			System.out.printf(Locale.ROOT, "after warm-up: RSS %d KB (%d MB)%n", baseline, baseline >> 10);
			List<long[]> points = new ArrayList<>();
			points.add(new long[] { 0, baseline });
			long start = System.nanoTime();
			long half = -1;
			for (int i = 1; i <= batches; i++) {
				encodeOnce(encoder, queries, documents, warmup + i, batchSize, longEvery);
				if (i % reportEvery == 0 || i == batches || i == batches / 2) {
					long rss = reading();
					if (i == batches / 2) {
						half = rss;
					}
					if (i % reportEvery == 0 || i == batches) {
						points.add(new long[] { i, rss });
						double seconds = (System.nanoTime() - start) / 1e9;
						System.out.printf(Locale.ROOT,
								"  %6d batches: RSS %d KB (%d MB), %+d KB since warm-up; %.1f batches/s, ETA %.0f s, "
										+ "load %s%n",
								i, rss, rss >> 10, rss - baseline, i / seconds, seconds / i * (batches - i),
								ProcessMemory.loadAverage());
					}
				}
			}
			long end = points.get(points.size() - 1)[1];
			System.out.printf(Locale.ROOT, "RSS after warm-up %d MB, after %d batches %d MB, after %d batches %d MB: "
					+ "growth %+d KB overall, %+d KB over the second half; least-squares slope %+.1f KB per 1,000 "
					+ "batches%n", baseline >> 10, batches / 2, half >> 10, batches, end >> 10, end - baseline,
					end - half, slope(points) * 1000);
			System.out.printf(Locale.ROOT, "peak RSS (VmHWM) %d MB; %.1f s for %d batches; load average at the end %s%n",
					ProcessMemory.peakResidentMegabytes(), (System.nanoTime() - start) / 1e9, batches,
					ProcessMemory.loadAverage());
		}
	}

	private static void encodeOnce(ColbertEncoder encoder, List<String> queries, List<String> documents, int i,
			int batchSize, int longEvery) {
		if (i % 2 == 1) {
			encoder.encodeQuery(queries.get((i / 2) % queries.size()));
		}
		else if (longEvery > 0 && i % longEvery == 0) {
			encoder.encodeDocuments(window(documents, (i / longEvery) * batchSize, batchSize));
		}
		else {
			encoder.encodeDocuments(window(queries, i * 7, batchSize));
		}
	}

	private static List<String> window(List<String> texts, int from, int size) {
		List<String> batch = new ArrayList<>(size);
		for (int k = 0; k < size; k++) {
			batch.add(texts.get(Math.floorMod(from + k, texts.size())));
		}
		return batch;
	}

	private static long reading() {
		System.gc();
		return ProcessMemory.residentKilobytes();
	}

	/** Least-squares slope of RSS (KB) against batches. */
	private static double slope(List<long[]> points) {
		double n = points.size();
		double sx = 0;
		double sy = 0;
		double sxx = 0;
		double sxy = 0;
		for (long[] p : points) {
			sx += p[0];
			sy += p[1];
			sxx += (double) p[0] * p[0];
			sxy += (double) p[0] * p[1];
		}
		return (n * sxy - sx * sy) / (n * sxx - sx * sx);
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

}
