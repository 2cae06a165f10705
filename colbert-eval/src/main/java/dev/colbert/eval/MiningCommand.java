package dev.colbert.eval;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.beir.BeirDataset;
import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderInfo;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.encoder.inference.EngineSupport;
import dev.colbert.eval.EncodedCorpusCache.EncodedCorpus;
import dev.colbert.index.ColbertIndex;
import dev.colbert.index.IndexSettings;
import dev.colbert.index.SearchHit;
import dev.colbert.search.SearchParams;
import dev.colbert.util.ProgressLog;

/**
 * {@code bin/colbert-mine}: mines hard negatives for training with PLAID over a compressed index of the corpus, and
 * scores the positive and every kept negative with the model's exact MaxSim over its uncompressed vectors (teacher
 * scores for distillation). Writes ColBERT JSONL triples with scores, which {@code bin/colbert-train --triples} reads.
 * Resumable: queries already written are skipped on a rerun.
 */
public final class MiningCommand {

	private static final Logger logger = LoggerFactory.getLogger(MiningCommand.class);

	static final String USAGE = """
			Usage: bin/colbert-mine --beir DIR --output FILE [options]

			For every judged query of DIR/qrels/<split>.tsv: ranks the corpus with PLAID over a compressed index of the
			model's vectors, keeps the best --depth passages that are not positives, and scores the positive and each of
			them with the model's exact MaxSim over its uncompressed vectors. Writes one JSONL line per (query, positive):
			  [qid, [positive, score], [negative-1, score], ..., [negative-depth, score]]   (best negative first)
			which bin/colbert-train reads with --triples FILE --queries DIR/queries.jsonl --collection DIR/corpus.jsonl
			(the scores are the teacher scores of --loss kl-distillation). Rerunning the same command continues: the
			queries already in FILE are skipped. FILE.summary.json gets the counts and the mining rate.

			Options:
			  --split NAME            qrels split (default train)
			  --model SOURCE          the model that ranks and scores (default embedded:bge-small-en-v1.5)
			  --doc-maxlen N --query-maxlen N   length overrides for that model
			  --depth N               negatives kept per query (default 32)
			  --exclude-docs FILE     passage ids (one per line) never kept as negatives, e.g. held-out paragraphs
			  --max-queries N         mine only N queries (default 0 = all), taken in --seed order
			  --seed N                order of the queries (default 42)
			  --index-dir DIR         the PLAID index of the corpus: reused when it holds the whole corpus for this
			                          model, built otherwise (default DIR/../<name>-mining-index)
			  --cache-dir DIR         encoded-corpus cache shared with bin/colbert-eval (default ~/.cache/colbert-eval)
			  --nbits 1|2|4           residual bits of a new index (default 2)
			  --batch N               queries encoded per forward batch group (default 256)
			  --threads N             parallel searches (default: available processors)
			""";

	private static final Set<String> OPTIONS = Set.of("beir", "output", "split", "model", "doc-maxlen", "query-maxlen",
			"depth", "exclude-docs", "max-queries", "seed", "index-dir", "cache-dir", "nbits", "batch", "threads");

	private MiningCommand() {
	}

	public static void main(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		try {
			for (int i = 0; i < args.length; i++) {
				if (args[i].equals("--help")) {
					System.out.println(USAGE);
					return;
				}
				String key = args[i].startsWith("--") ? args[i].substring(2) : null;
				if (key == null || !OPTIONS.contains(key)) {
					throw new IllegalArgumentException("unknown option '" + args[i] + "'");
				}
				if (i + 1 >= args.length) {
					throw new IllegalArgumentException(args[i] + " needs a value");
				}
				options.put(key, args[++i]);
			}
			run(options);
		}
		catch (IllegalArgumentException ex) {
			System.err.println("colbert-mine: " + ex.getMessage() + "\n\n" + USAGE);
			System.exit(2);
		}
	}

	static void run(Map<String, String> options) {
		Path folder = Path.of(required(options, "beir"));
		Path output = Path.of(required(options, "output"));
		String split = options.getOrDefault("split", "train");
		String model = options.getOrDefault("model", EvaluationOptions.DEFAULT_MODEL);
		int depth = positive(options, "depth", 32);
		int maxQueries = Integer.parseInt(options.getOrDefault("max-queries", "0"));
		long seed = Long.parseLong(options.getOrDefault("seed", "42"));
		int batch = positive(options, "batch", 256);
		int threads = positive(options, "threads", Runtime.getRuntime().availableProcessors());
		int nbits = positive(options, "nbits", 2);
		Path cacheDirectory = Path.of(options.getOrDefault("cache-dir",
				System.getProperty("user.home") + "/.cache/colbert-eval"));
		Path indexDirectory = Path.of(options.getOrDefault("index-dir",
				folder.toAbsolutePath().getParent().resolve(folder.getFileName() + "-mining-index").toString()));
		Set<String> excluded = options.containsKey("exclude-docs") ? readIds(Path.of(options.get("exclude-docs")))
				: Set.of();
		EncoderOptions.Builder encoderOptions = EncoderOptions.builder();
		Optional.ofNullable(options.get("doc-maxlen")).map(Integer::parseInt).ifPresent(encoderOptions::documentMaxLength);
		Optional.ofNullable(options.get("query-maxlen")).map(Integer::parseInt).ifPresent(encoderOptions::queryMaxLength);

		BeirDataset dataset = BeirDataset.load(folder, split);
		List<String> queryIds = new ArrayList<>(dataset.queries().keySet());
		Collections.shuffle(queryIds, new Random(seed));
		if (maxQueries > 0 && maxQueries < queryIds.size()) {
			queryIds = queryIds.subList(0, maxQueries);
		}
		Set<String> done = alreadyMined(output);
		List<String> todo = queryIds.stream().filter((id) -> !done.contains(id)).toList();
		logger.info("Mining {} of {} queries ({} already in {}), {} negatives each from PLAID, {} passages excluded",
				todo.size(), queryIds.size(), done.size(), output, depth, excluded.size());

		try (ColbertEncoder encoder = ColbertEncoders.load(model, encoderOptions.build())) {
			EncoderInfo info = encoder.info();
			List<String> ids = new ArrayList<>(dataset.corpus().keySet());
			List<String> passages = dataset.passages();
			EncodedCorpus corpus = CorpusEncoding.encode(encoder, ids, passages, new EncodedCorpusCache(cacheDirectory,
					encoder.info().fingerprint(), folder.resolve("corpus.jsonl")));
			Map<String, TokenVectors> vectorsById = new LinkedHashMap<>();
			for (int d = 0; d < corpus.ids().size(); d++) {
				vectorsById.put(corpus.ids().get(d), corpus.vectors().get(d));
			}
			try (ColbertIndex index = openOrBuild(indexDirectory, IndexSettings.builder().nbits(nbits).build(), info,
					corpus, dataset); NDManager scoring = EngineSupport.newManager(Device.cpu())) {
				Miner miner = new Miner(index, vectorsById, depth, excluded, scoring);
				long started = System.nanoTime();
				long lines = mine(encoder, dataset, todo, miner, output, batch, threads);
				double seconds = (System.nanoTime() - started) / 1e9;
				writeSummary(output, model, info, folder, split, queryIds.size(), done.size(), todo.size(), lines, depth,
						seconds, index);
			}
		}
	}

	private static long mine(ColbertEncoder encoder, BeirDataset dataset, List<String> todo, Miner miner, Path output,
			int batch, int threads) {
		ProgressLog progress = new ProgressLog(logger, "Mining", "queries", todo.size());
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		long lines = 0;
		try (BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND)) {
			for (int from = 0; from < todo.size(); from += batch) {
				List<String> ids = todo.subList(from, Math.min(todo.size(), from + batch));
				List<TokenVectors> queries = encoder
					.encodeQueries(ids.stream().map((id) -> dataset.queries().get(id)).toList());
				List<Future<List<String>>> results = new ArrayList<>(ids.size());
				for (int i = 0; i < ids.size(); i++) {
					String id = ids.get(i);
					TokenVectors query = queries.get(i);
					Set<String> positives = dataset.qrels().get(id).entrySet().stream()
						.filter((judgment) -> judgment.getValue() > 0)
						.map(Map.Entry::getKey)
						.collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new));
					results.add(pool.submit(() -> miner.lines(id, query, positives)));
				}
				for (Future<List<String>> result : results) {
					for (String line : result.get()) {
						out.write(line);
						out.newLine();
						lines++;
					}
				}
				out.flush();
				progress.update(from + ids.size());
			}
			progress.done();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + output, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while mining", ex);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime : new IllegalStateException(ex.getCause());
		}
		finally {
			pool.shutdownNow();
		}
		return lines;
	}

	/** Query ids already written; a last line cut short by a crash is removed first. */
	static Set<String> alreadyMined(Path output) {
		Set<String> done = new HashSet<>();
		if (!Files.isRegularFile(output)) {
			return done;
		}
		try {
			byte[] bytes = Files.readAllBytes(output);
			int end = bytes.length;
			while (end > 0 && bytes[end - 1] != '\n') {
				end--;
			}
			if (end < bytes.length) {
				try (FileChannel channel = FileChannel.open(output, StandardOpenOption.WRITE)) {
					channel.truncate(end);
				}
				logger.warn("Removed an incomplete last line of {} ({} bytes)", output, bytes.length - end);
			}
			for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
				if (!line.isBlank()) {
					JsonArray row = JsonParser.parseString(line).getAsJsonArray();
					done.add(row.get(0).getAsString());
				}
			}
			return done;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + output, ex);
		}
	}

	private static ColbertIndex openOrBuild(Path directory, IndexSettings settings, EncoderInfo info,
			EncodedCorpus corpus, BeirDataset dataset) {
		if (Files.isDirectory(directory)) {
			ColbertIndex index = ColbertIndex.open(directory, settings, info.fingerprint(), info.dim());
			if (index.stats().documents() == corpus.ids().size()) {
				logger.info("Reusing the mining index {} ({} documents)", directory, corpus.ids().size());
				return index;
			}
			index.close();
			throw new IllegalArgumentException("the index " + directory + " holds " + index.stats().documents()
					+ " documents, the corpus " + corpus.ids().size() + "; give another --index-dir or delete it");
		}
		ColbertIndex index = ColbertIndex.open(directory, settings, info.fingerprint(), info.dim());
		try {
			EmbeddedIndexBuild.fill(index, corpus, (id) -> dataset.corpus().get(id).passage());
			return index;
		}
		catch (RuntimeException ex) {
			index.close();
			throw ex;
		}
	}

	private static void writeSummary(Path output, String model, EncoderInfo info, Path folder, String split,
			int queries, int skipped, int mined, long lines, int depth, double seconds, ColbertIndex index) {
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("model", model);
		summary.put("fingerprint", info.fingerprint());
		summary.put("dataset", folder.toString());
		summary.put("split", split);
		summary.put("queries", queries);
		summary.put("queries_already_mined", skipped);
		summary.put("queries_mined_now", mined);
		summary.put("lines_written_now", lines);
		summary.put("depth", depth);
		summary.put("seconds", seconds);
		summary.put("queries_per_second", mined / Math.max(seconds, 1e-9));
		summary.put("index_directory", index.directory().toString());
		summary.put("index_vectors", index.stats().tokenVectors());
		summary.put("search", "PLAID " + SearchParams.forK(depth + 8));
		try {
			Files.writeString(output.resolveSibling(output.getFileName() + ".summary.json"),
					new GsonBuilder().setPrettyPrinting().create().toJson(summary));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the summary of " + output, ex);
		}
		logger.info("Mined {} queries in {} s ({} queries/s): {} lines in {}", mined, String.format("%.0f", seconds),
				String.format("%.2f", mined / Math.max(seconds, 1e-9)), lines, output);
	}

	private static Set<String> readIds(Path file) {
		try {
			Set<String> ids = new HashSet<>();
			for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
				if (!line.isBlank()) {
					ids.add(line.strip());
				}
			}
			return ids;
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("cannot read --exclude-docs " + file + ": " + ex.getMessage(), ex);
		}
	}

	private static String required(Map<String, String> options, String name) {
		String value = options.get(name);
		if (value == null) {
			throw new IllegalArgumentException("--" + name + " is required");
		}
		return value;
	}

	private static int positive(Map<String, String> options, String name, int fallback) {
		String value = options.get(name);
		if (value == null) {
			return fallback;
		}
		int parsed = Integer.parseInt(value);
		if (parsed < 1) {
			throw new IllegalArgumentException("--" + name + " must be at least 1, was " + value);
		}
		return parsed;
	}

	/** Ranks one query with PLAID and scores what it keeps with exact float MaxSim. Thread-safe. */
	static final class Miner {

		private final ColbertIndex index;

		private final Map<String, TokenVectors> vectors;

		private final int depth;

		private final Set<String> excluded;

		private final NDManager manager;

		Miner(ColbertIndex index, Map<String, TokenVectors> vectors, int depth, Set<String> excluded,
				NDManager manager) {
			this.manager = manager;
			this.index = index;
			this.vectors = vectors;
			this.depth = depth;
			this.excluded = excluded;
		}

		/** One JSONL line per positive: {@code [qid, [positive, score], [negative, score]...]}. */
		List<String> lines(String queryId, TokenVectors query, Set<String> positives) {
			List<SearchHit> hits = this.index.search(query, SearchParams.forK(this.depth + positives.size() + 8));
			List<String> negatives = new ArrayList<>(this.depth);
			for (SearchHit hit : hits) {
				if (negatives.size() == this.depth) {
					break;
				}
				if (!positives.contains(hit.id()) && !this.excluded.contains(hit.id())) {
					negatives.add(hit.id());
				}
			}
			List<String> lines = new ArrayList<>(positives.size());
			List<String> kept = positives.stream().filter(this.vectors::containsKey).toList();
			if (negatives.isEmpty() || kept.isEmpty()) {
				return lines;
			}
			List<TokenVectors> documents = new ArrayList<>(kept.size() + negatives.size());
			kept.forEach((id) -> documents.add(this.vectors.get(id)));
			negatives.forEach((id) -> documents.add(this.vectors.get(id)));
			float[] scores;
			try (NDManager scope = this.manager.newSubManager()) {
				scores = ExactMaxSim.scores(scope, query, documents);
			}
			StringBuilder tail = new StringBuilder();
			for (int n = 0; n < negatives.size(); n++) {
				tail.append(",[").append(quote(negatives.get(n))).append(',').append(scores[kept.size() + n]).append(']');
			}
			for (int p = 0; p < kept.size(); p++) {
				lines.add("[" + quote(queryId) + ",[" + quote(kept.get(p)) + "," + scores[p] + "]" + tail + "]");
			}
			return lines;
		}

		private static String quote(String id) {
			return new com.google.gson.JsonPrimitive(id).toString();
		}

	}

}
