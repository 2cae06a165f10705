package dev.colbert.autoconfigure.store;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import dev.colbert.autoconfigure.PropertyChecks;
import dev.colbert.opensearch.CandidateGeneration;
import dev.colbert.opensearch.OpenSearchConnectionSettings;
import dev.colbert.opensearch.OpenSearchStoreSettings;
import dev.colbert.opensearch.RefreshPolicy;

/**
 * Connection, index, candidate and ingestion settings of the OpenSearch store ({@code colbert.store.opensearch.*}).
 * Defaults are those of {@code OpenSearchStoreSettings} and {@code OpenSearchConnectionSettings}.
 *
 * <p>Bound, and checked at start-up, only when {@code colbert.store.type} is {@code opensearch} and the optional
 * module colbert-opensearch-store is on the class path: this class uses its types. An invalid value stops the
 * application with a message that names the property, the allowed values and the value given.
 */
@ConfigurationProperties(prefix = OpenSearchStoreProperties.PREFIX)
public class OpenSearchStoreProperties implements Validator {

	/** The prefix of the OpenSearch store's properties. */
	public static final String PREFIX = "colbert.store.opensearch";

	private static final Pattern INDEX_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");


	/** The cluster's node URLs (scheme://host:port); requests are spread over them. */
	private List<URI> uris = new ArrayList<>(List.of(URI.create("http://localhost:9200")));

	/** Basic-authentication user name; none when unset. */
	private String username;

	/** Basic-authentication password; required with a username. */
	private String password;

	/** How long to wait for a TCP connection. */
	private Duration connectTimeout = OpenSearchConnectionSettings.DEFAULT_CONNECT_TIMEOUT;

	/** How long to wait for a response (bulk requests and exhaustive searches can be slow). */
	private Duration responseTimeout = OpenSearchConnectionSettings.DEFAULT_RESPONSE_TIMEOUT;

	/** The index holding the documents and their token vectors; created with the right mapping when missing. */
	private String indexName = OpenSearchStoreSettings.DEFAULT_INDEX_NAME;

	/** Primary shards of a newly created index. */
	private int shards = OpenSearchStoreSettings.DEFAULT_SHARDS;

	/** Replicas of a newly created index. */
	private int replicas = OpenSearchStoreSettings.DEFAULT_REPLICAS;

	/**
	 * The index layout and how the engine finds candidates for exact MaxSim rescoring: "plaid" (centroid inverted
	 * lists over residual-compressed vectors, see colbert.store.opensearch.plaid), "token-knn" (a k-NN search per query
	 * vector over one nested float vector per document token, exact float MaxSim in the engine) or "pooled-knn" (one
	 * mean vector per document). Fixed when the index is created.
	 */
	private CandidateGeneration candidateGeneration = OpenSearchStoreSettings.DEFAULT_CANDIDATE_GENERATION;

	/** token-knn: documents each query vector's k-NN search returns. */
	private int candidatesPerQueryVector = OpenSearchStoreSettings.DEFAULT_CANDIDATES_PER_QUERY_VECTOR;

	/** pooled-knn: documents the pooled k-NN search returns. */
	private int pooledCandidates = OpenSearchStoreSettings.DEFAULT_POOLED_CANDIDATES;

	/** Candidates per shard rescored with exact MaxSim (at least top-K are): the main latency lever. */
	private int rescoreWindow = OpenSearchStoreSettings.DEFAULT_RESCORE_WINDOW;

	/** HNSW beam width at search time; 0 uses the engine's default (k). */
	private int efSearch = OpenSearchStoreSettings.DEFAULT_EF_SEARCH;

	/** HNSW graph degree of a newly created index. */
	private int hnswM = OpenSearchStoreSettings.DEFAULT_HNSW_M;

	/** HNSW beam width while building a newly created index. */
	private int hnswEfConstruction = OpenSearchStoreSettings.DEFAULT_HNSW_EF_CONSTRUCTION;

	/** The most documents in one bulk request. */
	private int bulkDocuments = OpenSearchStoreSettings.DEFAULT_BULK_DOCUMENTS;

	/** The most bytes in one bulk request (1MB to 90MB; OpenSearch refuses requests over 100MB by default). */
	private DataSize bulkMaxSize = DataSize.ofBytes(OpenSearchStoreSettings.DEFAULT_BULK_MAX_BYTES);

	/** Bulk requests under way at once per add; adding blocks while that many are in flight (back-pressure). */
	private int maxInFlightBulkRequests = OpenSearchStoreSettings.DEFAULT_MAX_IN_FLIGHT_BULK_REQUESTS;

	/** Retries of a bulk request after a 429, a 5xx answer or an I/O error. */
	private int maxRetries = OpenSearchStoreSettings.DEFAULT_MAX_RETRIES;

	/** The wait before the first retry; it doubles (with jitter) up to the maximum backoff. */
	private Duration initialBackoff = OpenSearchStoreSettings.DEFAULT_INITIAL_BACKOFF;

	/** The longest wait between retries. */
	private Duration maxBackoff = OpenSearchStoreSettings.DEFAULT_MAX_BACKOFF;

	/**
	 * When added and deleted documents become visible to searches: "immediate" (refresh at the end of each add or
	 * delete), "wait-for" (wait for the next scheduled refresh) or "none".
	 */
	private RefreshPolicy refreshPolicy = OpenSearchStoreSettings.DEFAULT_REFRESH_POLICY;

	/**
	 * How long a search may run in the cluster before OpenSearch cancels it (cancel_after_time_interval), so a
	 * runaway query fails instead of holding the cluster's search threads; 0 for no limit (at most 1h).
	 */
	private Duration searchTimeout = OpenSearchStoreSettings.DEFAULT_SEARCH_TIMEOUT;

	@NestedConfigurationProperty
	private final OpenSearchLexicalProperties lexical = new OpenSearchLexicalProperties();

	public OpenSearchLexicalProperties getLexical() {
		return this.lexical;
	}

	@NestedConfigurationProperty
	private final OpenSearchPlaidProperties plaid = new OpenSearchPlaidProperties();

	public OpenSearchPlaidProperties getPlaid() {
		return this.plaid;
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

	public CandidateGeneration getCandidateGeneration() {
		return this.candidateGeneration;
	}

	public void setCandidateGeneration(CandidateGeneration candidateGeneration) {
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

	public RefreshPolicy getRefreshPolicy() {
		return this.refreshPolicy;
	}

	public void setRefreshPolicy(RefreshPolicy refreshPolicy) {
		this.refreshPolicy = refreshPolicy;
	}

	public Duration getSearchTimeout() {
		return this.searchTimeout;
	}

	public void setSearchTimeout(Duration searchTimeout) {
		this.searchTimeout = searchTimeout;
	}

	@Override
	public boolean supports(Class<?> type) {
		return OpenSearchStoreProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		PropertyChecks checks = new PropertyChecks(PREFIX);
		((OpenSearchStoreProperties) target).validate(checks);
		checks.reportTo(errors);
	}

	/** Checks every value of this group and of {@code lexical}. */
	public void validate(PropertyChecks checks) {
		if (this.uris == null || this.uris.isEmpty()) {
			checks.reject("uris", checks.name("uris") + " must list at least one http or https URL");
		}
		else {
			for (URI uri : this.uris) {
				checks.require(uri != null && uri.getScheme() != null && uri.getScheme().matches("https?")
						&& uri.getHost() != null, "uris", "must hold http or https URLs but holds '" + uri + "'");
			}
		}
		if ((this.username == null) != (this.password == null)) {
			checks.reject("password",
					checks.name("username") + " and " + checks.name("password") + " must be set together");
		}
		checks.positive("connectTimeout", this.connectTimeout, Duration.ZERO);
		checks.positive("responseTimeout", this.responseTimeout, Duration.ZERO);
		checks.require(this.indexName != null && INDEX_NAME.matcher(this.indexName).matches(), "indexName",
				"must be lower-case letters, digits, '.', '_' or '-', starting with a letter or digit, but was '"
						+ this.indexName + "'");
		checks.range("shards", this.shards, 1, 1024);
		checks.range("replicas", this.replicas, 0, 16);
		checks.require(this.candidateGeneration != null, "candidateGeneration", "must be plaid, token-knn or pooled-knn");
		checks.range("candidatesPerQueryVector", this.candidatesPerQueryVector, 1, 10_000);
		checks.range("pooledCandidates", this.pooledCandidates, 1, 10_000);
		checks.range("rescoreWindow", this.rescoreWindow, 1, 10_000);
		checks.range("efSearch", this.efSearch, 0, 100_000);
		checks.range("hnswM", this.hnswM, 2, 128);
		checks.range("hnswEfConstruction", this.hnswEfConstruction, 2, 4096);
		checks.range("bulkDocuments", this.bulkDocuments, 1, 10_000);
		checks.between("bulkMaxSize", this.bulkMaxSize, DataSize.ofMegabytes(1), DataSize.ofMegabytes(90),
				"between 1MB and 90MB");
		checks.range("maxInFlightBulkRequests", this.maxInFlightBulkRequests, 1, 64);
		checks.range("maxRetries", this.maxRetries, 0, 100);
		checks.between("initialBackoff", this.initialBackoff, Duration.ZERO, Duration.ofMinutes(10),
				"between 0 and 10m");
		checks.between("maxBackoff", this.maxBackoff, Duration.ZERO, Duration.ofMinutes(10), "between 0 and 10m");
		if (this.initialBackoff != null && this.maxBackoff != null
				&& this.maxBackoff.compareTo(this.initialBackoff) < 0) {
			checks.reject("maxBackoff", checks.name("maxBackoff") + " (" + this.maxBackoff
					+ ") must not be shorter than " + checks.name("initialBackoff") + " (" + this.initialBackoff + ")");
		}
		checks.require(this.refreshPolicy != null, "refreshPolicy", "must be immediate, wait-for or none");
		checks.between("searchTimeout", this.searchTimeout, Duration.ZERO, Duration.ofHours(1),
				"between 0 (no limit) and 1h");
		this.lexical.validate(checks.at("lexical"));
		this.plaid.validate(checks.at("plaid"));
	}

}
