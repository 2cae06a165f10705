package dev.colbert.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import dev.colbert.spring.ai.RetrievalMode;
import dev.colbert.store.SearchMode;

/**
 * Configuration of ColBERT retrieval, bound from {@code colbert.*}. Values are checked at start-up; an invalid value
 * stops the application with a message that names the property, the allowed values and the value given.
 */
@ConfigurationProperties(prefix = ColbertProperties.PREFIX)
public class ColbertProperties implements Validator {

	/** The prefix of every ColBERT property. */
	public static final String PREFIX = "colbert";

	/** The model that ships in the starter: bge-small-en-v1.5 from its Maven Central jar, used as a ColBERT backbone. */
	public static final String DEFAULT_MODEL = "embedded:bge-small-en-v1.5";

	private static final Pattern OPENSEARCH_INDEX_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

	/**
	 * The ColBERT model: a folder holding a HuggingFace ColBERT checkpoint (config.json, tokenizer.json,
	 * model.safetensors, artifact.metadata), a HuggingFace hub id ("hf:org/name[@revision]" or "org/name"), downloaded
	 * once into the hub cache, or an ONNX BERT export on the classpath ("embedded:NAME" or "classpath:PATH.onnx").
	 */
	private String model = DEFAULT_MODEL;

	private final Encoder encoder = new Encoder();

	private final Store store = new Store();

	private final VectorStore vectorStore = new VectorStore();

	private final Retriever retriever = new Retriever();

	public String getModel() {
		return this.model;
	}

	public void setModel(String model) {
		this.model = model;
	}

	public Encoder getEncoder() {
		return this.encoder;
	}

	public Store getStore() {
		return this.store;
	}

	public VectorStore getVectorStore() {
		return this.vectorStore;
	}

	public Retriever getRetriever() {
		return this.retriever;
	}

	@Override
	public boolean supports(Class<?> type) {
		return ColbertProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		ColbertProperties properties = (ColbertProperties) target;
		for (Violation violation : properties.violations()) {
			errors.rejectValue(violation.path(), "invalid", violation.message());
		}
	}

	/**
	 * Every invalid value, each with a message naming the property, the allowed values and the value given.
	 * @return the violations, empty when the configuration is valid
	 */
	public List<Violation> violations() {
		List<Violation> violations = new ArrayList<>();
		if (this.model == null || this.model.isBlank()) {
			violations.add(new Violation("model", PREFIX + ".model must name a model (a checkpoint folder, a hub id or "
					+ DEFAULT_MODEL + ") but was '" + this.model + "'"));
		}
		this.encoder.validate(violations);
		this.store.validate(violations);
		this.vectorStore.validate(violations);
		this.retriever.validate(violations);
		if (this.retriever.getMode() == RetrievalMode.HYBRID && this.store.getType() == StoreType.EMBEDDED
				&& !this.store.getEmbedded().getLexical().isEnabled()) {
			violations.add(new Violation("retriever.mode", PREFIX + ".retriever.mode is hybrid, which needs the "
					+ "lexical index, but " + PREFIX + ".store.embedded.lexical.enabled is false"));
		}
		return violations;
	}

	static void range(List<Violation> violations, String path, Number value, long min, long max) {
		if (value != null && (value.longValue() < min || value.longValue() > max)) {
			String allowed = (max == Integer.MAX_VALUE || max == Long.MAX_VALUE) ? "at least " + min
					: "between " + min + " and " + max;
			violations.add(new Violation(path, PREFIX + "." + kebab(path) + " must be " + allowed + " but was " + value));
		}
	}

	static String kebab(String path) {
		StringBuilder result = new StringBuilder();
		for (char c : path.toCharArray()) {
			if (Character.isUpperCase(c)) {
				result.append('-').append(Character.toLowerCase(c));
			}
			else {
				result.append(c);
			}
		}
		return result.toString();
	}

	/**
	 * One invalid value.
	 *
	 * @param path the property path below {@code colbert} in Java bean form (for example {@code store.embedded.nbits})
	 * @param message what is wrong, naming the property as written in configuration files
	 */
	public record Violation(String path, String message) {

	}

	/** How queries and documents are encoded. */
	public static class Encoder {

		/**
		 * Query length in tokens (query_maxlen), [CLS], marker and [SEP] included; longer queries are truncated. At most
		 * the model's max_position_embeddings. Defaults to the model's value (artifact.metadata, or 32 for the embedded
		 * model).
		 */
		private Integer queryMaxLength;

		/**
		 * Document length in tokens (doc_maxlen), [CLS], marker and [SEP] included; longer documents are truncated. At
		 * most the model's max_position_embeddings. Defaults to the model's value (artifact.metadata, or 300 for the
		 * embedded model).
		 */
		private Integer documentMaxLength;

		/**
		 * Whether queries are padded with [MASK] to the query length (ColBERT's query augmentation). Defaults to the
		 * model's setting: on for ColBERT checkpoints, off for backbones never trained as ColBERT (the embedded model).
		 */
		private Boolean queryAugmentation;

		/**
		 * The token-vector dimension the application expects. When set, start-up fails if the model produces vectors
		 * of another dimension (for example after a model change that would not match an existing index).
		 */
		private Integer dim;

		/** Documents per encoder forward pass; texts of similar length are batched together. */
		private int batchSize = 8;

		/**
		 * Encoder worker threads, 1 to 1024: the document batches of one add run on up to this many threads at once,
		 * and queries run on a pool of the same size of their own. Defaults to the number of available processors.
		 */
		private Integer workerThreads;

		/**
		 * libtorch intra-op threads of each worker thread, 0 (keep the process-wide setting) to 1024. Defaults to 1:
		 * one single-threaded worker per core encodes faster than fewer workers with more threads, above all on cores
		 * shared with other work.
		 */
		private Integer threads;

		/**
		 * libtorch intra-op threads of each query worker thread, 0 (keep the process-wide setting) to 1024. More lowers
		 * the latency of one query on idle cores; 1 gives the most queries per second under load. Defaults to
		 * colbert.encoder.threads.
		 */
		private Integer queryThreads;

		/** Where the model runs: "cpu", or "cuda" / "cuda:N" when a CUDA build of libtorch is on the class path. */
		private String device = "cpu";

		private final Hub hub = new Hub();

		public Integer getQueryMaxLength() {
			return this.queryMaxLength;
		}

		public void setQueryMaxLength(Integer queryMaxLength) {
			this.queryMaxLength = queryMaxLength;
		}

		public Integer getDocumentMaxLength() {
			return this.documentMaxLength;
		}

		public void setDocumentMaxLength(Integer documentMaxLength) {
			this.documentMaxLength = documentMaxLength;
		}

		public Boolean getQueryAugmentation() {
			return this.queryAugmentation;
		}

		public void setQueryAugmentation(Boolean queryAugmentation) {
			this.queryAugmentation = queryAugmentation;
		}

		public Integer getDim() {
			return this.dim;
		}

		public void setDim(Integer dim) {
			this.dim = dim;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		public Integer getWorkerThreads() {
			return this.workerThreads;
		}

		public void setWorkerThreads(Integer workerThreads) {
			this.workerThreads = workerThreads;
		}

		public Integer getQueryThreads() {
			return this.queryThreads;
		}

		public void setQueryThreads(Integer queryThreads) {
			this.queryThreads = queryThreads;
		}

		public Integer getThreads() {
			return this.threads;
		}

		public void setThreads(Integer threads) {
			this.threads = threads;
		}

		public String getDevice() {
			return this.device;
		}

		public void setDevice(String device) {
			this.device = device;
		}

		public Hub getHub() {
			return this.hub;
		}

		void validate(List<Violation> violations) {
			range(violations, "encoder.queryMaxLength", this.queryMaxLength, 4, Integer.MAX_VALUE);
			range(violations, "encoder.documentMaxLength", this.documentMaxLength, 4, Integer.MAX_VALUE);
			range(violations, "encoder.dim", this.dim, 1, 65536);
			range(violations, "encoder.batchSize", this.batchSize, 1, 4096);
			range(violations, "encoder.workerThreads", this.workerThreads, 1, 1024);
			range(violations, "encoder.threads", this.threads, 0, 1024);
			range(violations, "encoder.queryThreads", this.queryThreads, 0, 1024);
			if (this.device == null || !this.device.trim().toLowerCase(Locale.ROOT).matches("cpu|cuda(:\\d+)?")) {
				violations.add(new Violation("encoder.device",
						PREFIX + ".encoder.device must be cpu, cuda or cuda:N but was '" + this.device + "'"));
			}
			this.hub.validate(violations);
		}

	}

	/** Where HuggingFace hub models are downloaded from and cached. */
	public static class Hub {

		/** The hub's base URL; files are fetched from {endpoint}/{repo}/resolve/{revision}/{file}. */
		private URI endpoint = URI.create("https://huggingface.co");

		/**
		 * The folder downloaded models are cached in; a second start uses the cache without network. Defaults to
		 * $XDG_CACHE_HOME/colbert-java/hub, else ~/.cache/colbert-java/hub.
		 */
		private Path cacheDir;

		/** Bearer token for private hub repositories; none when unset. */
		private String token;

		/** Timeout of hub downloads (to connect, for headers, between reads of a file), between 1 second and 1 hour. */
		private Duration timeout = Duration.ofSeconds(60);

		public URI getEndpoint() {
			return this.endpoint;
		}

		public void setEndpoint(URI endpoint) {
			this.endpoint = endpoint;
		}

		public Path getCacheDir() {
			return this.cacheDir;
		}

		public void setCacheDir(Path cacheDir) {
			this.cacheDir = cacheDir;
		}

		public String getToken() {
			return this.token;
		}

		public void setToken(String token) {
			this.token = token;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		void validate(List<Violation> violations) {
			if (this.endpoint == null || this.endpoint.getScheme() == null
					|| !this.endpoint.getScheme().matches("https?") || this.endpoint.getHost() == null) {
				violations.add(new Violation("encoder.hub.endpoint",
						PREFIX + ".encoder.hub.endpoint must be an http or https URL but was '" + this.endpoint + "'"));
			}
			if (this.timeout == null || this.timeout.compareTo(Duration.ofSeconds(1)) < 0
					|| this.timeout.compareTo(Duration.ofHours(1)) > 0) {
				violations.add(new Violation("encoder.hub.timeout",
						PREFIX + ".encoder.hub.timeout must be between 1s and 1h but was " + this.timeout));
			}
		}

	}

	/** Which token-vector store keeps the documents, and its settings. */
	public static class Store {

		/** The store implementation: "embedded" (compressed index on local disk) or "opensearch". */
		private StoreType type = StoreType.EMBEDDED;

		private final Embedded embedded = new Embedded();

		private final OpenSearch opensearch = new OpenSearch();

		public StoreType getType() {
			return this.type;
		}

		public void setType(StoreType type) {
			this.type = type;
		}

		public Embedded getEmbedded() {
			return this.embedded;
		}

		public OpenSearch getOpensearch() {
			return this.opensearch;
		}

		void validate(List<Violation> violations) {
			if (this.type == null) {
				violations.add(new Violation("store.type", PREFIX + ".store.type must be embedded or opensearch"));
			}
			else if (this.type == StoreType.EMBEDDED) {
				this.embedded.validate(violations);
			}
			else {
				this.opensearch.validate(violations);
			}
		}

	}

	/** The token-vector store implementations. */
	public enum StoreType {

		/** The residual-compressed ColBERTv2 index with PLAID search, in a local folder. */
		EMBEDDED,

		/** An OpenSearch cluster with the k-NN plugin (module colbert-opensearch-store). */
		OPENSEARCH

	}

	/** The embedded compressed index. */
	public static class Embedded {

		/** The folder of the index; created when missing. Relative paths resolve against the working directory. */
		private Path path = Path.of("colbert-index");

		/** Bits per dimension of the compressed residuals: 1, 2 or 4 (more bits, more accurate, larger index). */
		private int nbits = 2;

		/**
		 * Number of k-means centroids of the codec. Defaults to the ColBERTv2 formula, 2^floor(log2(16 *
		 * sqrt(token vectors))).
		 */
		private Integer centroids;

		/** k-means iterations when the codec is trained (the reference runs 4). */
		private int kmeansIterations = 4;

		/** Bits per stored centroid coordinate, 4 to 16 (the reference stores 16-bit floats). */
		private int centroidBits = 6;

		/** Seed of the codec's sampling and k-means, for reproducible indexes. */
		private long seed = 42;

		/** When a commit leaves more segments than this, the smallest ones are merged. */
		private int mergeFactor = 10;

		/** Whether opening the index verifies the CRC32C checksum of every file (reads each file once). */
		private boolean verifyChecksumsOnOpen = true;

		/**
		 * Threads one search uses, 1 to 256. 1 suits servers that run many searches at once; more lowers the latency of
		 * a single search when cores are idle. Results do not depend on it.
		 */
		private int searchThreads = 1;

		private final Plaid plaid = new Plaid();

		@NestedConfigurationProperty
		private final LexicalIndexProperties lexical = new LexicalIndexProperties();

		public LexicalIndexProperties getLexical() {
			return this.lexical;
		}

		public Path getPath() {
			return this.path;
		}

		public void setPath(Path path) {
			this.path = path;
		}

		public int getNbits() {
			return this.nbits;
		}

		public void setNbits(int nbits) {
			this.nbits = nbits;
		}

		public Integer getCentroids() {
			return this.centroids;
		}

		public void setCentroids(Integer centroids) {
			this.centroids = centroids;
		}

		public int getKmeansIterations() {
			return this.kmeansIterations;
		}

		public void setKmeansIterations(int kmeansIterations) {
			this.kmeansIterations = kmeansIterations;
		}

		public int getCentroidBits() {
			return this.centroidBits;
		}

		public void setCentroidBits(int centroidBits) {
			this.centroidBits = centroidBits;
		}

		public long getSeed() {
			return this.seed;
		}

		public void setSeed(long seed) {
			this.seed = seed;
		}

		public int getMergeFactor() {
			return this.mergeFactor;
		}

		public void setMergeFactor(int mergeFactor) {
			this.mergeFactor = mergeFactor;
		}

		public boolean isVerifyChecksumsOnOpen() {
			return this.verifyChecksumsOnOpen;
		}

		public void setVerifyChecksumsOnOpen(boolean verifyChecksumsOnOpen) {
			this.verifyChecksumsOnOpen = verifyChecksumsOnOpen;
		}

		public int getSearchThreads() {
			return this.searchThreads;
		}

		public void setSearchThreads(int searchThreads) {
			this.searchThreads = searchThreads;
		}

		public Plaid getPlaid() {
			return this.plaid;
		}

		void validate(List<Violation> violations) {
			if (this.path == null || this.path.toString().isBlank()) {
				violations.add(new Violation("store.embedded.path",
						PREFIX + ".store.embedded.path must name the index folder but was empty"));
			}
			if (this.nbits != 1 && this.nbits != 2 && this.nbits != 4) {
				violations.add(new Violation("store.embedded.nbits",
						PREFIX + ".store.embedded.nbits must be 1, 2 or 4 but was " + this.nbits));
			}
			range(violations, "store.embedded.centroids", this.centroids, 1, 1 << 24);
			range(violations, "store.embedded.kmeansIterations", this.kmeansIterations, 0, 1000);
			range(violations, "store.embedded.centroidBits", this.centroidBits, 4, 16);
			range(violations, "store.embedded.mergeFactor", this.mergeFactor, 2, 1000);
			range(violations, "store.embedded.searchThreads", this.searchThreads, 1, 256);
			this.plaid.validate(violations);
			this.lexical.validate(violations);
		}

	}

	/**
	 * PLAID search parameters. Unset values follow the reference defaults by top-K: k <= 10: ncells 1, threshold 0.5,
	 * ndocs 256; k <= 100: 2, 0.45, 1024; larger: 4, 0.4, max(4k, 4096).
	 */
	public static class Plaid {

		/** Centroids probed per query vector for candidate generation. */
		private Integer ncells;

		/** Centroids whose score with every query vector is below this are pruned in the first ranking stage. */
		private Double centroidScoreThreshold;

		/**
		 * Candidates kept after the approximate stage; a quarter of them are scored exactly. Raised to 4 x top-K for a
		 * query that asks for more documents.
		 */
		private Integer ndocs;

		public Integer getNcells() {
			return this.ncells;
		}

		public void setNcells(Integer ncells) {
			this.ncells = ncells;
		}

		public Double getCentroidScoreThreshold() {
			return this.centroidScoreThreshold;
		}

		public void setCentroidScoreThreshold(Double centroidScoreThreshold) {
			this.centroidScoreThreshold = centroidScoreThreshold;
		}

		public Integer getNdocs() {
			return this.ndocs;
		}

		public void setNdocs(Integer ndocs) {
			this.ndocs = ndocs;
		}

		void validate(List<Violation> violations) {
			range(violations, "store.embedded.plaid.ncells", this.ncells, 1, 1 << 24);
			range(violations, "store.embedded.plaid.ndocs", this.ndocs, 1, Integer.MAX_VALUE);
			if (this.centroidScoreThreshold != null
					&& !(this.centroidScoreThreshold >= -1.0 && this.centroidScoreThreshold <= 1.0)) {
				violations.add(new Violation("store.embedded.plaid.centroidScoreThreshold",
						PREFIX + ".store.embedded.plaid.centroid-score-threshold must be between -1 and 1 but was "
								+ this.centroidScoreThreshold));
			}
		}

	}

	/**
	 * Connection, index, candidate and ingestion settings of the OpenSearch store. Defaults are those of
	 * {@code OpenSearchStoreSettings} and {@code OpenSearchConnectionSettings}.
	 */
	public static class OpenSearch {

		/** The cluster's node URLs (scheme://host:port); requests are spread over them. */
		private List<URI> uris = new ArrayList<>(List.of(URI.create("http://localhost:9200")));

		/** Basic-authentication user name; none when unset. */
		private String username;

		/** Basic-authentication password; required with a username. */
		private String password;

		/** How long to wait for a TCP connection. */
		private Duration connectTimeout = Duration.ofSeconds(5);

		/** How long to wait for a response (bulk requests and exhaustive searches can be slow). */
		private Duration responseTimeout = Duration.ofMinutes(2);

		/** The index holding the documents and their token vectors; created with the right mapping when missing. */
		private String indexName = "colbert";

		/** Primary shards of a newly created index. */
		private int shards = 1;

		/** Replicas of a newly created index. */
		private int replicas = 1;

		/**
		 * How the engine finds candidates for exact MaxSim rescoring: "token-knn" (a k-NN search per query vector over
		 * one nested vector per document token) or "pooled-knn" (one mean vector per document). Fixed when the index is
		 * created.
		 */
		private OpenSearchCandidates candidateGeneration = OpenSearchCandidates.TOKEN_KNN;

		/** token-knn: documents each query vector's k-NN search returns. */
		private int candidatesPerQueryVector = 64;

		/** pooled-knn: documents the pooled k-NN search returns. */
		private int pooledCandidates = 256;

		/** Candidates per shard rescored with exact MaxSim (at least top-K are): the main latency lever. */
		private int rescoreWindow = 64;

		/** HNSW beam width at search time; 0 uses the engine's default (k). */
		private int efSearch = 0;

		/** HNSW graph degree of a newly created index. */
		private int hnswM = 16;

		/** HNSW beam width while building a newly created index. */
		private int hnswEfConstruction = 100;

		/** The most documents in one bulk request. */
		private int bulkDocuments = 64;

		/** The most bytes in one bulk request (1MB to 90MB; OpenSearch refuses requests over 100MB by default). */
		private DataSize bulkMaxSize = DataSize.ofMegabytes(16);

		/** Bulk requests under way at once per add; adding blocks while that many are in flight (back-pressure). */
		private int maxInFlightBulkRequests = 2;

		/** Retries of a bulk request after a 429, a 5xx answer or an I/O error. */
		private int maxRetries = 5;

		/** The wait before the first retry; it doubles (with jitter) up to the maximum backoff. */
		private Duration initialBackoff = Duration.ofMillis(200);

		/** The longest wait between retries. */
		private Duration maxBackoff = Duration.ofSeconds(10);

		/**
		 * When added and deleted documents become visible to searches: "immediate" (refresh at the end of each add or
		 * delete), "wait-for" (wait for the next scheduled refresh) or "none".
		 */
		private OpenSearchRefresh refreshPolicy = OpenSearchRefresh.IMMEDIATE;

		/**
		 * How long a search may run in the cluster before OpenSearch cancels it (cancel_after_time_interval), so a
		 * runaway query fails instead of holding the cluster's search threads; 0 for no limit (at most 1h).
		 */
		private Duration searchTimeout = Duration.ofSeconds(60);

		@NestedConfigurationProperty
		private final OpenSearchLexicalProperties lexical = new OpenSearchLexicalProperties();

		public OpenSearchLexicalProperties getLexical() {
			return this.lexical;
		}

		public List<URI> getUris() {
			return this.uris;
		}

		public void setUris(List<URI> uris) {
			this.uris = uris;
		}

		public String getUsername() {
			return this.username;
		}

		public void setUsername(String username) {
			this.username = username;
		}

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getResponseTimeout() {
			return this.responseTimeout;
		}

		public void setResponseTimeout(Duration responseTimeout) {
			this.responseTimeout = responseTimeout;
		}

		public String getIndexName() {
			return this.indexName;
		}

		public void setIndexName(String indexName) {
			this.indexName = indexName;
		}

		public int getShards() {
			return this.shards;
		}

		public void setShards(int shards) {
			this.shards = shards;
		}

		public int getReplicas() {
			return this.replicas;
		}

		public void setReplicas(int replicas) {
			this.replicas = replicas;
		}

		public OpenSearchCandidates getCandidateGeneration() {
			return this.candidateGeneration;
		}

		public void setCandidateGeneration(OpenSearchCandidates candidateGeneration) {
			this.candidateGeneration = candidateGeneration;
		}

		public int getCandidatesPerQueryVector() {
			return this.candidatesPerQueryVector;
		}

		public void setCandidatesPerQueryVector(int candidatesPerQueryVector) {
			this.candidatesPerQueryVector = candidatesPerQueryVector;
		}

		public int getPooledCandidates() {
			return this.pooledCandidates;
		}

		public void setPooledCandidates(int pooledCandidates) {
			this.pooledCandidates = pooledCandidates;
		}

		public int getRescoreWindow() {
			return this.rescoreWindow;
		}

		public void setRescoreWindow(int rescoreWindow) {
			this.rescoreWindow = rescoreWindow;
		}

		public int getEfSearch() {
			return this.efSearch;
		}

		public void setEfSearch(int efSearch) {
			this.efSearch = efSearch;
		}

		public int getHnswM() {
			return this.hnswM;
		}

		public void setHnswM(int hnswM) {
			this.hnswM = hnswM;
		}

		public int getHnswEfConstruction() {
			return this.hnswEfConstruction;
		}

		public void setHnswEfConstruction(int hnswEfConstruction) {
			this.hnswEfConstruction = hnswEfConstruction;
		}

		public int getBulkDocuments() {
			return this.bulkDocuments;
		}

		public void setBulkDocuments(int bulkDocuments) {
			this.bulkDocuments = bulkDocuments;
		}

		public DataSize getBulkMaxSize() {
			return this.bulkMaxSize;
		}

		public void setBulkMaxSize(DataSize bulkMaxSize) {
			this.bulkMaxSize = bulkMaxSize;
		}

		public int getMaxInFlightBulkRequests() {
			return this.maxInFlightBulkRequests;
		}

		public void setMaxInFlightBulkRequests(int maxInFlightBulkRequests) {
			this.maxInFlightBulkRequests = maxInFlightBulkRequests;
		}

		public int getMaxRetries() {
			return this.maxRetries;
		}

		public void setMaxRetries(int maxRetries) {
			this.maxRetries = maxRetries;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public OpenSearchRefresh getRefreshPolicy() {
			return this.refreshPolicy;
		}

		public void setRefreshPolicy(OpenSearchRefresh refreshPolicy) {
			this.refreshPolicy = refreshPolicy;
		}

		public Duration getSearchTimeout() {
			return this.searchTimeout;
		}

		public void setSearchTimeout(Duration searchTimeout) {
			this.searchTimeout = searchTimeout;
		}

		void validate(List<Violation> violations) {
			String prefix = PREFIX + ".store.opensearch.";
			if (this.uris == null || this.uris.isEmpty()) {
				violations.add(new Violation("store.opensearch.uris",
						prefix + "uris must list at least one http or https URL"));
			}
			else {
				for (URI uri : this.uris) {
					if (uri == null || uri.getScheme() == null || !uri.getScheme().matches("https?")
							|| uri.getHost() == null) {
						violations.add(new Violation("store.opensearch.uris",
								prefix + "uris must hold http or https URLs but holds '" + uri + "'"));
					}
				}
			}
			if ((this.username == null) != (this.password == null)) {
				violations.add(new Violation("store.opensearch.password",
						prefix + "username and " + prefix + "password must be set together"));
			}
			positive(violations, "store.opensearch.connectTimeout", this.connectTimeout);
			positive(violations, "store.opensearch.responseTimeout", this.responseTimeout);
			if (this.indexName == null || !OPENSEARCH_INDEX_NAME.matcher(this.indexName).matches()) {
				violations.add(new Violation("store.opensearch.indexName", prefix
						+ "index-name must be lower-case letters, digits, '.', '_' or '-', starting with a letter or "
						+ "digit, but was '" + this.indexName + "'"));
			}
			range(violations, "store.opensearch.shards", this.shards, 1, 1024);
			range(violations, "store.opensearch.replicas", this.replicas, 0, 16);
			if (this.candidateGeneration == null) {
				violations.add(new Violation("store.opensearch.candidateGeneration",
						prefix + "candidate-generation must be token-knn or pooled-knn"));
			}
			range(violations, "store.opensearch.candidatesPerQueryVector", this.candidatesPerQueryVector, 1, 10_000);
			range(violations, "store.opensearch.pooledCandidates", this.pooledCandidates, 1, 10_000);
			range(violations, "store.opensearch.rescoreWindow", this.rescoreWindow, 1, 10_000);
			range(violations, "store.opensearch.efSearch", this.efSearch, 0, 100_000);
			range(violations, "store.opensearch.hnswM", this.hnswM, 2, 128);
			range(violations, "store.opensearch.hnswEfConstruction", this.hnswEfConstruction, 2, 4096);
			range(violations, "store.opensearch.bulkDocuments", this.bulkDocuments, 1, 10_000);
			if (this.bulkMaxSize == null || this.bulkMaxSize.toBytes() < DataSize.ofMegabytes(1).toBytes()
					|| this.bulkMaxSize.toBytes() > DataSize.ofMegabytes(90).toBytes()) {
				violations.add(new Violation("store.opensearch.bulkMaxSize",
						prefix + "bulk-max-size must be between 1MB and 90MB but was " + this.bulkMaxSize));
			}
			range(violations, "store.opensearch.maxInFlightBulkRequests", this.maxInFlightBulkRequests, 1, 64);
			range(violations, "store.opensearch.maxRetries", this.maxRetries, 0, 100);
			backoff(violations, "store.opensearch.initialBackoff", this.initialBackoff);
			backoff(violations, "store.opensearch.maxBackoff", this.maxBackoff);
			if (this.initialBackoff != null && this.maxBackoff != null
					&& this.maxBackoff.compareTo(this.initialBackoff) < 0) {
				violations.add(new Violation("store.opensearch.maxBackoff", prefix + "max-backoff (" + this.maxBackoff
						+ ") must not be shorter than " + prefix + "initial-backoff (" + this.initialBackoff + ")"));
			}
			if (this.refreshPolicy == null) {
				violations.add(new Violation("store.opensearch.refreshPolicy",
						prefix + "refresh-policy must be immediate, wait-for or none"));
			}
			if (this.searchTimeout == null || this.searchTimeout.isNegative()
					|| this.searchTimeout.compareTo(Duration.ofHours(1)) > 0) {
				violations.add(new Violation("store.opensearch.searchTimeout", prefix
						+ "search-timeout must be between 0 (no limit) and 1h but was " + this.searchTimeout));
			}
			this.lexical.validate(violations);
		}

		private static void positive(List<Violation> violations, String path, Duration value) {
			if (value == null || value.isNegative() || value.isZero()) {
				violations.add(new Violation(path, PREFIX + "." + kebab(path) + " must be positive but was " + value));
			}
		}

		private static void backoff(List<Violation> violations, String path, Duration value) {
			if (value == null || value.isNegative() || value.compareTo(Duration.ofMinutes(10)) > 0) {
				violations.add(new Violation(path,
						PREFIX + "." + kebab(path) + " must be between 0 and 10m but was " + value));
			}
		}

	}

	/** How the OpenSearch store generates candidates (mirrors {@code dev.colbert.opensearch.CandidateGeneration}). */
	public enum OpenSearchCandidates {

		/** A k-NN search per query vector over one nested vector per document token. */
		TOKEN_KNN,

		/** One k-NN search with the pooled query vector over one mean vector per document. */
		POOLED_KNN

	}

	/** When OpenSearch makes writes visible (mirrors {@code dev.colbert.opensearch.RefreshPolicy}). */
	public enum OpenSearchRefresh {

		/** Refresh at the end of each add or delete: visible when the call returns. */
		IMMEDIATE,

		/** Wait for the next scheduled refresh: visible when the call returns, without forcing refreshes. */
		WAIT_FOR,

		/** Do not wait: visible after the next scheduled refresh. */
		NONE

	}

	/** The Spring AI {@code VectorStore} over the token-vector store. */
	public static class VectorStore {

		/** How searches find their top-K: "plaid" (approximate candidates, then exact MaxSim) or "exhaustive". */
		private SearchMode searchMode = SearchMode.PLAID;

		/**
		 * Documents encoded per encoder call when adding (the unit of progress logging). All documents of one add call
		 * are stored with one commit at the end, all or nothing.
		 */
		private int batchSize = 64;

		public SearchMode getSearchMode() {
			return this.searchMode;
		}

		public void setSearchMode(SearchMode searchMode) {
			this.searchMode = searchMode;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		void validate(List<Violation> violations) {
			if (this.searchMode == null) {
				violations.add(new Violation("vectorStore.searchMode",
						PREFIX + ".vector-store.search-mode must be plaid or exhaustive"));
			}
			range(violations, "vectorStore.batchSize", this.batchSize, 1, 100_000);
		}

	}

	/** The Spring AI {@code DocumentRetriever}. */
	public static class Retriever {

		/** How many documents a retrieval returns. */
		private int topK = 4;

		/**
		 * The lowest normalized score (MaxSim divided by the number of query vectors: the average best cosine) a
		 * document needs to be returned, between 0 and 1; 0 returns the top-K whatever their score.
		 */
		private double similarityThreshold = 0.0;

		/**
		 * A metadata filter applied to every retrieval, in Spring AI's filter syntax (for example "tenant == 'acme' &&
		 * year >= 2020"). A per-query filter is combined with it by AND.
		 */
		private String filterExpression;

		/**
		 * Whether every result carries its token-level explanation (which document token each query token matched).
		 * Costs one encoding pass over the top-K texts; per query, set the query context key "colbert_explain".
		 */
		private boolean explain;

		/**
		 * How documents are retrieved: "late-interaction" (ColBERT MaxSim alone) or "hybrid" (BM25 over the query text
		 * beside late interaction, fused as colbert.retriever.hybrid.* says; needs the store's lexical index). Per
		 * query, set the query context key "colbert_retrieval_mode".
		 */
		private RetrievalMode mode = RetrievalMode.LATE_INTERACTION;

		@NestedConfigurationProperty
		private final HybridProperties hybrid = new HybridProperties();

		public RetrievalMode getMode() {
			return this.mode;
		}

		public void setMode(RetrievalMode mode) {
			this.mode = mode;
		}

		public HybridProperties getHybrid() {
			return this.hybrid;
		}

		public int getTopK() {
			return this.topK;
		}

		public void setTopK(int topK) {
			this.topK = topK;
		}

		public double getSimilarityThreshold() {
			return this.similarityThreshold;
		}

		public void setSimilarityThreshold(double similarityThreshold) {
			this.similarityThreshold = similarityThreshold;
		}

		public String getFilterExpression() {
			return this.filterExpression;
		}

		public void setFilterExpression(String filterExpression) {
			this.filterExpression = filterExpression;
		}

		public boolean isExplain() {
			return this.explain;
		}

		public void setExplain(boolean explain) {
			this.explain = explain;
		}

		void validate(List<Violation> violations) {
			range(violations, "retriever.topK", this.topK, 1, 10_000);
			if (!(this.similarityThreshold >= 0.0 && this.similarityThreshold <= 1.0)) {
				violations.add(new Violation("retriever.similarityThreshold",
						PREFIX + ".retriever.similarity-threshold must be between 0 and 1 but was "
								+ this.similarityThreshold));
			}
			if (this.mode == null) {
				violations.add(new Violation("retriever.mode",
						PREFIX + ".retriever.mode must be late-interaction or hybrid"));
			}
			this.hybrid.validate(violations);
			if (this.filterExpression != null && !this.filterExpression.isBlank()) {
				String problem = FilterExpressionCheck.problem(this.filterExpression);
				if (problem != null) {
					violations.add(new Violation("retriever.filterExpression", PREFIX
							+ ".retriever.filter-expression '" + this.filterExpression + "' is invalid: " + problem));
				}
			}
		}

	}

}
