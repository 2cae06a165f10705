package dev.colbert.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.colbert.hybrid.HybridParams;

/**
 * Command-line options of {@code bin/colbert-eval}. Every option is {@code --name value}; unknown options, missing
 * values and out-of-range values are refused with a message naming the option.
 *
 * @param dataset BEIR folder
 * @param output JSON file to write
 * @param split qrels split ({@code test})
 * @param model {@code colbert.model} value
 * @param store {@code embedded} or {@code opensearch}
 * @param modes search modes, the first is the primary one: {@code plaid}, {@code exhaustive} (exact MaxSim over the
 * store's vectors: decompressed residuals for the embedded store), {@code float} (exact MaxSim over the uncompressed
 * float32 vectors, no store), {@code bm25} (the store's lexical index alone), {@code hybrid-rrf},
 * {@code hybrid-sum}, {@code hybrid-candidates} (BM25 fused with PLAID, see {@code dev.colbert.hybrid.FusionMode})
 * @param k documents retrieved per query (metrics are computed on this ranking; at least 100 for R@100)
 * @param nbits residual bits (1, 2 or 4) for the embedded store
 * @param centroids centroid count, or null for the reference formula
 * @param ncells PLAID ncells override, or null for the reference default for k
 * @param centroidScoreThreshold PLAID threshold override, or null
 * @param ndocs PLAID ndocs override, or null
 * @param indexDirectory where the embedded index is built (replaced if present), or null for a fresh temporary folder
 * @param cacheDirectory where encoded corpora are cached, or null to disable the cache
 * @param batchSize encoder batch size, or null for the encoder default
 * @param threads encoder intra-op threads, or null for the default
 * @param documentMaxLength doc_maxlen override, or null
 * @param queryMaxLength query_maxlen override, or null
 * @param maxQueries evaluate only the first N judged queries (0 = all)
 * @param opensearchUris OpenSearch URIs (comma separated)
 * @param opensearchIndex OpenSearch index name
 * @param opensearchUsername OpenSearch user, or null
 * @param opensearchPassword OpenSearch password, or null
 * @param opensearchReuseIndex keep an existing OpenSearch index that already holds every corpus document (same model)
 * instead of deleting and re-indexing it
 * @param opensearchCandidateGeneration {@code token_knn}, {@code pooled_knn} or {@code plaid}, or null for the store
 * default
 * @param opensearchCandidates passages per query vector (token_knn) or pooled candidates (pooled_knn), or null for
 * the store default
 * @param opensearchRescoreWindow candidates per shard rescored with exact MaxSim, or null for the store default
 * @param opensearchEfSearch HNSW ef_search, or null for the engine default
 * @param opensearchRescoring where the plaid layout rescores its candidates: {@code auto}, {@code shards} or
 * {@code client}
 * @param hybridCandidates depth of each ranking a hybrid mode fuses (BM25 candidates)
 * @param rrfK the rank constant of hybrid-rrf
 * @param lexicalWeight the weight of BM25 in hybrid-sum
 * @param analyzer the lexical index's analyzer ({@code dev.colbert.lexical.LexicalAnalyzers})
 * @param bm25K1 BM25 k1
 * @param bm25B BM25 b
 * @param searchThreads threads that split one PLAID or exhaustive search of the embedded store
 */
public record EvaluationOptions(Path dataset, Path output, String split, String model, String store, List<String> modes,
		int k, int nbits, Integer centroids, Integer ncells, Float centroidScoreThreshold, Integer ndocs,
		Path indexDirectory, Path cacheDirectory, Integer batchSize, Integer threads, Integer documentMaxLength,
		Integer queryMaxLength, int maxQueries, String opensearchUris, String opensearchIndex,
		String opensearchUsername, String opensearchPassword, boolean opensearchReuseIndex,
		String opensearchCandidateGeneration, Integer opensearchCandidates, Integer opensearchRescoreWindow,
		Integer opensearchEfSearch, String opensearchRescoring, int hybridCandidates, int rrfK, double lexicalWeight,
		String analyzer,
		float bm25K1, float bm25B, int searchThreads) {

	/** The modes that read the lexical index. */
	static final List<String> LEXICAL_MODES = List.of("bm25", "hybrid-rrf", "hybrid-sum", "hybrid-candidates");

	private static final List<String> MODES = List.of("plaid", "exhaustive", "float", "bm25", "hybrid-rrf",
			"hybrid-sum", "hybrid-candidates");

	public static final String DEFAULT_MODEL = "embedded:bge-small-en-v1.5";

	static final String USAGE = """
			Usage: bin/colbert-eval --dataset DIR --output FILE [options]

			Indexes a BEIR collection (corpus.jsonl, queries.jsonl, qrels/<split>.tsv) with the model and store
			settings, runs every judged query and writes one JSON object with nDCG@10, R@100, MRR@10, sizes,
			encoding speed and query latency.

			Options:
			  --split NAME                 qrels split (default test)
			  --model SOURCE               colbert.model value (default embedded:bge-small-en-v1.5): a checkpoint
			                               folder, hf:org/name, embedded:NAME or classpath:PATH.onnx
			  --store embedded|opensearch  token-vector store (default embedded)
			  --mode M[,M...]              plaid | exhaustive | float (uncompressed exact MaxSim) | bm25 (the lexical
			                               index alone) | hybrid-rrf | hybrid-sum | hybrid-candidates (BM25 fused
			                               with PLAID: reciprocal rank fusion, weighted sum of normalized scores,
			                               BM25 candidates added before exact MaxSim); several modes are measured in
			                               the same run, the first one fills the top-level figures (default plaid).
			                               STORE:MODE measures another store in the same run, e.g. --store
			                               opensearch --mode plaid,embedded:exhaustive
			  --k N                        documents retrieved per query (default 100)
			  --nbits 1|2|4                residual bits of the embedded store (default 2)
			  --centroids N                centroid count (default: the reference formula)
			  --ncells N --ndocs N --centroid-score-threshold X
			                               PLAID parameters (default: the reference values for k)
			  --index-dir DIR              where the embedded index is built; replaced (default: a temporary folder)
			  --cache-dir DIR              encoded-corpus cache (default ~/.cache/colbert-eval); --cache-dir none
			                               disables it
			  --batch-size N --threads N   encoder batch size and intra-op threads
			  --doc-maxlen N --query-maxlen N
			                               override the model's lengths
			  --max-queries N              evaluate only the first N judged queries (default all)
			  --opensearch-uris URI[,URI]  (default http://127.0.0.1:9200)
			  --opensearch-index NAME      (default colbert-eval)
			  --opensearch-username U --opensearch-password P
			  --opensearch-reuse-index true|false
			                               keep the index when it already holds every corpus document of this
			                               model, to query it again without re-indexing (default false)
			  --opensearch-candidates token_knn|pooled_knn|plaid
			                               layout of a new index (default plaid: the codec, --nbits, is trained
			                               on the reference sample before indexing)
			  --opensearch-k N             plaid's ncells (centroids probed per query vector, default 4), k-NN
			                               candidates per query vector (token_knn) or pooled candidates
			  --opensearch-rescore-window N
			                               candidates per shard rescored with exact MaxSim (at least --k); plaid:
			                               candidates rescored on the client (ndocs / 4, default by k)
			  --opensearch-ef-search N     HNSW ef_search (default: the engine's, k)
			  --opensearch-rescoring auto|shards|client
			                               plaid: exact MaxSim on the shards (the ColBERT plugin) or on the client
			                               (default auto: the shards when every data node has the plugin)
			  --hybrid-candidates N        depth of each ranking the hybrid modes fuse (default 100)
			  --rrf-k N                    rank constant of hybrid-rrf (default 20)
			  --lexical-weight X           weight of BM25 in hybrid-sum, 0 to 1 (default 0.2)
			  --analyzer NAME              analyzer of the lexical index: english (default), standard, simple,
			                               whitespace or a Lucene Analyzer class name
			  --bm25-k1 X --bm25-b X       BM25 parameters (default 0.9 and 0.4)
			  --search-threads N           threads splitting each search of the embedded store (default 1,
			                               colbert.store.embedded.search-threads)
			""";

	/** Parses the command line; throws {@link IllegalArgumentException} with the problem and the usage. */
	public static EvaluationOptions parse(String[] args) {
		Map<String, String> values = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			String name = args[i];
			if (name.equals("--help") || name.equals("-h")) {
				throw new HelpRequested();
			}
			if (!name.startsWith("--") || !KNOWN.contains(name.substring(2))) {
				throw new IllegalArgumentException("Unknown option '" + name + "'");
			}
			if (i + 1 >= args.length) {
				throw new IllegalArgumentException("Option " + name + " needs a value");
			}
			values.put(name.substring(2), args[++i]);
		}
		Path dataset = path(required(values, "dataset"));
		Path output = path(required(values, "output"));
		String store = values.getOrDefault("store", "embedded").toLowerCase(Locale.ROOT);
		if (!store.equals("embedded") && !store.equals("opensearch")) {
			throw new IllegalArgumentException("--store must be embedded or opensearch, was '" + store + "'");
		}
		List<String> modes = new ArrayList<>();
		for (String mode : values.getOrDefault("mode", "plaid").split(",")) {
			String normalized = normalizeMode(mode, store);
			if (!modes.contains(normalized)) {
				modes.add(normalized);
			}
		}
		int k = intValue(values, "k", 100, 1, 100_000);
		int nbits = intValue(values, "nbits", 2, 1, 4);
		if (nbits == 3) {
			throw new IllegalArgumentException("--nbits must be 1, 2 or 4, was 3");
		}
		String candidateGeneration = values.get("opensearch-candidates");
		if (candidateGeneration != null) {
			candidateGeneration = candidateGeneration.trim().toLowerCase(Locale.ROOT);
			if (!candidateGeneration.equals("token_knn") && !candidateGeneration.equals("pooled_knn")
					&& !candidateGeneration.equals("plaid")) {
				throw new IllegalArgumentException("--opensearch-candidates must be token_knn, pooled_knn or plaid, was '"
						+ candidateGeneration + "'");
			}
		}
		String reuse = values.getOrDefault("opensearch-reuse-index", "false").trim().toLowerCase(Locale.ROOT);
		if (!reuse.equals("true") && !reuse.equals("false")) {
			throw new IllegalArgumentException("--opensearch-reuse-index must be true or false, was '" + reuse + "'");
		}
		String cache = values.get("cache-dir");
		Path cacheDirectory = (cache == null) ? Path.of(System.getProperty("user.home"), ".cache", "colbert-eval")
				: cache.equals("none") ? null : path(cache);
		return new EvaluationOptions(dataset, output, values.getOrDefault("split", "test"),
				values.getOrDefault("model", DEFAULT_MODEL), store, List.copyOf(modes), k, nbits,
				optionalInt(values, "centroids", 1, Integer.MAX_VALUE), optionalInt(values, "ncells", 1, 1 << 20),
				optionalFloat(values, "centroid-score-threshold"), optionalInt(values, "ndocs", 1, 1 << 24),
				values.containsKey("index-dir") ? path(values.get("index-dir")) : null, cacheDirectory,
				optionalInt(values, "batch-size", 1, 4096), optionalInt(values, "threads", 1, 1024),
				optionalInt(values, "doc-maxlen", 8, 8192), optionalInt(values, "query-maxlen", 4, 8192),
				intValue(values, "max-queries", 0, 0, Integer.MAX_VALUE),
				values.getOrDefault("opensearch-uris", "http://127.0.0.1:9200"),
				values.getOrDefault("opensearch-index", "colbert-eval"), values.get("opensearch-username"),
				values.get("opensearch-password"), reuse.equals("true"), candidateGeneration,
				optionalInt(values, "opensearch-k", 1, 10_000), optionalInt(values, "opensearch-rescore-window", 1, 10_000),
				optionalInt(values, "opensearch-ef-search", 1, 100_000), rescoring(values),
				intValue(values, "hybrid-candidates", HybridParams.DEFAULT_CANDIDATES, 1, 10_000), intValue(values, "rrf-k", HybridParams.DEFAULT_RRF_K, 1, 1_000_000),
				doubleValue(values, "lexical-weight", HybridParams.DEFAULT_LEXICAL_WEIGHT, 0, 1), values.getOrDefault("analyzer", "english"),
				(float) doubleValue(values, "bm25-k1", 0.9, 0, 100), (float) doubleValue(values, "bm25-b", 0.4, 0, 1),
				intValue(values, "search-threads", 1, 1, 256));
	}

	private static String rescoring(Map<String, String> values) {
		String rescoring = values.getOrDefault("opensearch-rescoring", "auto").trim().toLowerCase(Locale.ROOT);
		if (!List.of("auto", "shards", "client").contains(rescoring)) {
			throw new IllegalArgumentException("--opensearch-rescoring must be auto, shards or client, was '"
					+ rescoring + "'");
		}
		return rescoring;
	}

	/** Whether any mode reads the lexical index. */
	boolean usesLexicalIndex() {
		return this.modes.stream().anyMatch((mode) -> LEXICAL_MODES.contains(searchModeOf(mode)));
	}

	/**
	 * A mode as written on the command line, {@code MODE} or {@code STORE:MODE}, normalized: lower case, and without
	 * the store prefix when it names the {@code --store} store ({@code opensearch:plaid} with {@code --store
	 * opensearch} is {@code plaid}). A mode qualified with the other store measures that store in the same run, for
	 * example {@code --store opensearch --mode plaid,embedded:exhaustive}; {@code float} uses no store.
	 */
	static String normalizeMode(String mode, String defaultStore) {
		String text = mode.trim().toLowerCase(Locale.ROOT);
		int colon = text.indexOf(':');
		String store = (colon < 0) ? defaultStore : text.substring(0, colon);
		String name = (colon < 0) ? text : text.substring(colon + 1);
		if (!MODES.contains(name)
				|| (!store.equals("embedded") && !store.equals("opensearch")) || (colon >= 0 && name.equals("float"))) {
			throw new IllegalArgumentException("--mode takes plaid, exhaustive, float, bm25, hybrid-rrf, hybrid-sum or "
					+ "hybrid-candidates, optionally prefixed by a store (embedded:exhaustive, opensearch:plaid; float "
					+ "uses no store), was '" + mode + "'");
		}
		return (name.equals("float") || store.equals(defaultStore)) ? name : store + ":" + name;
	}

	/** The store a normalized mode uses ({@link #store()} when unqualified), or null for {@code float}. */
	String storeOf(String mode) {
		int colon = mode.indexOf(':');
		return (colon >= 0) ? mode.substring(0, colon) : mode.equals("float") ? null : store();
	}

	/** The search mode of a normalized mode without its store: plaid, exhaustive or float. */
	static String searchModeOf(String mode) {
		return mode.substring(mode.indexOf(':') + 1);
	}

	private static final List<String> KNOWN = List.of("dataset", "output", "split", "model", "store", "mode", "k",
			"nbits", "centroids", "ncells", "ndocs", "centroid-score-threshold", "index-dir", "cache-dir",
			"batch-size", "threads", "doc-maxlen", "query-maxlen", "max-queries", "opensearch-uris",
			"opensearch-index", "opensearch-username", "opensearch-password", "opensearch-reuse-index",
			"opensearch-candidates", "opensearch-k", "opensearch-rescore-window", "opensearch-ef-search",
			"opensearch-rescoring",
			"hybrid-candidates", "rrf-k", "lexical-weight", "analyzer", "bm25-k1", "bm25-b", "search-threads");

	private static String required(Map<String, String> values, String name) {
		String value = values.get(name);
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("--" + name + " is required");
		}
		return value;
	}

	private static Path path(String value) {
		return Path.of(value.startsWith("~/") ? System.getProperty("user.home") + value.substring(1) : value);
	}

	private static int intValue(Map<String, String> values, String name, int fallback, int min, int max) {
		Integer value = optionalInt(values, name, min, max);
		return (value != null) ? value : fallback;
	}

	private static Integer optionalInt(Map<String, String> values, String name, int min, int max) {
		String text = values.get(name);
		if (text == null) {
			return null;
		}
		int value;
		try {
			value = Integer.parseInt(text.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--" + name + " must be an integer, was '" + text + "'");
		}
		if (value < min || value > max) {
			throw new IllegalArgumentException("--" + name + " must be between " + min + " and " + max + ", was " + value);
		}
		return value;
	}

	private static double doubleValue(Map<String, String> values, String name, double fallback, double min,
			double max) {
		String text = values.get(name);
		if (text == null) {
			return fallback;
		}
		double value;
		try {
			value = Double.parseDouble(text.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--" + name + " must be a number, was '" + text + "'");
		}
		if (!(value >= min && value <= max)) {
			throw new IllegalArgumentException("--" + name + " must be between " + min + " and " + max + ", was " + text);
		}
		return value;
	}

	private static Float optionalFloat(Map<String, String> values, String name) {
		String text = values.get(name);
		if (text == null) {
			return null;
		}
		try {
			return Float.parseFloat(text.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--" + name + " must be a number, was '" + text + "'");
		}
	}

	/** Thrown by {@link #parse} for {@code --help}. */
	static final class HelpRequested extends RuntimeException {

		HelpRequested() {
			super(null, null, false, false);
		}

	}

}
