package dev.colbert.opensearch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.Conflicts;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch._types.mapping.TypeMapping;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.DeleteByQueryResponse;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.search.Hit;
import org.opensearch.client.opensearch.indices.GetMappingResponse;
import org.opensearch.client.opensearch.indices.IndicesStatsResponse;
import org.opensearch.client.opensearch.indices.stats.IndicesStats;
import org.opensearch.client.opensearch.indices.stats.IndicesStatsMetric;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.vectorstore.filter.Filter;

import dev.colbert.encoder.EncoderInfo;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.IndexDocument;
import dev.colbert.index.SearchHit;
import dev.colbert.lexical.LexicalExplainer;
import dev.colbert.opensearch.IndexLayout.IndexModel;
import dev.colbert.search.SearchMode;
import dev.colbert.store.StoreQuery;
import dev.colbert.store.StoreStats;
import dev.colbert.store.TokenVectorStore;

/**
 * The {@link TokenVectorStore} on OpenSearch: for users who outgrow one machine, the same retriever over token vectors
 * kept in an OpenSearch 3.3+ cluster with the k-NN plugin.
 *
 * <p>Each passage is one OpenSearch document (layout in {@link IndexLayout}). With {@link CandidateGeneration#PLAID}
 * it holds its centroid ids as terms and its residual-compressed vectors in one binary doc value, and a search runs
 * PLAID across the cluster ({@link PlaidSearch}: centroid interaction in the engine, exact MaxSim over the
 * decompressed vectors on the client; the codec is trained on the client and kept in the cluster,
 * {@link PlaidCodecStore}). With the k-NN layouts it holds float token vectors in {@code _source} and a
 * {@link SearchMode#PLAID} search asks for k-NN candidates and rescores the best with exact MaxSim in the engine
 * ({@code lateInteractionScore}, score transform undone by {@link LateInteractionScores}); {@link SearchMode#EXHAUSTIVE}
 * scores every (filtered) document. Filters become OpenSearch queries ({@link OpenSearchFilterExpressionConverter})
 * applied inside the candidate search.
 *
 * <p>Hybrid queries ({@link StoreQuery#hybrid()}): the text field of an index created by this version is indexed for
 * BM25 (analyzer and k1/b from {@link OpenSearchStoreSettings#lexical()}); the engine answers a BM25 query and the MaxSim
 * query, both filtered, and {@link OpenSearchHybridSearch} fuses them on the client the way the embedded store does.
 * An index created before hybrid search answers late-interaction queries only.
 *
 * <p>The index is created with the right mapping when absent; an existing index must have been created for the same
 * model fingerprint, dimension and candidate generation (recorded in its mapping's {@code _meta}), or the store
 * refuses to start. Writes go through {@link BulkWriter} (bounded in-flight requests, retries with backoff, failures
 * reported by document id). Thread-safe.
 *
 * <pre class="code">
 * OpenSearchTokenVectorStore store = OpenSearchTokenVectorStore
 *     .builder(OpenSearchConnectionSettings.of("http://localhost:9200"))
 *     .settings(OpenSearchStoreSettings.builder().indexName("passages").replicas(1).build())
 *     .model(encoder.info())
 *     .build();
 * </pre>
 */
public final class OpenSearchTokenVectorStore implements TokenVectorStore {

	private static final Logger logger = LoggerFactory.getLogger(OpenSearchTokenVectorStore.class);

	private static final AtomicInteger storeCounter = new AtomicInteger();

	private final OpenSearchClient client;

	private final boolean ownsClient;

	private final OpenSearchStoreSettings settings;

	private final IndexModel model;

	private final DocumentSources documentSources;

	private final OpenSearchFilterExpressionConverter filters = new OpenSearchFilterExpressionConverter();

	private final MaxSimSearchRequests searchRequests;

	private final ExecutorService bulkExecutor;

	private final BulkWriter bulkWriter;

	private final OpenSearchHybridSearch hybridSearch;

	private final LexicalExplainer lexicalExplainer;

	/** {@link CandidateGeneration#PLAID}: the codec in force, else null. */
	private final PlaidCodecs plaidCodecs;

	private final PlaidSearch plaidSearch;

	private OpenSearchTokenVectorStore(OpenSearchClient client, boolean ownsClient, OpenSearchStoreSettings settings,
			IndexModel model) {
		this.client = client;
		this.ownsClient = ownsClient;
		this.settings = settings;
		this.model = model;
		this.documentSources = new DocumentSources(model.dim(), model.candidateGeneration());
		this.searchRequests = new MaxSimSearchRequests(settings);
		this.bulkExecutor = Executors.newFixedThreadPool(settings.maxInFlightBulkRequests(),
				daemonThreads("colbert-opensearch-bulk-" + storeCounter.incrementAndGet() + "-"));
		this.bulkWriter = new BulkWriter(client, settings, this.bulkExecutor);
		this.hybridSearch = new OpenSearchHybridSearch(new OpenSearchHybridSearch.Engine() {

			@Override
			public List<SearchHit> maxSim(TokenVectors query, int size, SearchMode mode, Query filter) {
				return OpenSearchTokenVectorStore.this.maxSim(query, size, mode, filter);
			}

			@Override
			public List<SearchHit> exactMaxSim(TokenVectors query, List<String> ids, Query filter) {
				return OpenSearchTokenVectorStore.this.exactMaxSim(query, ids, filter);
			}

			@Override
			public List<SearchHit> bm25(String text, int size, Query filter) {
				return OpenSearchTokenVectorStore.this.bm25(text, size, filter);
			}

		}, settings.rescoreWindow());
		this.lexicalExplainer = (model.lexical() != null) ? explainerFor(model.lexical().analyzer()) : null;
		boolean plaid = model.candidateGeneration() == CandidateGeneration.PLAID;
		this.plaidCodecs = plaid ? new PlaidCodecs(new PlaidCodecStore(client, settings, model.modelFingerprint()),
				model.dim(), settings.plaid().nbits()) : null;
		this.plaidSearch = plaid ? new PlaidSearch(client, settings) : null;
	}

	/**
	 * Explanations run on the client with the Lucene analyzer of the same name (OpenSearch's english, standard, simple
	 * and whitespace analyzers are Lucene's); for another analyzer, Lucene's standard analyzer approximates it.
	 */
	private static LexicalExplainer explainerFor(String analyzer) {
		try {
			return LexicalExplainer.forAnalyzer(analyzer);
		}
		catch (IllegalArgumentException ex) {
			logger.info("Lexical explanations use Lucene's standard analyzer: the index's analyzer '{}' has no "
					+ "Lucene counterpart by that name", analyzer);
			return LexicalExplainer.forAnalyzer("standard");
		}
	}

	/** A builder for a store that uses this client; the store does not close it. */
	public static Builder builder(OpenSearchClient client) {
		return new Builder(Objects.requireNonNull(client, "client"), null);
	}

	/** A builder for a store that creates its own client from these settings and closes it on {@link #close()}. */
	public static Builder builder(OpenSearchConnectionSettings connection) {
		return new Builder(null, Objects.requireNonNull(connection, "connection"));
	}

	/** The settings this store runs with. */
	public OpenSearchStoreSettings settings() {
		return this.settings;
	}

	/** The OpenSearch client this store talks through. */
	public OpenSearchClient client() {
		return this.client;
	}

	/** The token vector dimension this store holds. */
	public int dim() {
		return this.model.dim();
	}

	@Override
	public String modelFingerprint() {
		return this.model.modelFingerprint();
	}

	@Override
	public void add(List<IndexDocument> documents) {
		Objects.requireNonNull(documents, "documents");
		// Check everything before writing anything: a bad document must not leave half a batch behind.
		Map<String, IndexDocument> byId = new LinkedHashMap<>();
		for (int i = 0; i < documents.size(); i++) {
			IndexDocument document = documents.get(i);
			this.documentSources.check(document, i);
			byId.remove(document.id());
			byId.put(document.id(), document); // the last document with an id wins, as in sequential adds
		}
		if (byId.isEmpty()) {
			return;
		}
		ensureIndex();
		List<PlaidCodec.Compressed> compressed = (this.plaidCodecs != null) ? compress(byId.values()) : null;
		List<BulkWriter.Operation> operations = new ArrayList<>(byId.size());
		int position = 0;
		for (IndexDocument document : byId.values()) {
			Map<String, Object> source = this.documentSources.source(document,
					(compressed != null) ? compressed.get(position) : null);
			position++;
			operations.add(new BulkWriter.Operation(document.id(),
					BulkOperation.of((b) -> b.index((i) -> i.id(document.id()).document(source))),
					this.documentSources.estimatedBytes(document)));
		}
		BulkWriter.Result result = this.bulkWriter.write(operations, bulkRefresh());
		refreshIfImmediate();
		throwIfFailed("add", operations.size(), result);
	}

	/**
	 * {@link CandidateGeneration#PLAID}: compresses the documents with the index's codec, training it on them first
	 * (planned for their token vectors) when the index has none yet.
	 */
	private List<PlaidCodec.Compressed> compress(Collection<IndexDocument> documents) {
		List<TokenVectors> vectors = documents.stream().map(IndexDocument::vectors).toList();
		long total = vectors.stream().mapToLong(TokenVectors::count).sum();
		PlaidCodec codec = call("train or read the PLAID codec", () -> this.plaidCodecs.ensure(vectors, total)).codec();
		return codec.compress(vectors);
	}

	/**
	 * {@link CandidateGeneration#PLAID}: trains the index's codec on {@code sample} for a collection of
	 * {@code plannedVectors} token vectors and stores it in the cluster, unless the index has a codec already (then
	 * that one stays: retraining means a new index). Call before the first {@link #add} to train on a sample of the
	 * whole collection ({@link dev.colbert.index.codec.CodecTrainer#referenceSampleDocuments(int)} documents) rather
	 * than on the first batch added. The sample may produce its documents lazily; it is read twice.
	 * @return true when this call trained and stored the codec, false when the index had one
	 * @throws IllegalStateException when the store does not use {@link CandidateGeneration#PLAID}
	 */
	public boolean trainCodec(Iterable<TokenVectors> sample, long plannedVectors) {
		Objects.requireNonNull(sample, "sample");
		if (this.plaidCodecs == null) {
			throw new IllegalStateException("the index '" + this.settings.indexName() + "' uses candidate generation "
					+ this.model.candidateGeneration() + ", which has no codec: configure CandidateGeneration.PLAID "
					+ "for a new index");
		}
		ensureIndex();
		return call("train the PLAID codec", () -> this.plaidCodecs.ensure(sample, plannedVectors)).stored();
	}

	@Override
	public int delete(Collection<String> ids) {
		Objects.requireNonNull(ids, "ids");
		List<BulkWriter.Operation> operations = new ArrayList<>();
		for (String id : new LinkedHashSet<>(ids)) {
			if (id != null && !id.isBlank()) {
				operations.add(new BulkWriter.Operation(id,
						BulkOperation.of((b) -> b.delete((d) -> d.id(id))), 64 + id.length()));
			}
		}
		if (operations.isEmpty() || !indexExists()) {
			return 0;
		}
		BulkWriter.Result result = this.bulkWriter.write(operations, bulkRefresh());
		refreshIfImmediate();
		throwIfFailed("delete", operations.size(), result);
		return (int) result.count("deleted");
	}

	@Override
	public int delete(Filter.Expression filter) {
		if (filter == null) {
			throw new IllegalArgumentException("filter must not be null; to delete documents by id use delete(ids)");
		}
		Query query = this.filters.convert(filter);
		if (!indexExists()) {
			return 0;
		}
		DeleteByQueryResponse response = call("delete by filter " + filter,
				() -> this.client.deleteByQuery((d) -> d.index(this.settings.indexName())
					.query(query)
					.conflicts(Conflicts.Proceed)
					.refresh((this.settings.refreshPolicy() != RefreshPolicy.NONE) ? Refresh.True : null)
					.waitForCompletion(true)));
		if (response.failures() != null && !response.failures().isEmpty()) {
			throw new OpenSearchStoreException("delete by filter " + filter + " on index '"
					+ this.settings.indexName() + "' deleted " + response.deleted() + " documents, then failed: "
					+ response.failures(), (Throwable) null);
		}
		return (response.deleted() != null) ? response.deleted().intValue() : 0;
	}

	@Override
	public List<SearchHit> search(StoreQuery query) {
		Objects.requireNonNull(query, "query");
		TokenVectorChecks.check("the query", query.vectors(), this.model.dim());
		Query filter = (query.filter() != null) ? this.filters.convert(query.filter()) : null;
		if (query.isHybrid()) {
			requireLexical();
			return this.hybridSearch.search(query, filter);
		}
		List<SearchHit> results = new ArrayList<>();
		for (SearchHit hit : maxSim(query.vectors(), query.topK(), query.mode(), filter)) {
			if (hit.score() >= query.minScore()) {
				results.add(hit);
			}
		}
		return results;
	}

	/**
	 * BM25 alone: the best {@code k} documents for the query text by the index's text field (the filter applied),
	 * each with its {@link SearchHit#lexicalScore()} ({@code maxSim} and {@code score} are NaN).
	 * @throws IllegalStateException when the index was created before hybrid search (its text is not indexed)
	 */
	public List<SearchHit> lexicalSearch(String text, int k, Filter.Expression filter) {
		Objects.requireNonNull(text, "text");
		if (k < 1) {
			throw new IllegalArgumentException("k must be at least 1, was " + k);
		}
		requireLexical();
		return bm25(text, k, (filter != null) ? this.filters.convert(filter) : null);
	}

	/**
	 * True when the index has its text field indexed for BM25 (recorded in its {@code _meta}); false for an index
	 * created before hybrid search, which answers late-interaction queries only.
	 */
	@Override
	public boolean supportsLexicalSearch() {
		return this.model.lexical() != null;
	}

	@Override
	public Optional<LexicalExplainer> lexicalExplainer() {
		return Optional.ofNullable(this.lexicalExplainer);
	}

	private void requireLexical() {
		if (this.model.lexical() == null) {
			throw new IllegalStateException("A hybrid query needs the BM25 text field, which the OpenSearch index '"
					+ this.settings.indexName() + "' does not have: it was created before hybrid search. Reindex "
					+ "into a new index (another colbert.store.opensearch.index-name) to use hybrid search");
		}
	}

	private List<SearchHit> maxSim(TokenVectors vectors, int size, SearchMode mode, Query filter) {
		if (this.plaidSearch != null) {
			PlaidCodec codec = call("read the PLAID codec", this.plaidCodecs::current);
			// no codec: nothing was ever added to this index
			return (codec == null) ? List.of()
					: searching(() -> this.plaidSearch.search(codec, vectors, size, mode, filter), List.of());
		}
		return hits(this.searchRequests.build(vectors, size, mode, filter), vectors.count(), false);
	}

	private List<SearchHit> exactMaxSim(TokenVectors vectors, List<String> ids, Query filter) {
		if (this.plaidSearch != null) {
			PlaidCodec codec = call("read the PLAID codec", this.plaidCodecs::current);
			return (codec == null) ? List.of()
					: searching(() -> this.plaidSearch.exactOfIds(codec, vectors, ids, filter), List.of());
		}
		return hits(this.searchRequests.exactOfIds(vectors, ids, filter), vectors.count(), false);
	}

	/**
	 * A search call, or {@code whenIndexMissing} when the index was deleted underneath (every layout alike); retried
	 * when the cluster refuses it for overload ({@link OverloadRetries}).
	 */
	private <T> T searching(IoCall<T> search, T whenIndexMissing) {
		try {
			return OverloadRetries.call(this.settings, "Search", search::call);
		}
		catch (OpenSearchException ex) {
			if ("index_not_found_exception".equals(ex.error().type())) {
				return whenIndexMissing;
			}
			throw failure("search", ex);
		}
		catch (IOException ex) {
			throw failure("search", ex);
		}
	}

	private List<SearchHit> bm25(String text, int size, Query filter) {
		return hits(this.searchRequests.bm25(text, size, filter), 0, true);
	}

	/** The hits of a search: MaxSim ones (the engine's score transform undone) or BM25 ones. */
	private List<SearchHit> hits(SearchRequest request, int queryVectors, boolean lexical) {
		@SuppressWarnings("rawtypes")
		SearchResponse<Map> response = searching(() -> this.client.search(request, Map.class), null);
		if (response == null) {
			return List.of();
		}
		List<SearchHit> results = new ArrayList<>(response.hits().hits().size());
		for (@SuppressWarnings("rawtypes") Hit<Map> hit : response.hits().hits()) {
			Map<?, ?> source = (hit.source() != null) ? hit.source() : Map.of();
			Object text = source.get(IndexLayout.TEXT);
			Map<String, Object> metadata = MetadataValues.fromSource(source.get(IndexLayout.METADATA),
					source.get(IndexLayout.METADATA_TYPES));
			String body = (text != null) ? text.toString() : "";
			double hitScore = (hit.score() != null) ? hit.score() : Double.NaN;
			if (lexical) {
				results.add(new SearchHit(hit.id(), Double.NaN, Double.NaN, body, metadata, hitScore, hitScore));
			}
			else {
				double maxSim = LateInteractionScores.maxSim(hit.score(), queryVectors);
				results.add(new SearchHit(hit.id(), maxSim, maxSim / queryVectors, body, metadata));
			}
		}
		return results;
	}

	@Override
	public StoreStats<OpenSearchStoreDetails> stats() {
		String index = this.settings.indexName();
		if (!indexExists()) {
			return stats(0, 0, 0, null);
		}
		long documents = call("count", () -> this.client.count((c) -> c.index(index))).count();
		var tokens = call("sum token counts", () -> this.client.search((s) -> s.index(index)
			.size(0)
			.aggregations("tokens", (a) -> a.sum((sum) -> sum.field(IndexLayout.TOKEN_COUNT))), Void.class));
		Double tokenSum = tokens.aggregations().get("tokens").sum().value();
		IndicesStatsResponse stats = call("index stats",
				() -> this.client.indices().stats((s) -> s.index(index).metric(IndicesStatsMetric.Store, IndicesStatsMetric.Docs, IndicesStatsMetric.Segments)));
		IndicesStats indexStats = stats.indices().get(index);
		long bytes = -1;
		Long withReplicas = null;
		Long luceneDocuments = null;
		Long pendingDeletes = null;
		Integer segments = null;
		if (indexStats != null && indexStats.primaries() != null) {
			if (indexStats.primaries().store() != null) {
				bytes = indexStats.primaries().store().sizeInBytes();
			}
			if (indexStats.total() != null && indexStats.total().store() != null) {
				withReplicas = indexStats.total().store().sizeInBytes();
			}
			if (indexStats.primaries().docs() != null) {
				luceneDocuments = indexStats.primaries().docs().count();
				pendingDeletes = indexStats.primaries().docs().deleted();
			}
			if (indexStats.primaries().segments() != null) {
				segments = indexStats.primaries().segments().count();
			}
		}
		var health = call("cluster health", () -> this.client.cluster().health((h) -> h.index(index)));
		return stats(documents, (tokenSum != null) ? tokenSum.longValue() : 0, bytes,
				new OpenSearchStoreDetails.IndexState(withReplicas, luceneDocuments, pendingDeletes, segments,
						health.status().jsonValue(), health.activeShards(), health.unassignedShards()));
	}

	private StoreStats<OpenSearchStoreDetails> stats(long documents, long tokenVectors, long bytes,
			OpenSearchStoreDetails.IndexState state) {
		OpenSearchStoreDetails details = new OpenSearchStoreDetails(this.settings.indexName(),
				this.model.modelFingerprint(), this.model.dim(), this.model.candidateGeneration(),
				this.settings.candidatesPerQueryVector(), this.settings.pooledCandidates(),
				this.settings.rescoreWindow(), this.model.lexical(), state, (this.plaidCodecs != null)
						? call("read the PLAID codec", () -> this.plaidCodecs.state(tokenVectors)) : null);
		return new StoreStats<>("opensearch", documents, tokenVectors, bytes, details.figures(tokenVectors, bytes),
				details);
	}

	@Override
	public void close() {
		this.bulkExecutor.shutdownNow();
		if (this.plaidCodecs != null) {
			this.plaidCodecs.close();
		}
		if (this.ownsClient) {
			try {
				this.client._transport().close();
			}
			catch (IOException ex) {
				logger.warn("Closing the OpenSearch client failed", ex);
			}
		}
	}

	private Refresh bulkRefresh() {
		return (this.settings.refreshPolicy() == RefreshPolicy.WAIT_FOR) ? Refresh.WaitFor : null;
	}

	private void refreshIfImmediate() {
		if (this.settings.refreshPolicy() == RefreshPolicy.IMMEDIATE) {
			call("refresh", () -> this.client.indices().refresh((r) -> r.index(this.settings.indexName())));
		}
	}

	private void throwIfFailed(String operation, int total, BulkWriter.Result result) {
		if (result.failures().isEmpty()) {
			return;
		}
		StringBuilder message = new StringBuilder();
		message.append(operation)
			.append(": ")
			.append(result.failures().size())
			.append(" of ")
			.append(total)
			.append(" documents failed on index '")
			.append(this.settings.indexName())
			.append("' (the others were written):");
		result.failures().entrySet().stream().limit(10).forEach((failure) -> message.append("\n  '")
			.append(failure.getKey())
			.append("': ")
			.append(failure.getValue()));
		if (result.failures().size() > 10) {
			message.append("\n  ... and ").append(result.failures().size() - 10).append(" more");
		}
		throw new OpenSearchStoreException(message.toString(), result.failures());
	}

	private boolean indexExists() {
		return call("check index", () -> this.client.indices().exists((e) -> e.index(this.settings.indexName())))
			.value();
	}

	/** Creates the index if it is missing (it may have been deleted since the store started). */
	private void ensureIndex() {
		if (!indexExists()) {
			createOrVerifyIndex(this.client, this.settings, this.model);
		}
	}

	/**
	 * Creates the index for {@code model}, or checks that the existing one can serve it.
	 * @return the model of the index in force: {@code model}, with the text field of an existing index
	 */
	static IndexModel createOrVerifyIndex(OpenSearchClient client, OpenSearchStoreSettings settings, IndexModel model) {
		String index = settings.indexName();
		boolean exists = call(index, "check index", () -> client.indices().exists((e) -> e.index(index))).value();
		if (!exists) {
			try {
				client.indices().create(IndexLayout.createIndexRequest(settings, model));
				logger.info("Created OpenSearch index '{}' for model {} ({} dimensions, {} candidates, {} shards, "
						+ "{} replicas, BM25 text field {})", index, model.modelFingerprint(), model.dim(),
						model.candidateGeneration(), settings.shards(), settings.replicas(), model.lexical());
				return model;
			}
			catch (OpenSearchException ex) {
				if (!"resource_already_exists_exception".equals(ex.error().type())) {
					throw failure(index, "create index", ex);
				}
				// Created concurrently by another store: verify it below.
			}
			catch (IOException ex) {
				throw failure(index, "create index", ex);
			}
		}
		GetMappingResponse mapping = call(index, "read mapping",
				() -> client.indices().getMapping((m) -> m.index(index)));
		TypeMapping typeMapping = (mapping.result().get(index) != null) ? mapping.result().get(index).mappings()
				: null;
		JsonData meta = (typeMapping != null) ? typeMapping.meta().get(IndexLayout.META_KEY) : null;
		Map<?, ?> metaMap = (meta != null) ? JsonValues.plainObject(meta.toJson(client._transport().jsonpMapper())) : null;
		IndexModel existing = IndexModel.fromMeta(index, metaMap);
		model.checkCompatible(index, existing);
		if (existing.lexical() == null) {
			logger.info("OpenSearch index '{}' was created before hybrid search: its text is not indexed for BM25, so "
					+ "it answers late-interaction queries only (reindex into a new index for hybrid search)", index);
		}
		else if (!existing.lexical().equals(model.lexical())) {
			logger.info("OpenSearch index '{}' keeps the BM25 text field it was created with ({}), not {}", index,
					existing.lexical(), model.lexical());
		}
		logger.debug("Using existing OpenSearch index '{}' for model {}", index, model.modelFingerprint());
		return model.withLexical(existing.lexical());
	}

	private <T> T call(String operation, IoCall<T> call) {
		return call(this.settings.indexName(), operation, call);
	}

	private static <T> T call(String index, String operation, IoCall<T> call) {
		try {
			return call.call();
		}
		catch (OpenSearchException ex) {
			throw failure(index, operation, ex);
		}
		catch (IOException ex) {
			throw failure(index, operation, ex);
		}
	}

	private OpenSearchStoreException failure(String operation, Exception ex) {
		return failure(this.settings.indexName(), operation, ex);
	}

	private static OpenSearchStoreException failure(String index, String operation, Exception ex) {
		String reason;
		if (ex instanceof OpenSearchException os && os.error() != null) {
			reason = "status " + os.status() + " " + os.error().type() + ": " + os.error().reason();
			if (os.error().causedBy() != null) {
				reason += " (caused by " + os.error().causedBy().type() + ": " + os.error().causedBy().reason() + ")";
			}
		}
		else {
			reason = ex.toString();
		}
		return new OpenSearchStoreException(operation + " on index '" + index + "' failed: " + reason, ex);
	}

	private static ThreadFactory daemonThreads(String prefix) {
		AtomicInteger counter = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	@FunctionalInterface
	private interface IoCall<T> {

		T call() throws IOException;

	}

	/** Builds an {@link OpenSearchTokenVectorStore}. */
	public static final class Builder {

		private final OpenSearchClient client;

		private final OpenSearchConnectionSettings connection;

		private OpenSearchStoreSettings settings = OpenSearchStoreSettings.defaults();

		private String modelFingerprint;

		private int dim;

		private Builder(OpenSearchClient client, OpenSearchConnectionSettings connection) {
			this.client = client;
			this.connection = connection;
		}

		/** Index, candidate, rescoring and bulk settings (default {@link OpenSearchStoreSettings#defaults()}). */
		public Builder settings(OpenSearchStoreSettings settings) {
			this.settings = Objects.requireNonNull(settings, "settings");
			return this;
		}

		/** The encoder whose vectors the store holds. */
		public Builder model(EncoderInfo encoder) {
			Objects.requireNonNull(encoder, "encoder");
			return model(encoder.fingerprint(), encoder.dim());
		}

		/** The encoder fingerprint and vector dimension the store holds. */
		public Builder model(String modelFingerprint, int dim) {
			this.modelFingerprint = modelFingerprint;
			this.dim = dim;
			return this;
		}

		/**
		 * Connects, creates the index if it is missing or checks that the existing one was made for this model.
		 * @throws IllegalArgumentException if the model is not set
		 * @throws IllegalStateException if the existing index holds another model, dimension or candidate layout
		 * @throws OpenSearchStoreException if the cluster cannot be reached or refuses the index
		 */
		public OpenSearchTokenVectorStore build() {
			if (this.modelFingerprint == null || this.modelFingerprint.isBlank()) {
				throw new IllegalArgumentException("model fingerprint is required: call model(encoder.info())");
			}
			if (this.dim < 1 || this.dim > 16_000) {
				throw new IllegalArgumentException("dim must be between 1 and 16000 (the k-NN plugin's limit), was "
						+ this.dim);
			}
			IndexModel model = new IndexModel(IndexLayout.FORMAT_VERSION, this.modelFingerprint, this.dim,
					this.settings.candidateGeneration(), this.settings.lexical());
			OpenSearchClient client = (this.client != null) ? this.client : OpenSearchClients.create(this.connection);
			try {
				model = createOrVerifyIndex(client, this.settings, model);
			}
			catch (RuntimeException ex) {
				if (this.client == null) {
					try {
						client._transport().close();
					}
					catch (IOException closing) {
						ex.addSuppressed(closing);
					}
				}
				throw ex;
			}
			return new OpenSearchTokenVectorStore(client, this.client == null, this.settings, model);
		}

	}

}
