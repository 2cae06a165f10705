package dev.colbert.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import com.google.gson.GsonBuilder;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.beir.BeirDataset;
import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderInfo;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.eval.EncodedCorpusCache.EncodedCorpus;
import dev.colbert.index.ColbertIndex;
import dev.colbert.index.IndexDocument;
import dev.colbert.index.IndexSettings;
import dev.colbert.index.IndexStats;
import dev.colbert.lexical.LexicalIndex;
import dev.colbert.lexical.LexicalSettings;
import dev.colbert.lexical.LexicalSync;
import dev.colbert.opensearch.CandidateGeneration;
import dev.colbert.opensearch.OpenSearchClients;
import dev.colbert.opensearch.OpenSearchConnectionSettings;
import dev.colbert.opensearch.OpenSearchPlaidSettings;
import dev.colbert.opensearch.PlaidRescoring;
import dev.colbert.opensearch.OpenSearchStoreSettings;
import dev.colbert.opensearch.OpenSearchTokenVectorStore;
import dev.colbert.search.SearchMode;
import dev.colbert.store.StoreStats;
import dev.colbert.util.ProgressLog;

/**
 * {@code bin/colbert-eval}: indexes a BEIR collection with the configured model and store, runs every judged query and
 * writes one JSON object with the quality metrics, sizes, encoding speed, query latency and the settings used. See
 * {@link EvaluationOptions} for the options.
 */
public final class EvaluationCommand {

	/** Queries run before each mode's (and the encoder's) measured pass. */
	static final int WARM_UP_QUERIES = 30;

	private static final Logger logger = LoggerFactory.getLogger(EvaluationCommand.class);

	private static final int INDEX_CHUNK = 512;

	private final EvaluationOptions options;

	public EvaluationCommand(EvaluationOptions options) {
		this.options = options;
	}

	public static void main(String[] args) {
		EvaluationOptions options;
		try {
			options = EvaluationOptions.parse(args);
		}
		catch (EvaluationOptions.HelpRequested ex) {
			System.out.println(EvaluationOptions.USAGE);
			return;
		}
		catch (IllegalArgumentException ex) {
			System.err.println("colbert-eval: " + ex.getMessage() + "\n\n" + EvaluationOptions.USAGE);
			System.exit(2);
			return;
		}
		try {
			Map<String, Object> report = new EvaluationCommand(options).run();
			System.out.println(toJson(report));
		}
		catch (RuntimeException ex) {
			logger.error("Evaluation failed: {}", ex.getMessage(), ex);
			System.exit(1);
		}
	}

	/** Runs the evaluation, writes the JSON report to the output file and returns it. */
	public Map<String, Object> run() {
		EvaluationOptions o = this.options;
		BeirDataset dataset = BeirDataset.load(o.dataset(), o.split());
		Map<String, String> queries = limit(dataset.queries(), o.maxQueries());
		Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
		queries.keySet().forEach((id) -> qrels.put(id, dataset.qrels().get(id)));
		logger.info("Dataset {}: {} documents, {} judged queries (split {})", o.dataset(), dataset.corpus().size(),
				queries.size(), o.split());

		Map<String, Object> report = new LinkedHashMap<>();
		try (ColbertEncoder encoder = ColbertEncoders.load(o.model(), encoderOptions())) {
			EncoderInfo info = encoder.info();
			EncodedCorpus corpus = encodeCorpus(encoder, dataset);
			EncodedQueries encodedQueries = encodeQueries(encoder, queries);

			Map<String, Object> modes = new LinkedHashMap<>();
			Map<String, StoreUnderTest> stores = new LinkedHashMap<>();
			try {
				for (String mode : o.modes()) {
					String storeType = o.storeOf(mode);
					SearchBackend backend;
					if (storeType == null) {
						backend = new FloatMaxSimSearcher(corpus.ids(), corpus.vectors());
					}
					else {
						StoreUnderTest store = stores.get(storeType);
						if (store == null) {
							store = buildStore(storeType, info, dataset, corpus);
							stores.put(storeType, store);
						}
						backend = store.backend(EvaluationOptions.searchModeOf(mode));
					}
					try (backend) {
						modes.put(mode, runQueries(mode, backend, encodedQueries, qrels));
					}
				}
			}
			finally {
				for (Map.Entry<String, StoreUnderTest> store : stores.entrySet()) {
					// The --store store's figures stay at the top level; another store's go under its name.
					if (store.getKey().equals(o.store())) {
						report.putAll(store.getValue().sizes());
					}
					else {
						report.put(store.getKey() + "_store", store.getValue().sizes());
					}
					store.getValue().close();
				}
			}
			@SuppressWarnings("unchecked")
			Map<String, Object> primary = (Map<String, Object>) modes.get(o.modes().get(0));
			Map<String, Object> top = new LinkedHashMap<>();
			top.put("dataset", o.dataset().toString());
			top.put("mode", o.modes().get(0));
			for (String key : List.of("ndcg@10", "recall@100", "mrr@10", "queries")) {
				top.put(key, primary.get(key));
			}
			top.put("documents", corpus.ids().size());
			top.put("token_vectors", corpus.tokenVectors());
			top.put("index_bytes", report.getOrDefault("index_bytes", 0L));
			top.put("bytes_per_vector", report.getOrDefault("bytes_per_vector", 0.0));
			top.put("encode_docs_per_s", corpus.ids().size() / corpus.encodeSeconds());
			top.put("encode_tokens_per_s", corpus.tokenVectors() / corpus.encodeSeconds());
			top.put("query_ms_p50", primary.get("query_ms_p50"));
			top.put("query_ms_p99", primary.get("query_ms_p99"));
			top.put("search_ms_p50", primary.get("search_ms_p50"));
			top.put("search_ms_p99", primary.get("search_ms_p99"));
			top.put("encode_query_ms_p50", encodedQueries.latency().percentileMillis(50));
			top.put("encode_query_ms_p99", encodedQueries.latency().percentileMillis(99));
			report.forEach(top::putIfAbsent);
			top.put("modes", modes);
			top.put("settings", settings(info));
			top.put("peak_rss_mb", peakRssMegabytes());
			top.put("finished_at", Instant.now().toString());
			writeReport(top);
			return top;
		}
	}

	private EncoderOptions encoderOptions() {
		EncoderOptions.Builder builder = EncoderOptions.builder();
		if (this.options.batchSize() != null) {
			builder.batchSize(this.options.batchSize());
		}
		if (this.options.threads() != null) {
			builder.intraOpThreads(this.options.threads());
		}
		builder.documentMaxLength(this.options.documentMaxLength());
		builder.queryMaxLength(this.options.queryMaxLength());
		return builder.build();
	}

	private EncodedCorpus encodeCorpus(ColbertEncoder encoder, BeirDataset dataset) {
		EncodedCorpusCache cache = (this.options.cacheDirectory() != null)
				? new EncodedCorpusCache(this.options.cacheDirectory(),
						encoder.info().fingerprint(),
						this.options.dataset().resolve("corpus.jsonl"))
				: null;
		List<String> ids = new ArrayList<>(dataset.corpus().keySet());
		List<String> passages = dataset.passages();
		return CorpusEncoding.encode(encoder, ids, passages, cache);
	}

	private EncodedQueries encodeQueries(ColbertEncoder encoder, Map<String, String> queries) {
		// Warm up the encoder so the first query's latency is not the JIT's.
		queries.values().stream().limit(WARM_UP_QUERIES).forEach(encoder::encodeQuery);
		LatencyRecorder latency = new LatencyRecorder();
		Map<String, TokenVectors> vectors = new LinkedHashMap<>();
		Map<String, Long> nanos = new LinkedHashMap<>();
		Map<String, String> texts = new LinkedHashMap<>(queries);
		for (Map.Entry<String, String> query : queries.entrySet()) {
			long start = System.nanoTime();
			vectors.put(query.getKey(), encoder.encodeQuery(query.getValue()));
			long elapsed = System.nanoTime() - start;
			latency.record(elapsed);
			nanos.put(query.getKey(), elapsed);
		}
		return new EncodedQueries(vectors, texts, nanos, latency);
	}

	private Map<String, Object> runQueries(String mode, SearchBackend backend, EncodedQueries queries,
			Map<String, Map<String, Integer>> qrels) {
		int k = this.options.k();
		// Warm-up: queries whose latency is not recorded, enough for the JIT to compile the search kernels (with 5, the
		// first measured queries of a run still paid for their compilation)
		queries.vectors().keySet().stream().limit(WARM_UP_QUERIES)
			.forEach((id) -> backend.search(queries.vectors().get(id), queries.texts().get(id), k));
		LatencyRecorder search = new LatencyRecorder();
		LatencyRecorder total = new LatencyRecorder();
		Map<String, List<String>> rankings = new LinkedHashMap<>();
		ProgressLog progress = new ProgressLog(logger, "Queries (" + mode + ")", "queries", queries.vectors().size());
		for (Map.Entry<String, TokenVectors> query : queries.vectors().entrySet()) {
			long start = System.nanoTime();
			rankings.put(query.getKey(), backend.search(query.getValue(), queries.texts().get(query.getKey()), k));
			long elapsed = System.nanoTime() - start;
			search.record(elapsed);
			total.record(elapsed + (backend.usesQueryVectors() ? queries.encodeNanos().get(query.getKey()) : 0L));
			progress.update(rankings.size());
		}
		progress.done();
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("backend", backend.describe());
		result.put("ndcg@10", RetrievalMetrics.ndcg(rankings, qrels, 10));
		result.put("recall@100", RetrievalMetrics.recall(rankings, qrels, 100));
		result.put("mrr@10", RetrievalMetrics.mrr(rankings, qrels, 10));
		result.put("queries", rankings.size());
		result.put("k", k);
		result.put("search_ms_p50", search.percentileMillis(50));
		result.put("search_ms_p99", search.percentileMillis(99));
		result.put("search_ms_mean", search.meanMillis());
		result.put("query_ms_p50", total.percentileMillis(50));
		result.put("query_ms_p99", total.percentileMillis(99));
		result.put("per_query_ndcg@10", RetrievalMetrics.ndcgPerQuery(rankings, qrels, 10));
		logger.info("{}: nDCG@10 {}, R@100 {}, MRR@10 {}, search p50 {} ms, p99 {} ms", mode,
				fmt(result.get("ndcg@10")), fmt(result.get("recall@100")), fmt(result.get("mrr@10")),
				fmt(result.get("search_ms_p50")), fmt(result.get("search_ms_p99")));
		return result;
	}

	private StoreUnderTest buildStore(String storeType, EncoderInfo info, BeirDataset dataset, EncodedCorpus corpus) {
		return storeType.equals("opensearch") ? buildOpenSearch(info, dataset, corpus)
				: buildEmbedded(info, dataset, corpus);
	}

	private StoreUnderTest buildEmbedded(EncoderInfo info, BeirDataset dataset, EncodedCorpus corpus) {
		Path directory = this.options.indexDirectory();
		try {
			if (directory == null) {
				directory = Files.createTempDirectory("colbert-eval-index");
			}
			else {
				deleteRecursively(directory);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot prepare the index folder " + directory, ex);
		}
		IndexSettings.Builder settings = IndexSettings.builder()
			.nbits(this.options.nbits())
			.searchThreads(this.options.searchThreads());
		if (this.options.centroids() != null) {
			settings.centroids(this.options.centroids());
		}
		long start = System.nanoTime();
		ColbertIndex index = ColbertIndex.open(directory, settings.build(), info.fingerprint(), info.dim());
		try {
			EmbeddedIndexBuild.fill(index, corpus, (id) -> dataset.corpus().get(id).passage());
		}
		catch (RuntimeException ex) {
			index.close();
			throw ex;
		}
		double buildSeconds = (System.nanoTime() - start) / 1e9;
		IndexStats stats = index.stats();
		logger.info("Embedded index built in {} s: {} vectors, {} centroids, {} bytes/vector", fmt(buildSeconds),
				stats.tokenVectors(), stats.centroids(), fmt(stats.bytesPerVector()));
		LexicalIndex lexical;
		double lexicalSeconds;
		if (this.options.usesLexicalIndex()) {
			long lexicalStart = System.nanoTime();
			lexical = openLexical(index);
			lexicalSeconds = (System.nanoTime() - lexicalStart) / 1e9;
		}
		else {
			lexical = null;
			lexicalSeconds = 0;
		}
		return new StoreUnderTest() {

			@Override
			public SearchBackend backend(String mode) {
				EmbeddedBackend plaid = new EmbeddedBackend(index,
						mode.equals("exhaustive") ? SearchMode.EXHAUSTIVE : SearchMode.PLAID, EvaluationCommand.this.options);
				if (mode.equals("bm25")) {
					return LexicalBackends.bm25(lexical);
				}
				if (mode.startsWith("hybrid-")) {
					return LexicalBackends.hybrid(index, lexical, plaid,
							LexicalBackends.hybridParams(mode, EvaluationCommand.this.options));
				}
				return plaid;
			}

			@Override
			public Map<String, Object> sizes() {
				Map<String, Object> sizes = new LinkedHashMap<>();
				sizes.put("index_bytes", stats.indexBytes());
				sizes.put("bytes_per_vector", stats.bytesPerVector());
				sizes.put("document_store_bytes", stats.documentStoreBytes());
				sizes.put("centroids", stats.centroids());
				sizes.put("compression_ratio_vs_fp16", stats.compressionRatioVsFp16());
				sizes.put("index_build_seconds", buildSeconds);
				sizes.put("index_directory", index.directory().toString());
				if (lexical != null) {
					sizes.put("lexical_bytes", lexical.sizeInBytes());
					sizes.put("lexical_build_seconds", lexicalSeconds);
				}
				return sizes;
			}

			@Override
			public void close() {
				if (lexical != null) {
					lexical.close();
				}
				index.close();
			}

		};
	}

	/** The lexical index of the embedded index, built from its stored texts the way the store builds it at open. */
	private LexicalIndex openLexical(ColbertIndex index) {
		LexicalSettings settings = new LexicalSettings(this.options.analyzer(), this.options.bm25K1(),
				this.options.bm25B());
		LexicalIndex lexical = LexicalIndex.open(index.directory().resolve(LexicalIndex.DIRECTORY_NAME), settings);
		try {
			LexicalSync.synchronize(lexical, index);
			return lexical;
		}
		catch (RuntimeException ex) {
			lexical.close();
			throw ex;
		}
	}

	private StoreUnderTest buildOpenSearch(EncoderInfo info, BeirDataset dataset, EncodedCorpus corpus) {
		OpenSearchConnectionSettings.Builder connection = OpenSearchConnectionSettings.builder();
		for (String uri : this.options.opensearchUris().split(",")) {
			connection.uri(uri.trim());
		}
		if (this.options.opensearchUsername() != null) {
			connection.credentials(this.options.opensearchUsername(), this.options.opensearchPassword());
		}
		OpenSearchConnectionSettings connectionSettings = connection.build();
		OpenSearchClient client = OpenSearchClients.create(connectionSettings);
		OpenSearchStoreSettings storeSettings = openSearchSettings();
		long start = System.nanoTime();
		OpenSearchTokenVectorStore store = null;
		boolean reused = false;
		if (this.options.opensearchReuseIndex()) {
			store = OpenSearchTokenVectorStore.builder(client).settings(storeSettings).model(info).build();
			long documents = store.stats().documents();
			if (documents == corpus.ids().size()) {
				logger.info("Reusing OpenSearch index '{}': it holds the {} corpus documents", storeSettings.indexName(),
						documents);
				reused = true;
			}
			else {
				logger.info("OpenSearch index '{}' holds {} documents, the corpus {}: indexing again",
						storeSettings.indexName(), documents, corpus.ids().size());
				store.close();
				store = null;
			}
		}
		if (store == null) {
			try {
				client.indices().delete((d) -> d.index(this.options.opensearchIndex()).ignoreUnavailable(true));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot reach OpenSearch at " + this.options.opensearchUris(), ex);
			}
			store = OpenSearchTokenVectorStore.builder(client).settings(storeSettings).model(info).build();
			if (storeSettings.candidateGeneration() == CandidateGeneration.PLAID) {
				// the embedded build's sample: the same documents, so both stores train the same codec
				List<TokenVectors> sample = EmbeddedIndexBuild.referenceSample(corpus);
				logger.info("Training the OpenSearch PLAID codec on {} sampled documents", sample.size());
				store.trainCodec(sample, corpus.tokenVectors());
			}
			ProgressLog progress = new ProgressLog(logger, "Indexing into OpenSearch", "docs", corpus.ids().size());
			List<IndexDocument> batch = new ArrayList<>(INDEX_CHUNK);
			for (int d = 0; d < corpus.ids().size(); d++) {
				String id = corpus.ids().get(d);
				batch.add(new IndexDocument(id, dataset.corpus().get(id).passage(), Map.of(),
						corpus.vectors().get(d)));
				if (batch.size() == INDEX_CHUNK || d == corpus.ids().size() - 1) {
					store.add(batch);
					batch = new ArrayList<>(INDEX_CHUNK);
					progress.update(d + 1);
				}
			}
			progress.done();
		}
		OpenSearchTokenVectorStore opened = store;
		boolean indexReused = reused;
		double buildSeconds = (System.nanoTime() - start) / 1e9;
		return new StoreUnderTest() {

			@Override
			public SearchBackend backend(String mode) {
				SearchMode searchMode = mode.equals("exhaustive") ? SearchMode.EXHAUSTIVE : SearchMode.PLAID;
				if (mode.startsWith("hybrid-")) {
					return new StoreBackend(opened, searchMode,
							LexicalBackends.hybridParams(mode, EvaluationCommand.this.options), false);
				}
				return new StoreBackend(opened, searchMode, null, mode.equals("bm25"));
			}

			@Override
			public Map<String, Object> sizes() {
				StoreStats<?> stats = opened.stats();
				Map<String, Object> sizes = new LinkedHashMap<>();
				sizes.put("index_bytes", stats.bytesOnDisk());
				sizes.put("bytes_per_vector", (stats.tokenVectors() > 0) ? (double) stats.bytesOnDisk() / stats.tokenVectors() : 0.0);
				sizes.put("index_build_seconds", buildSeconds);
				sizes.put("opensearch_index_reused", indexReused);
				sizes.put("opensearch", stats.details().asMap());
				return sizes;
			}

			@Override
			public void close() {
				opened.close();
			}

		};
	}

	private OpenSearchStoreSettings openSearchSettings() {
		OpenSearchStoreSettings.Builder settings = OpenSearchStoreSettings.builder()
			.indexName(this.options.opensearchIndex())
			.lexical(new LexicalSettings(this.options.analyzer(), this.options.bm25K1(), this.options.bm25B()));
		boolean pooled = "pooled_knn".equals(this.options.opensearchCandidateGeneration());
		if ("token_knn".equals(this.options.opensearchCandidateGeneration())) {
			settings.candidateGeneration(CandidateGeneration.TOKEN_KNN);
		}
		if (pooled) {
			settings.candidateGeneration(CandidateGeneration.POOLED_KNN);
		}
		// the store's default layout is PLAID
		if (this.options.opensearchCandidateGeneration() == null
				|| "plaid".equals(this.options.opensearchCandidateGeneration())) {
			settings.candidateGeneration(CandidateGeneration.PLAID);
			Integer ncells = this.options.opensearchCandidates();
			Integer window = this.options.opensearchRescoreWindow();
			settings.plaid(new OpenSearchPlaidSettings(this.options.nbits(),
					(ncells != null) ? ncells : OpenSearchPlaidSettings.DEFAULT_NCELLS,
					(window != null) ? 4 * window : OpenSearchPlaidSettings.DEFAULT_NDOCS,
					PlaidRescoring.valueOf(this.options.opensearchRescoring().toUpperCase(Locale.ROOT))));
			return settings.build();
		}
		if (this.options.opensearchCandidates() != null) {
			if (pooled) {
				settings.pooledCandidates(this.options.opensearchCandidates());
			}
			else {
				settings.candidatesPerQueryVector(this.options.opensearchCandidates());
			}
		}
		if (this.options.opensearchRescoreWindow() != null) {
			settings.rescoreWindow(this.options.opensearchRescoreWindow());
		}
		if (this.options.opensearchEfSearch() != null) {
			settings.efSearch(this.options.opensearchEfSearch());
		}
		return settings.build();
	}

	private Map<String, Object> settings(EncoderInfo info) {
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("model", this.options.model());
		settings.put("backbone", info.backbone());
		settings.put("dim", info.dim());
		settings.put("query_maxlen", info.queryMaxLength());
		settings.put("doc_maxlen", info.documentMaxLength());
		settings.put("query_augmentation", info.queryAugmentation());
		settings.put("model_fingerprint", info.fingerprint());
		settings.put("store", this.options.store());
		settings.put("modes", this.options.modes());
		settings.put("k", this.options.k());
		settings.put("nbits", this.options.nbits());
		settings.put("centroids", this.options.centroids());
		settings.put("ncells", this.options.ncells());
		settings.put("centroid_score_threshold", this.options.centroidScoreThreshold());
		settings.put("ndocs", this.options.ndocs());
		settings.put("search_threads", this.options.searchThreads());
		settings.put("opensearch_rescoring", this.options.opensearchRescoring());
		settings.put("split", this.options.split());
		settings.put("max_queries", this.options.maxQueries());
		if (this.options.usesLexicalIndex()) {
			Map<String, Object> lexical = new LinkedHashMap<>();
			lexical.put("analyzer", this.options.analyzer());
			lexical.put("bm25_k1", this.options.bm25K1());
			lexical.put("bm25_b", this.options.bm25B());
			lexical.put("document_field", "title + \" \" + text");
			lexical.put("hybrid_candidates", this.options.hybridCandidates());
			lexical.put("rrf_k", this.options.rrfK());
			lexical.put("lexical_weight", this.options.lexicalWeight());
			settings.put("lexical", lexical);
		}
		if (this.options.modes().stream().anyMatch((m) -> "opensearch".equals(this.options.storeOf(m)))) {
			settings.put("opensearch", openSearchSettings().toString());
		}
		settings.put("available_processors", Runtime.getRuntime().availableProcessors());
		return settings;
	}

	private void writeReport(Map<String, Object> report) {
		try {
			Path parent = this.options.output().toAbsolutePath().getParent();
			if (parent != null) {
				Files.createDirectories(parent);
			}
			Files.writeString(this.options.output(), toJson(report) + "\n");
			logger.info("Report written to {}", this.options.output());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + this.options.output(), ex);
		}
	}

	static String toJson(Map<String, Object> report) {
		return new GsonBuilder().setPrettyPrinting().serializeNulls().serializeSpecialFloatingPointValues().create()
			.toJson(report);
	}

	private static <V> Map<String, V> limit(Map<String, V> map, int max) {
		if (max <= 0 || max >= map.size()) {
			return map;
		}
		Map<String, V> limited = new LinkedHashMap<>();
		map.entrySet().stream().limit(max).forEach((e) -> limited.put(e.getKey(), e.getValue()));
		return limited;
	}

	static double peakRssMegabytes() {
		try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
			return lines.filter((l) -> l.startsWith("VmHWM:"))
				.mapToDouble((l) -> Double.parseDouble(l.replaceAll("[^0-9]", "")) / 1024.0)
				.findFirst()
				.orElse(Double.NaN);
		}
		catch (IOException | UncheckedIOException ex) {
			return Double.NaN;
		}
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Collections.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	private static String fmt(Object value) {
		return (value instanceof Number number) ? String.format("%.4f", number.doubleValue()) : String.valueOf(value);
	}

	private interface StoreUnderTest extends AutoCloseable {

		SearchBackend backend(String mode);

		Map<String, Object> sizes();

		@Override
		void close();

	}

	private record EncodedQueries(Map<String, TokenVectors> vectors, Map<String, String> texts,
			Map<String, Long> encodeNanos, LatencyRecorder latency) {
	}

}
