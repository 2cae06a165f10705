package dev.colbert.spring.ai;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.observation.DefaultVectorStoreObservationConvention;
import org.springframework.ai.vectorstore.observation.VectorStoreObservationContext;
import org.springframework.ai.vectorstore.observation.VectorStoreObservationConvention;
import org.springframework.ai.vectorstore.observation.VectorStoreObservationDocumentation;
import org.springframework.util.Assert;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.SwitchableEncoder;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.IndexDocument;
import dev.colbert.index.SearchHit;
import dev.colbert.lexical.LexicalExplainer;
import dev.colbert.search.SearchMode;
import dev.colbert.search.explain.MaxSimExplainer;
import dev.colbert.store.StoreQuery;
import dev.colbert.store.TokenVectorStore;
import dev.colbert.store.filter.FilterExpressionValidator;
import dev.colbert.store.filter.UnsupportedFilterExpressionException;
import dev.colbert.util.ProgressLog;

/**
 * A Spring AI {@link VectorStore} backed by ColBERT late interaction: documents are encoded into token vectors by a
 * {@link ColbertEncoder} and kept in a {@link TokenVectorStore}; a search encodes the query and returns the MaxSim
 * top-K.
 *
 * <p>Results: {@code Document.getScore()} is the normalized score (MaxSim divided by the number of query vectors, the
 * average best cosine, in [-1, 1]); the raw MaxSim is in metadata under {@link ColbertDocumentMetadata#MAXSIM} and
 * {@code 1 - score} under {@link ColbertDocumentMetadata#DISTANCE}. A similarity threshold applies to the normalized
 * score; {@link SearchRequest#SIMILARITY_THRESHOLD_ACCEPT_ALL} (0.0) accepts every document, negative scores included.
 *
 * <p>Hybrid search ({@link ColbertSearchRequest#hybrid()}, on a store that keeps a lexical index): BM25 over the
 * query text beside late interaction, fused ({@link dev.colbert.hybrid.FusionMode}). Results are ranked by the fused
 * score, which {@code Document.getScore()} then holds (and {@code distance} is {@code 1 -} it); the normalized MaxSim
 * stays under {@link ColbertDocumentMetadata#LATE_INTERACTION_SCORE} and the threshold still applies to it; BM25's
 * score is under {@link ColbertDocumentMetadata#BM25}.
 *
 * <p>Adding: every document must have text; metadata values must be {@code String}, {@code Number}, {@code Boolean}
 * or lists of them. All documents are checked before any is encoded; then they are encoded in batches of
 * {@link Builder#batchSize(int) batchSize} (with progress, rate and ETA logged for long adds) and stored with one
 * {@link TokenVectorStore#add} call at the end: a failure while encoding stores none of the call's documents, and the
 * embedded store commits the call once, all or nothing (a failed commit is rolled back; OpenSearch writes the call in
 * bulk requests, so a failure there can leave earlier bulk requests indexed). One commit per call also lets the
 * embedded index train its codec on every document of a first big add rather than on a first batch.
 * The call holds the token vectors of all its documents in memory until the commit (about documents x tokens x dim
 * x 4 bytes: 10,000 chunks of 200 tokens at dim 128 take 1 GB): split very large collections into several calls.
 * A document whose id is already stored replaces it.
 *
 * <p>Filters: {@code Filter.Expression} over metadata with {@code EQ, NE, GT, GTE, LT, LTE, IN, NIN, ISNULL,
 * ISNOTNULL, AND, OR, NOT}; other expressions are refused with an {@link UnsupportedFilterExpressionException} (see
 * {@link FilterExpressionValidator}). Semantics, the same in every store: numbers compare numerically whatever their
 * Java type; a missing key never matches {@code EQ, GT, GTE, LT, LTE, IN} and always matches {@code NE, NIN, ISNULL};
 * a list-valued key matches {@code EQ, IN} and the orderings when any element does.
 *
 * <p>Every add, delete and search is a Micrometer observation ({@code db.vector.client.operation}, Spring AI's
 * {@link VectorStoreObservationDocumentation#AI_VECTOR_STORE}) with {@code db.system = colbert}.
 *
 * <p>Model swaps: when the encoder is a {@link SwitchableEncoder}, a search runs in {@link SwitchableEncoder#withCurrent},
 * so a query is encoded by the model that built the index it searches, even while a swap replaces both (a swap waits
 * for the searches in flight). An add does not hold that lock while it encodes (a swap waiting for a long add would
 * make every search queue behind it): it encodes batch by batch, each under a {@link SwitchableEncoder#lease()}, and
 * takes the lock only to store, after checking that the model that encoded its documents still serves (same
 * fingerprint). If a swap to another model came in between, the documents are encoded again with the new model and
 * stored in its index; after {@value #MAX_ADD_ATTEMPTS} attempts overtaken by swaps the add fails, storing nothing.
 *
 * <p>Thread-safe. The encoder and the token-vector store are not closed by this class: their owner closes them.
 */
public class ColbertVectorStore implements VectorStore {

	/** The {@code db.system} of this store's observations. */
	public static final String DB_SYSTEM = "colbert";

	/** The similarity metric reported in observations. */
	public static final String SIMILARITY_METRIC = "maxsim";

	/** Default number of documents encoded and stored per batch. */
	public static final int DEFAULT_BATCH_SIZE = 64;

	/** The default search mode: PLAID (approximate candidates, then exact MaxSim). */
	public static final SearchMode DEFAULT_SEARCH_MODE = SearchMode.PLAID;

	/** Times an add encodes its documents when model swaps overtake it, before it gives up. */
	public static final int MAX_ADD_ATTEMPTS = 3;

	private static final Logger logger = LoggerFactory.getLogger(ColbertVectorStore.class);

	/** How often a long add logs its progress; an add that takes less logs its summaries at debug only. */
	private static final long PROGRESS_INTERVAL_NANOS = 10_000_000_000L;

	private static final VectorStoreObservationConvention DEFAULT_OBSERVATION_CONVENTION = new DefaultVectorStoreObservationConvention();

	private final ColbertEncoder encoder;

	private final TokenVectorStore store;

	private final ObservationRegistry observationRegistry;

	private final VectorStoreObservationConvention customObservationConvention;

	private final SearchMode defaultSearchMode;

	private final int batchSize;

	private final String collectionName;

	private final MaxSimExplainer explainer;

	protected ColbertVectorStore(Builder builder) {
		this.encoder = builder.encoder;
		this.store = builder.store;
		this.observationRegistry = builder.observationRegistry;
		this.customObservationConvention = builder.customObservationConvention;
		this.defaultSearchMode = builder.searchMode;
		this.batchSize = builder.batchSize;
		this.collectionName = builder.collectionName;
		this.explainer = new MaxSimExplainer();
		checkFingerprint(this.encoder, this.store);
	}

	private static void checkFingerprint(ColbertEncoder encoder, TokenVectorStore store) {
		String encoderFingerprint = encoder.info().fingerprint();
		String storeFingerprint = store.modelFingerprint();
		if (storeFingerprint != null && encoderFingerprint != null && !storeFingerprint.equals(encoderFingerprint)) {
			throw new IllegalStateException("The token-vector store holds vectors of the model with fingerprint "
					+ storeFingerprint + " but the encoder (" + encoder.info().source() + ") has fingerprint "
					+ encoderFingerprint + ": configure the model that built the store, or re-index with this one");
		}
	}

	/**
	 * Starts a builder.
	 * @param encoder encodes documents and queries (its vectors must be those the store holds)
	 * @param store keeps the token vectors
	 */
	public static Builder builder(ColbertEncoder encoder, TokenVectorStore store) {
		return new Builder(encoder, store);
	}

	@Override
	public String getName() {
		return "ColbertVectorStore";
	}

	/** The encoder this store encodes documents and queries with. */
	public ColbertEncoder getEncoder() {
		return this.encoder;
	}

	/** The token-vector store behind this vector store. */
	public TokenVectorStore getTokenVectorStore() {
		return this.store;
	}

	/** The search mode used when a request does not name one. */
	public SearchMode getDefaultSearchMode() {
		return this.defaultSearchMode;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> Optional<T> getNativeClient() {
		return Optional.of((T) this.store);
	}

	@Override
	public void add(List<Document> documents) {
		Assert.notNull(documents, "documents must not be null");
		observe(VectorStoreObservationContext.Operation.ADD, null, () -> {
			doAdd(documents);
			return null;
		});
	}

	@Override
	public void delete(List<String> ids) {
		Assert.notNull(ids, "ids must not be null");
		observe(VectorStoreObservationContext.Operation.DELETE, null, () -> {
			int deleted = this.store.delete(ids);
			logger.debug("Deleted {} of {} ids", deleted, ids.size());
			return null;
		});
	}

	@Override
	public void delete(Filter.Expression filterExpression) {
		Assert.notNull(filterExpression, "filterExpression must not be null");
		FilterExpressionValidator.validate(filterExpression);
		observe(VectorStoreObservationContext.Operation.DELETE, null, () -> {
			int deleted = this.store.delete(filterExpression);
			logger.debug("Deleted {} documents matching {}", deleted, filterExpression);
			return null;
		});
	}

	@Override
	public List<Document> similaritySearch(SearchRequest request) {
		Assert.notNull(request, "request must not be null");
		return search(ColbertSearchRequest.of(request));
	}

	/**
	 * Searches with ColBERT-specific options: a search mode for this request, token-level explanations, hybrid
	 * retrieval (BM25 beside late interaction, fused; the results are then ranked, and {@code Document.getScore()}
	 * set, by the fused score, while the similarity threshold still applies to the normalized MaxSim).
	 * @param request the request
	 * @return the MaxSim (or fused) top-K, best first
	 */
	public List<Document> search(ColbertSearchRequest request) {
		Assert.notNull(request, "request must not be null");
		SearchRequest searchRequest = request.searchRequest();
		FilterExpressionValidator.validate(searchRequest.getFilterExpression());
		if (searchRequest.getQuery() == null || searchRequest.getQuery().isBlank()) {
			throw new IllegalArgumentException(
					"The search request has no query text: ColBERT scores the query's token vectors, so a query is required");
		}
		return observe(VectorStoreObservationContext.Operation.QUERY, searchRequest,
				() -> withEncoder((encoder) -> doSearch(encoder, request)));
	}

	/** Runs {@code work} with one encoder that no model swap replaces before it returns. */
	private <T> T withEncoder(Function<ColbertEncoder, T> work) {
		if (this.encoder instanceof SwitchableEncoder switchable) {
			return switchable.withCurrent(work);
		}
		return work.apply(this.encoder);
	}

	/** Runs {@code work} with the encoder of one add batch: a lease on the current model, not holding its lock. */
	private <T> T withBatchEncoder(Function<ColbertEncoder, T> work) {
		if (this.encoder instanceof SwitchableEncoder switchable) {
			try (SwitchableEncoder.Lease lease = switchable.lease()) {
				return work.apply(lease.encoder());
			}
		}
		return work.apply(this.encoder);
	}

	private void doAdd(List<Document> documents) {
		List<EncodedDocumentDraft> drafts = new ArrayList<>(documents.size());
		for (Document document : documents) {
			Assert.notNull(document, "documents must not contain null");
			if (document.getText() == null) {
				throw new IllegalArgumentException("Document '" + document.getId()
						+ "' has no text: ColBERT encodes text only (media documents are not supported)");
			}
			drafts.add(new EncodedDocumentDraft(document.getId(), document.getText(),
					DocumentMetadataValidator.storable(document.getId(), document.getMetadata())));
		}
		if (drafts.isEmpty()) {
			return;
		}
		for (int attempt = 1;; attempt++) {
			ProgressLog progress = new ProgressLog(logger, "Encoding documents to add", "documents", drafts.size(),
					PROGRESS_INTERVAL_NANOS)
				.quietWhenShort();
			EncodedCall call = encode(drafts, progress);
			if (call != null && storeIfStillServing(call, progress)) {
				return;
			}
			if (attempt == MAX_ADD_ATTEMPTS) {
				throw new IllegalStateException("The model was swapped while each of " + MAX_ADD_ATTEMPTS
						+ " attempts encoded these " + drafts.size() + " documents; none was stored: add them again "
						+ "once the model swap is done");
			}
			logger.info("The model was swapped while {} documents were being added; encoding them again with {}",
					drafts.size(), this.encoder.info().source());
		}
	}

	/** Encodes every document with one model, or returns null when a swap replaced the model between two batches. */
	private EncodedCall encode(List<EncodedDocumentDraft> drafts, ProgressLog progress) {
		List<IndexDocument> encoded = new ArrayList<>(drafts.size());
		ColbertEncoder[] model = new ColbertEncoder[1];
		long tokenVectors = 0;
		for (int from = 0; from < drafts.size(); from += this.batchSize) {
			List<EncodedDocumentDraft> batch = drafts.subList(from, Math.min(drafts.size(), from + this.batchSize));
			List<TokenVectors> vectors = withBatchEncoder((encoder) -> {
				if (model[0] == null) {
					model[0] = encoder;
				}
				return sameModel(model[0], encoder)
						? encoder.encodeDocuments(batch.stream().map(EncodedDocumentDraft::text).toList()) : null;
			});
			if (vectors == null) {
				return null;
			}
			if (vectors.size() != batch.size()) {
				throw new IllegalStateException("The encoder returned " + vectors.size() + " results for " + batch.size()
						+ " documents");
			}
			for (int i = 0; i < batch.size(); i++) {
				EncodedDocumentDraft draft = batch.get(i);
				encoded.add(new IndexDocument(draft.id(), draft.text(), draft.metadata(), vectors.get(i)));
				tokenVectors += vectors.get(i).count();
			}
			progress.update(from + batch.size());
		}
		progress.done();
		return new EncodedCall(encoded, model[0], tokenVectors);
	}

	/** Stores the documents if the model that encoded them still serves (checked with swaps held off). */
	private boolean storeIfStillServing(EncodedCall call, ProgressLog progress) {
		return withEncoder((current) -> {
			if (!sameModel(call.model(), current)) {
				return false;
			}
			long start = System.nanoTime();
			this.store.add(call.documents());
			logStored(call, (System.nanoTime() - start) / 1e9, progress);
			return true;
		});
	}

	/** Logs the commit of an add: at info when the add was long enough to log its progress, else at debug. */
	private static void logStored(EncodedCall call, double storeSeconds, ProgressLog progress) {
		double seconds = progress.elapsedSeconds();
		if (progress.isLong()) {
			logger.info("Added {} documents ({} token vectors) in {}, of which storing {}", call.documents().size(),
					call.tokenVectors(), ProgressLog.formatSeconds(seconds), ProgressLog.formatSeconds(storeSeconds));
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Added {} documents ({} token vectors) in {} ms", call.documents().size(), call.tokenVectors(),
					Math.round(seconds * 1000));
		}
	}

	/** Whether two encoders give the same document vectors: the same encoder, or the same fingerprint. */
	private static boolean sameModel(ColbertEncoder a, ColbertEncoder b) {
		String fingerprint = a.info().fingerprint();
		return a == b || (fingerprint != null && fingerprint.equals(b.info().fingerprint()));
	}

	private List<Document> doSearch(ColbertEncoder encoder, ColbertSearchRequest request) {
		SearchRequest searchRequest = request.searchRequest();
		TokenVectors query = encoder.encodeQuery(searchRequest.getQuery());
		double threshold = searchRequest.getSimilarityThreshold();
		double minScore = (threshold <= SearchRequest.SIMILARITY_THRESHOLD_ACCEPT_ALL) ? Double.NEGATIVE_INFINITY
				: threshold;
		SearchMode mode = (request.mode() != null) ? request.mode() : this.defaultSearchMode;
		StoreQuery storeQuery = new StoreQuery(query, searchRequest.getTopK(), minScore,
				searchRequest.getFilterExpression(), mode);
		if (request.hybrid() != null) {
			storeQuery = storeQuery.withHybrid(searchRequest.getQuery(), request.hybrid());
		}
		List<SearchHit> hits = this.store.search(storeQuery);
		List<TokenVectors> explained = request.explain() && !hits.isEmpty()
				? encoder.encodeDocuments(hits.stream().map(SearchHit::text).toList()) : null;
		LexicalExplainer lexicalExplainer = request.explain() ? this.store.lexicalExplainer().orElse(null) : null;
		List<Document> documents = new ArrayList<>(hits.size());
		for (int i = 0; i < hits.size(); i++) {
			SearchHit hit = hits.get(i);
			Map<String, Object> metadata = new HashMap<>(hit.metadata());
			metadata.put(ColbertDocumentMetadata.MAXSIM, hit.maxSim());
			metadata.put(ColbertDocumentMetadata.LATE_INTERACTION_SCORE, hit.score());
			metadata.put(ColbertDocumentMetadata.DISTANCE, 1.0 - hit.fusedScore());
			if (request.hybrid() != null) {
				metadata.put(ColbertDocumentMetadata.FUSION, request.hybrid().fusion().externalName());
				if (hit.lexicalMatch()) {
					metadata.put(ColbertDocumentMetadata.BM25, hit.lexicalScore());
				}
			}
			if (explained != null) {
				metadata.put(ColbertDocumentMetadata.EXPLANATION,
						this.explainer.explain(query, searchRequest.getQuery(), explained.get(i), hit.text()));
			}
			if (lexicalExplainer != null) {
				metadata.put(ColbertDocumentMetadata.LEXICAL_EXPLANATION,
						lexicalExplainer.explain(searchRequest.getQuery(), hit.text()));
			}
			documents.add(Document.builder()
				.id(hit.id())
				.text(hit.text())
				.metadata(metadata)
				.score(hit.fusedScore())
				.build());
		}
		return documents;
	}

	private <T> T observe(VectorStoreObservationContext.Operation operation, SearchRequest request,
			Supplier<T> action) {
		VectorStoreObservationContext context = VectorStoreObservationContext.builder(DB_SYSTEM, operation)
			.collectionName(this.collectionName)
			.dimensions(this.encoder.info().dim())
			.similarityMetric(SIMILARITY_METRIC)
			.queryRequest(request)
			.build();
		return VectorStoreObservationDocumentation.AI_VECTOR_STORE
			.observation(this.customObservationConvention, DEFAULT_OBSERVATION_CONVENTION, () -> context,
					this.observationRegistry)
			.observe(() -> {
				T result = action.get();
				if (result instanceof List<?> list && request != null) {
					@SuppressWarnings("unchecked")
					List<Document> response = (List<Document>) list;
					context.setQueryResponse(response);
				}
				return result;
			});
	}

	private record EncodedDocumentDraft(String id, String text, Map<String, Object> metadata) {
	}

	/** The documents of one add, encoded by {@code model}. */
	private record EncodedCall(List<IndexDocument> documents, ColbertEncoder model, long tokenVectors) {
	}

	/** Builds a {@link ColbertVectorStore}. */
	public static class Builder {

		private final ColbertEncoder encoder;

		private final TokenVectorStore store;

		private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

		private VectorStoreObservationConvention customObservationConvention;

		private SearchMode searchMode = DEFAULT_SEARCH_MODE;

		private int batchSize = DEFAULT_BATCH_SIZE;

		private String collectionName;

		protected Builder(ColbertEncoder encoder, TokenVectorStore store) {
			Assert.notNull(encoder, "encoder must not be null");
			Assert.notNull(store, "store must not be null");
			this.encoder = encoder;
			this.store = store;
		}

		/** The registry observations go to; {@link ObservationRegistry#NOOP} by default. */
		public Builder observationRegistry(ObservationRegistry observationRegistry) {
			Assert.notNull(observationRegistry, "observationRegistry must not be null");
			this.observationRegistry = observationRegistry;
			return this;
		}

		/** A convention that replaces Spring AI's default one for naming observations and their key values. */
		public Builder customObservationConvention(VectorStoreObservationConvention convention) {
			this.customObservationConvention = convention;
			return this;
		}

		/** The search mode used when a request does not name one; {@link SearchMode#PLAID} by default. */
		public Builder searchMode(SearchMode searchMode) {
			Assert.notNull(searchMode, "searchMode must not be null");
			this.searchMode = searchMode;
			return this;
		}

		/**
		 * Documents encoded per encoder call when adding (the unit of progress logging; all documents of one
		 * {@code add} are stored with one commit); {@value ColbertVectorStore#DEFAULT_BATCH_SIZE} by default.
		 */
		public Builder batchSize(int batchSize) {
			Assert.isTrue(batchSize >= 1, () -> "batchSize must be at least 1 but was " + batchSize);
			this.batchSize = batchSize;
			return this;
		}

		/** The collection name reported in observations ({@code db.collection.name}), for example the index name. */
		public Builder collectionName(String collectionName) {
			this.collectionName = collectionName;
			return this;
		}

		public ColbertVectorStore build() {
			return new ColbertVectorStore(this);
		}

	}

}
