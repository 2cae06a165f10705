package dev.colbert.opensearch;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

import dev.colbert.lexical.LexicalSettings;

/**
 * Settings of an {@link OpenSearchTokenVectorStore}: the index, candidate generation and rescoring, HNSW parameters
 * and bulk ingestion. Build with {@link #builder()}; every value is checked and a bad one is refused with a message
 * that names the setting and its allowed range.
 *
 * @param indexName the OpenSearch index (lower case, no spaces or {@code \ / * ? " < > | , # :}, not starting with
 * {@code _ - +})
 * @param shards primary shards of a new index (1 to 1024)
 * @param replicas replicas of a new index (0 to 16)
 * @param candidateGeneration PLAID over compressed vectors (default) or token-level or pooled k-NN candidates (fixed
 * when the index is created)
 * @param candidatesPerQueryVector {@link CandidateGeneration#TOKEN_KNN}: passages each query vector's k-NN search
 * returns (1 to 10,000)
 * @param pooledCandidates {@link CandidateGeneration#POOLED_KNN}: passages the pooled k-NN search returns (1 to
 * 10,000)
 * @param rescoreWindow candidates per shard rescored with exact MaxSim (1 to 10,000); at least top-K are always
 * rescored. Exact rescoring reads each candidate's vectors from {@code _source}, so this is the main latency lever
 * @param efSearch HNSW beam width at search time, or 0 for the engine's default (k)
 * @param hnswM HNSW graph degree of a new index (2 to 128)
 * @param hnswEfConstruction HNSW beam width while building a new index (2 to 4096)
 * @param bulkDocuments the most documents in one bulk request (1 to 10,000)
 * @param bulkMaxBytes the most estimated JSON bytes in one bulk request (1 MiB to 90 MiB; OpenSearch refuses
 * requests over {@code http.max_content_length}, 100 MiB by default); a larger single document is sent alone
 * @param maxInFlightBulkRequests bulk requests under way at once per {@code add} call (1 to 64); the caller blocks
 * while that many are in flight
 * @param maxRetries retries of a bulk request, or of the documents in it that were refused with 429, after a 429,
 * a 5xx answer or an I/O error (0 to 100)
 * @param initialBackoff the wait before the first retry; it doubles (with jitter) up to {@code maxBackoff}
 * @param maxBackoff the longest wait between retries
 * @param refreshPolicy when added and deleted documents become visible to searches
 * @param searchTimeout how long a search may run in the cluster before OpenSearch cancels it
 * ({@code cancel_after_time_interval}; the request then fails instead of holding search threads), or
 * {@link Duration#ZERO} for no limit (up to 1 hour)
 * @param lexical the BM25 text field of a new index, for hybrid search: an OpenSearch analyzer name ({@code english}
 * by default; {@code standard}, {@code french}, ...) and the BM25 parameters of its similarity (k1 0.9, b 0.4); fixed
 * when the index is created
 * @param plaid the codec and search knobs of {@link CandidateGeneration#PLAID}; unused by the other candidate
 * generations
 */
public record OpenSearchStoreSettings(String indexName, int shards, int replicas,
		CandidateGeneration candidateGeneration, int candidatesPerQueryVector, int pooledCandidates, int rescoreWindow,
		int efSearch, int hnswM, int hnswEfConstruction, int bulkDocuments, long bulkMaxBytes,
		int maxInFlightBulkRequests, int maxRetries, Duration initialBackoff, Duration maxBackoff,
		RefreshPolicy refreshPolicy, Duration searchTimeout, LexicalSettings lexical, OpenSearchPlaidSettings plaid) {

	/** The default index name. */
	public static final String DEFAULT_INDEX_NAME = "colbert";

	/** Default primary shards of a new index. */
	public static final int DEFAULT_SHARDS = 1;

	/** Default replicas of a new index. */
	public static final int DEFAULT_REPLICAS = 1;

	/** Default candidate generation: distributed PLAID over residual-compressed vectors. */
	public static final CandidateGeneration DEFAULT_CANDIDATE_GENERATION = CandidateGeneration.PLAID;

	/** Default passages each query vector's k-NN search returns. */
	public static final int DEFAULT_CANDIDATES_PER_QUERY_VECTOR = 64;

	/** Default passages the pooled k-NN search returns. */
	public static final int DEFAULT_POOLED_CANDIDATES = 256;

	/** Default candidates per shard rescored with exact MaxSim. */
	public static final int DEFAULT_RESCORE_WINDOW = 64;

	/** Default HNSW beam width at search time: 0, the engine's default (k). */
	public static final int DEFAULT_EF_SEARCH = 0;

	/** Default HNSW graph degree of a new index. */
	public static final int DEFAULT_HNSW_M = 16;

	/** Default HNSW beam width while building a new index. */
	public static final int DEFAULT_HNSW_EF_CONSTRUCTION = 100;

	/** Default most documents in one bulk request. */
	public static final int DEFAULT_BULK_DOCUMENTS = 64;

	/** Default most estimated JSON bytes in one bulk request: 16 MiB. */
	public static final long DEFAULT_BULK_MAX_BYTES = 16L << 20;

	/** Default bulk requests in flight at once per add. */
	public static final int DEFAULT_MAX_IN_FLIGHT_BULK_REQUESTS = 2;

	/** Default retries of a bulk request. */
	public static final int DEFAULT_MAX_RETRIES = 5;

	/** Default wait before the first retry. */
	public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);

	/** Default longest wait between retries. */
	public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);

	/** Default refresh policy: refresh at the end of each add or delete. */
	public static final RefreshPolicy DEFAULT_REFRESH_POLICY = RefreshPolicy.IMMEDIATE;

	/** Default time a search may run in the cluster before OpenSearch cancels it. */
	public static final Duration DEFAULT_SEARCH_TIMEOUT = Duration.ofSeconds(60);

	public OpenSearchStoreSettings {
		checkIndexName(indexName);
		checkRange("shards", shards, 1, 1024);
		checkRange("replicas", replicas, 0, 16);
		Objects.requireNonNull(candidateGeneration, "candidateGeneration");
		checkRange("candidatesPerQueryVector", candidatesPerQueryVector, 1, 10_000);
		checkRange("pooledCandidates", pooledCandidates, 1, 10_000);
		checkRange("rescoreWindow", rescoreWindow, 1, 10_000);
		checkRange("efSearch", efSearch, 0, 100_000);
		checkRange("hnswM", hnswM, 2, 128);
		checkRange("hnswEfConstruction", hnswEfConstruction, 2, 4096);
		checkRange("bulkDocuments", bulkDocuments, 1, 10_000);
		if (bulkMaxBytes < (1L << 20) || bulkMaxBytes > 90L * (1L << 20)) {
			throw new IllegalArgumentException(
					"bulkMaxBytes must be between 1 MiB (1048576) and 90 MiB (94371840), was " + bulkMaxBytes);
		}
		checkRange("maxInFlightBulkRequests", maxInFlightBulkRequests, 1, 64);
		checkRange("maxRetries", maxRetries, 0, 100);
		checkDuration("initialBackoff", initialBackoff);
		checkDuration("maxBackoff", maxBackoff);
		if (maxBackoff.compareTo(initialBackoff) < 0) {
			throw new IllegalArgumentException(
					"maxBackoff (" + maxBackoff + ") must not be shorter than initialBackoff (" + initialBackoff + ")");
		}
		Objects.requireNonNull(refreshPolicy, "refreshPolicy");
		Objects.requireNonNull(searchTimeout, "searchTimeout");
		if (searchTimeout.isNegative() || searchTimeout.compareTo(Duration.ofHours(1)) > 0) {
			throw new IllegalArgumentException("searchTimeout must be between 0 (no limit) and 1 hour, was " + searchTimeout);
		}
		Objects.requireNonNull(lexical, "lexical");
		Objects.requireNonNull(plaid, "plaid");
	}

	private static void checkRange(String name, long value, long min, long max) {
		if (value < min || value > max) {
			throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
		}
	}

	private static void checkDuration(String name, Duration value) {
		Objects.requireNonNull(value, name);
		if (value.isNegative() || value.compareTo(Duration.ofMinutes(10)) > 0) {
			throw new IllegalArgumentException(name + " must be between 0 and 10 minutes, was " + value);
		}
	}

	static void checkIndexName(String name) {
		Objects.requireNonNull(name, "indexName");
		String problem = null;
		if (name.isEmpty()) {
			problem = "is empty";
		}
		else if (!name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
			problem = "must be lower case";
		}
		else if (name.startsWith("_") || name.startsWith("-") || name.startsWith("+")) {
			problem = "must not start with _, - or +";
		}
		else if (name.equals(".") || name.equals("..")) {
			problem = "must not be . or ..";
		}
		else if (name.getBytes(StandardCharsets.UTF_8).length > 255) {
			problem = "must not be longer than 255 bytes";
		}
		else {
			for (char c : name.toCharArray()) {
				if ("\\/*?\"<>| ,#:".indexOf(c) >= 0) {
					problem = "must not contain '" + c + "'";
					break;
				}
			}
		}
		if (problem != null) {
			throw new IllegalArgumentException("indexName '" + name + "' " + problem);
		}
	}

	/** The defaults, for index {@value #DEFAULT_INDEX_NAME}. */
	public static OpenSearchStoreSettings defaults() {
		return builder().build();
	}

	public static Builder builder() {
		return new Builder();
	}

	/** A builder that starts from these settings. */
	public Builder toBuilder() {
		return new Builder().indexName(this.indexName)
			.shards(this.shards)
			.replicas(this.replicas)
			.candidateGeneration(this.candidateGeneration)
			.candidatesPerQueryVector(this.candidatesPerQueryVector)
			.pooledCandidates(this.pooledCandidates)
			.rescoreWindow(this.rescoreWindow)
			.efSearch(this.efSearch)
			.hnswM(this.hnswM)
			.hnswEfConstruction(this.hnswEfConstruction)
			.bulkDocuments(this.bulkDocuments)
			.bulkMaxBytes(this.bulkMaxBytes)
			.maxInFlightBulkRequests(this.maxInFlightBulkRequests)
			.maxRetries(this.maxRetries)
			.initialBackoff(this.initialBackoff)
			.maxBackoff(this.maxBackoff)
			.refreshPolicy(this.refreshPolicy)
			.searchTimeout(this.searchTimeout)
			.lexical(this.lexical)
			.plaid(this.plaid);
	}

	/** Builds {@link OpenSearchStoreSettings}; every setting starts at its documented default. */
	public static final class Builder {

		private LexicalSettings lexical = LexicalSettings.defaults();

		private String indexName = DEFAULT_INDEX_NAME;

		private int shards = DEFAULT_SHARDS;

		private int replicas = DEFAULT_REPLICAS;

		private CandidateGeneration candidateGeneration = DEFAULT_CANDIDATE_GENERATION;

		private int candidatesPerQueryVector = DEFAULT_CANDIDATES_PER_QUERY_VECTOR;

		private int pooledCandidates = DEFAULT_POOLED_CANDIDATES;

		private int rescoreWindow = DEFAULT_RESCORE_WINDOW;

		private int efSearch = DEFAULT_EF_SEARCH;

		private int hnswM = DEFAULT_HNSW_M;

		private int hnswEfConstruction = DEFAULT_HNSW_EF_CONSTRUCTION;

		private int bulkDocuments = DEFAULT_BULK_DOCUMENTS;

		private long bulkMaxBytes = DEFAULT_BULK_MAX_BYTES;

		private int maxInFlightBulkRequests = DEFAULT_MAX_IN_FLIGHT_BULK_REQUESTS;

		private int maxRetries = DEFAULT_MAX_RETRIES;

		private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;

		private Duration maxBackoff = DEFAULT_MAX_BACKOFF;

		private RefreshPolicy refreshPolicy = DEFAULT_REFRESH_POLICY;

		private Duration searchTimeout = DEFAULT_SEARCH_TIMEOUT;

		private OpenSearchPlaidSettings plaid = OpenSearchPlaidSettings.defaults();

		private Builder() {
		}

		/** The index (default {@value OpenSearchStoreSettings#DEFAULT_INDEX_NAME}). */
		public Builder indexName(String indexName) {
			this.indexName = indexName;
			return this;
		}

		/** Primary shards of a new index (default 1). */
		public Builder shards(int shards) {
			this.shards = shards;
			return this;
		}

		/** Replicas of a new index (default 1). */
		public Builder replicas(int replicas) {
			this.replicas = replicas;
			return this;
		}

		/** PLAID (default), token-level or pooled k-NN candidates. */
		public Builder candidateGeneration(CandidateGeneration candidateGeneration) {
			this.candidateGeneration = candidateGeneration;
			return this;
		}

		/** Passages each query vector's k-NN search returns (default 64). */
		public Builder candidatesPerQueryVector(int candidatesPerQueryVector) {
			this.candidatesPerQueryVector = candidatesPerQueryVector;
			return this;
		}

		/** Passages the pooled k-NN search returns (default 256). */
		public Builder pooledCandidates(int pooledCandidates) {
			this.pooledCandidates = pooledCandidates;
			return this;
		}

		/** Candidates per shard rescored with exact MaxSim (default 64, at least top-K). */
		public Builder rescoreWindow(int rescoreWindow) {
			this.rescoreWindow = rescoreWindow;
			return this;
		}

		/** HNSW beam width at search time (default 0: the engine's default). */
		public Builder efSearch(int efSearch) {
			this.efSearch = efSearch;
			return this;
		}

		/** HNSW graph degree (default 16). */
		public Builder hnswM(int hnswM) {
			this.hnswM = hnswM;
			return this;
		}

		/** HNSW construction beam width (default 100). */
		public Builder hnswEfConstruction(int hnswEfConstruction) {
			this.hnswEfConstruction = hnswEfConstruction;
			return this;
		}

		/** Most documents in one bulk request (default 64). */
		public Builder bulkDocuments(int bulkDocuments) {
			this.bulkDocuments = bulkDocuments;
			return this;
		}

		/** Most estimated JSON bytes in one bulk request (default 16 MiB). */
		public Builder bulkMaxBytes(long bulkMaxBytes) {
			this.bulkMaxBytes = bulkMaxBytes;
			return this;
		}

		/** Bulk requests in flight at once (default 2). */
		public Builder maxInFlightBulkRequests(int maxInFlightBulkRequests) {
			this.maxInFlightBulkRequests = maxInFlightBulkRequests;
			return this;
		}

		/** Retries after 429, 5xx or I/O errors (default 5). */
		public Builder maxRetries(int maxRetries) {
			this.maxRetries = maxRetries;
			return this;
		}

		/** First retry wait (default 200 ms). */
		public Builder initialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
			return this;
		}

		/** Longest retry wait (default 10 s). */
		public Builder maxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
			return this;
		}

		/** When writes become visible (default {@link RefreshPolicy#IMMEDIATE}). */
		public Builder refreshPolicy(RefreshPolicy refreshPolicy) {
			this.refreshPolicy = refreshPolicy;
			return this;
		}

		/** How long a search may run before the cluster cancels it; {@link Duration#ZERO} for no limit. */
		public Builder searchTimeout(Duration searchTimeout) {
			this.searchTimeout = searchTimeout;
			return this;
		}

		/**
		 * The analyzer (an OpenSearch analyzer name) and BM25 parameters of a new index's text field (default
		 * {@code english}, k1 0.9, b 0.4).
		 */
		public Builder lexical(LexicalSettings lexical) {
			this.lexical = lexical;
			return this;
		}

		/** The codec and search knobs of {@link CandidateGeneration#PLAID} (default {@link OpenSearchPlaidSettings#defaults()}). */
		public Builder plaid(OpenSearchPlaidSettings plaid) {
			this.plaid = plaid;
			return this;
		}

		public OpenSearchStoreSettings build() {
			return new OpenSearchStoreSettings(this.indexName, this.shards, this.replicas, this.candidateGeneration,
					this.candidatesPerQueryVector, this.pooledCandidates, this.rescoreWindow, this.efSearch, this.hnswM,
					this.hnswEfConstruction, this.bulkDocuments, this.bulkMaxBytes, this.maxInFlightBulkRequests,
					this.maxRetries, this.initialBackoff, this.maxBackoff, this.refreshPolicy, this.searchTimeout,
					this.lexical, this.plaid);
		}

	}

}
