package dev.colbert.spring.ai;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.ai.document.Document;
import org.springframework.ai.rag.Query;
import org.springframework.ai.rag.retrieval.search.DocumentRetriever;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.filter.FilterExpressionTextParser;
import org.springframework.util.Assert;

import dev.colbert.hybrid.FusionMode;
import dev.colbert.hybrid.HybridParams;
import dev.colbert.search.SearchMode;
import dev.colbert.store.TokenVectorStore;
import dev.colbert.store.filter.FilterExpressionValidator;
import dev.colbert.store.filter.UnsupportedFilterExpressionException;

/**
 * A Spring AI {@link DocumentRetriever} that encodes the query with ColBERT and returns the top-K documents of a
 * {@link ColbertVectorStore}, best first: by default BM25 and MaxSim fused (hybrid, over a store with a lexical index),
 * or MaxSim alone (late interaction), each with its score ({@code Document.getScore()}) and metadata (raw MaxSim under
 * {@link ColbertDocumentMetadata#MAXSIM}).
 *
 * <p>Per query, the {@code Query} context may hold:
 * <ul>
 * <li>{@link ColbertQueryContext#FILTER_EXPRESSION} ({@code vector_store_filter_expression}, the key of Spring AI's
 * {@code VectorStoreDocumentRetriever}): a {@code Filter.Expression} or its text form. Unlike Spring AI's retriever,
 * which lets the per-query filter replace its default one, this retriever applies both, joined by AND: the static
 * filter (for example a tenant restriction) can never be widened by a request.</li>
 * <li>{@link ColbertQueryContext#EXPLAIN}: {@code true} to attach token-level explanations.</li>
 * <li>{@link ColbertQueryContext#SEARCH_MODE}: {@code PLAID} or {@code EXHAUSTIVE} for this query.</li>
 * <li>{@link ColbertQueryContext#RETRIEVAL_MODE}: {@code late-interaction} or {@code hybrid} for this query.</li>
 * <li>{@link ColbertQueryContext#FUSION}: {@code rrf}, {@code weighted-sum} or {@code candidates}, for a hybrid
 * query.</li>
 * </ul>
 *
 * <p>Hybrid mode runs BM25 over the query text beside late interaction and fuses them as {@link Builder#hybrid} says;
 * it needs a store that keeps a lexical index ({@link TokenVectorStore#supportsLexicalSearch()}). Results are then
 * ranked by the fused score ({@code Document.getScore()}); the similarity threshold still applies to the normalized
 * MaxSim.
 *
 * <p>The retrieval mode: when {@link Builder#retrievalMode} is not called, the retriever is hybrid
 * ({@link #DEFAULT_RETRIEVAL_MODE}) over a store that keeps a lexical index, and late interaction over one that does
 * not (logged once, at INFO, when it is built). A mode given to {@link Builder#retrievalMode} is used as given: hybrid
 * over a store without a lexical index then fails at each query with the store's message, as does a query whose
 * context asks for hybrid ({@link ColbertQueryContext#RETRIEVAL_MODE}). {@link #getRetrievalMode()} is the mode in
 * force.
 *
 * <p>Use it in a {@code RetrievalAugmentationAdvisor}: {@code RetrievalAugmentationAdvisor.builder()
 * .documentRetriever(retriever).build()}.
 */
public final class ColbertDocumentRetriever implements DocumentRetriever {

	/**
	 * The default retrieval mode: hybrid (BM25 beside late interaction, fused as {@link HybridParams#DEFAULT_FUSION}),
	 * for a store that keeps a lexical index; over one that does not, a retriever without a mode of its own serves late
	 * interaction ({@link #defaultRetrievalMode(TokenVectorStore)}).
	 */
	public static final RetrievalMode DEFAULT_RETRIEVAL_MODE = RetrievalMode.HYBRID;

	private static final Logger logger = LoggerFactory.getLogger(ColbertDocumentRetriever.class);

	private final ColbertVectorStore vectorStore;

	private final int topK;

	private final double similarityThreshold;

	private final Supplier<Filter.Expression> filterExpression;

	private final SearchMode searchMode;

	private final boolean explain;

	private final RetrievalMode retrievalMode;

	private final HybridParams hybrid;

	private ColbertDocumentRetriever(Builder builder) {
		this.vectorStore = builder.vectorStore;
		this.topK = builder.topK;
		this.similarityThreshold = builder.similarityThreshold;
		this.filterExpression = builder.filterExpression;
		this.searchMode = builder.searchMode;
		this.explain = builder.explain;
		this.retrievalMode = (builder.retrievalMode != null) ? builder.retrievalMode
				: defaultModeLogged(builder.vectorStore.getTokenVectorStore());
		this.hybrid = builder.hybrid;
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The mode of a retriever over {@code store} whose mode is not set: {@link #DEFAULT_RETRIEVAL_MODE} (hybrid) when
	 * the store {@link TokenVectorStore#supportsLexicalSearch() keeps a lexical index}, else late interaction.
	 */
	public static RetrievalMode defaultRetrievalMode(TokenVectorStore store) {
		Assert.notNull(store, "store must not be null");
		return store.supportsLexicalSearch() ? DEFAULT_RETRIEVAL_MODE : RetrievalMode.LATE_INTERACTION;
	}

	private static RetrievalMode defaultModeLogged(TokenVectorStore store) {
		RetrievalMode mode = defaultRetrievalMode(store);
		if (mode != DEFAULT_RETRIEVAL_MODE) {
			logger.info("The retriever serves late interaction alone, not hybrid retrieval (the default): the store "
					+ "({}) keeps no lexical index. For hybrid retrieval, enable the store's lexical index "
					+ "(colbert.store.embedded.lexical.enabled=true; an OpenSearch index created before hybrid search "
					+ "needs reindexing into a new index); set colbert.retriever.mode=late-interaction to keep late "
					+ "interaction without this message", store.getClass().getSimpleName());
		}
		return mode;
	}

	/**
	 * The retrieval mode of queries whose context does not set one: the one given to {@link Builder#retrievalMode},
	 * or else {@link #defaultRetrievalMode(TokenVectorStore) the default for the store}.
	 */
	public RetrievalMode getRetrievalMode() {
		return this.retrievalMode;
	}

	@Override
	public List<Document> retrieve(Query query) {
		Assert.notNull(query, "query must not be null");
		SearchRequest searchRequest = SearchRequest.builder()
			.query(query.text())
			.topK(this.topK)
			.similarityThreshold(this.similarityThreshold)
			.filterExpression(filterFor(query))
			.build();
		return this.vectorStore.search(
				new ColbertSearchRequest(searchRequest, searchModeFor(query), explainFor(query), hybridFor(query)));
	}

	/** The hybrid parameters of this query, or null when it is late interaction alone. */
	private HybridParams hybridFor(Query query) {
		Object mode = query.context().get(ColbertQueryContext.RETRIEVAL_MODE);
		RetrievalMode retrievalMode = this.retrievalMode;
		if (mode instanceof RetrievalMode given) {
			retrievalMode = given;
		}
		else if (mode != null) {
			retrievalMode = parseContext(ColbertQueryContext.RETRIEVAL_MODE, mode, RetrievalMode::parse);
		}
		if (retrievalMode != RetrievalMode.HYBRID) {
			return null;
		}
		Object fusion = query.context().get(ColbertQueryContext.FUSION);
		if (fusion instanceof FusionMode given) {
			return new HybridParams(given, this.hybrid.candidates(), this.hybrid.rrfK(), this.hybrid.lexicalWeight());
		}
		if (fusion != null) {
			FusionMode parsed = parseContext(ColbertQueryContext.FUSION, fusion, FusionMode::parse);
			return new HybridParams(parsed, this.hybrid.candidates(), this.hybrid.rrfK(), this.hybrid.lexicalWeight());
		}
		return this.hybrid;
	}

	private static <T> T parseContext(String key, Object value, java.util.function.Function<String, T> parser) {
		try {
			return parser.apply(value.toString());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("The query context key " + key + " holds '" + value + "': "
					+ ex.getMessage(), ex);
		}
	}

	private Filter.Expression filterFor(Query query) {
		Filter.Expression base = this.filterExpression.get();
		Filter.Expression requested = contextFilter(query.context().get(ColbertQueryContext.FILTER_EXPRESSION));
		if (base == null) {
			return requested;
		}
		if (requested == null) {
			return base;
		}
		return new Filter.Expression(Filter.ExpressionType.AND, new Filter.Group(base), new Filter.Group(requested));
	}

	private static Filter.Expression contextFilter(Object value) {
		if (value == null) {
			return null;
		}
		if (value instanceof Filter.Expression expression) {
			return expression;
		}
		if (value instanceof String text) {
			return text.isBlank() ? null : parse(text, "the query context key " + ColbertQueryContext.FILTER_EXPRESSION);
		}
		throw new IllegalArgumentException("The query context key " + ColbertQueryContext.FILTER_EXPRESSION
				+ " holds a " + value.getClass().getName() + "; use a Filter.Expression or a filter expression string");
	}

	private SearchMode searchModeFor(Query query) {
		Object value = query.context().get(ColbertQueryContext.SEARCH_MODE);
		if (value == null) {
			return this.searchMode;
		}
		if (value instanceof SearchMode mode) {
			return mode;
		}
		String name = value.toString().trim().toUpperCase(Locale.ROOT);
		for (SearchMode mode : SearchMode.values()) {
			if (mode.name().equals(name)) {
				return mode;
			}
		}
		throw new IllegalArgumentException("The query context key " + ColbertQueryContext.SEARCH_MODE + " holds '"
				+ value + "'; use PLAID or EXHAUSTIVE");
	}

	private boolean explainFor(Query query) {
		Object value = query.context().get(ColbertQueryContext.EXPLAIN);
		if (value == null) {
			return this.explain;
		}
		if (value instanceof Boolean flag) {
			return flag;
		}
		String text = value.toString().trim();
		if (text.equalsIgnoreCase("true")) {
			return true;
		}
		if (text.equalsIgnoreCase("false")) {
			return false;
		}
		throw new IllegalArgumentException("The query context key " + ColbertQueryContext.EXPLAIN + " holds '" + value
				+ "'; use true or false");
	}

	static Filter.Expression parse(String text, String source) {
		try {
			Filter.Expression expression = new FilterExpressionTextParser().parse(text);
			FilterExpressionValidator.validate(expression);
			return expression;
		}
		catch (UnsupportedFilterExpressionException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("Cannot parse the filter expression '" + text + "' from " + source + ": "
					+ ex.getMessage() + " (example of the syntax: \"genre == 'drama' && year >= 2020\")", ex);
		}
	}

	/** Builds a {@link ColbertDocumentRetriever}. */
	public static final class Builder {

		private ColbertVectorStore vectorStore;

		private int topK = SearchRequest.DEFAULT_TOP_K;

		private double similarityThreshold = SearchRequest.SIMILARITY_THRESHOLD_ACCEPT_ALL;

		private Supplier<Filter.Expression> filterExpression = () -> null;

		private SearchMode searchMode;

		private boolean explain;

		/** Null until {@link #retrievalMode} is called: then the default for the store applies. */
		private RetrievalMode retrievalMode;

		private HybridParams hybrid = HybridParams.of(HybridParams.DEFAULT_FUSION);

		private Builder() {
		}

		/** The store to search (required). */
		public Builder vectorStore(ColbertVectorStore vectorStore) {
			this.vectorStore = vectorStore;
			return this;
		}

		/** How many documents to return, at least 1; {@value SearchRequest#DEFAULT_TOP_K} by default. */
		public Builder topK(int topK) {
			Assert.isTrue(topK >= 1, () -> "topK must be at least 1 but was " + topK);
			this.topK = topK;
			return this;
		}

		/**
		 * The lowest normalized score (MaxSim / query vectors) to return, in [0, 1]; 0 (the default) accepts every
		 * document.
		 */
		public Builder similarityThreshold(double similarityThreshold) {
			Assert.isTrue(similarityThreshold >= 0.0 && similarityThreshold <= 1.0,
					() -> "similarityThreshold must be between 0 and 1 but was " + similarityThreshold);
			this.similarityThreshold = similarityThreshold;
			return this;
		}

		/** A filter applied to every query (joined by AND with a per-query filter), or {@code null} for none. */
		public Builder filterExpression(Filter.Expression filterExpression) {
			FilterExpressionValidator.validate(filterExpression);
			this.filterExpression = () -> filterExpression;
			return this;
		}

		/**
		 * A filter in Spring AI's text form (for example {@code "tenant == 'acme'"}), parsed and validated now.
		 * @throws IllegalArgumentException if it does not parse or uses an unsupported operator
		 */
		public Builder filterExpression(String filterExpression) {
			Filter.Expression parsed = (filterExpression == null || filterExpression.isBlank()) ? null
					: parse(filterExpression, "the retriever's filter expression");
			this.filterExpression = () -> parsed;
			return this;
		}

		/**
		 * A filter computed for every query (for example from the current user's tenant); it may return
		 * {@code null}.
		 */
		public Builder filterExpression(Supplier<Filter.Expression> filterExpression) {
			Assert.notNull(filterExpression, "filterExpression supplier must not be null");
			this.filterExpression = filterExpression;
			return this;
		}

		/** The search mode, or {@code null} (the default) for the vector store's default. */
		public Builder searchMode(SearchMode searchMode) {
			this.searchMode = searchMode;
			return this;
		}

		/** Whether to attach token-level explanations to every result (default false; per query via the context). */
		public Builder explain(boolean explain) {
			this.explain = explain;
			return this;
		}

		/**
		 * Late interaction alone ({@link RetrievalMode#LATE_INTERACTION}) or hybrid ({@link RetrievalMode#HYBRID}),
		 * used as given: hybrid over a store without a lexical index fails at each query. When this is not called, the
		 * retriever is hybrid ({@link #DEFAULT_RETRIEVAL_MODE}) over a store that keeps a lexical index and late
		 * interaction over one that does not. Per query, {@link ColbertQueryContext#RETRIEVAL_MODE} overrides it.
		 */
		public Builder retrievalMode(RetrievalMode retrievalMode) {
			Assert.notNull(retrievalMode, "retrievalMode must not be null");
			this.retrievalMode = retrievalMode;
			return this;
		}

		/**
		 * The fusion and its parameters for hybrid queries; by default {@link HybridParams#DEFAULT_FUSION} with
		 * {@link HybridParams#of(FusionMode) the defaults} (per query, {@link ColbertQueryContext#FUSION} changes the
		 * fusion).
		 */
		public Builder hybrid(HybridParams hybrid) {
			Assert.notNull(hybrid, "hybrid must not be null");
			this.hybrid = hybrid;
			return this;
		}

		public ColbertDocumentRetriever build() {
			Assert.notNull(this.vectorStore, "vectorStore must not be null");
			return new ColbertDocumentRetriever(this);
		}

	}

}
