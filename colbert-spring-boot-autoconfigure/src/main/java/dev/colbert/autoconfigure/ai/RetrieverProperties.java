package dev.colbert.autoconfigure.ai;

import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

import dev.colbert.autoconfigure.PropertyChecks;
import dev.colbert.spring.ai.ColbertDocumentRetriever;
import dev.colbert.spring.ai.RetrievalMode;
import dev.colbert.store.TokenVectorStore;

/** The Spring AI {@code DocumentRetriever} ({@code colbert.retriever.*}). */
public class RetrieverProperties {

	/** How many documents a retrieval returns. */
	private int topK = SearchRequest.DEFAULT_TOP_K;

	/**
	 * The lowest normalized score (MaxSim divided by the number of query vectors: the average best cosine) a
	 * document needs to be returned, between 0 and 1; 0 returns the top-K whatever their score.
	 */
	private double similarityThreshold = SearchRequest.SIMILARITY_THRESHOLD_ACCEPT_ALL;

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
	 * How documents are retrieved: "hybrid" (BM25 over the query text beside late interaction, fused as
	 * colbert.retriever.hybrid.* says; needs the store's lexical index) or "late-interaction" (ColBERT MaxSim alone).
	 * Left unset, it is hybrid when the store keeps a lexical index and late interaction (logged at start-up) when it
	 * does not; set to hybrid, a store without one stops the start (embedded store) or refuses each query (OpenSearch
	 * index created before hybrid search). Per query, set the query context key "colbert_retrieval_mode".
	 */
	private RetrievalMode mode = ColbertDocumentRetriever.DEFAULT_RETRIEVAL_MODE;

	/** Whether {@link #setMode} was called: the property was set rather than left to its default. */
	private boolean modeSet;

	@NestedConfigurationProperty
	private final HybridProperties hybrid = new HybridProperties();

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

	public RetrievalMode getMode() {
		return this.mode;
	}

	public void setMode(RetrievalMode mode) {
		this.mode = mode;
		this.modeSet = true;
	}

	/**
	 * Whether colbert.retriever.mode was set. When it was not, {@link #getMode()} is the default (hybrid) and the
	 * retriever falls back to late interaction over a store without a lexical index; when it was, the mode is used as
	 * given.
	 */
	public boolean hasExplicitMode() {
		return this.modeSet;
	}

	/**
	 * The mode a retriever over {@code store} uses: {@link #getMode()} when the property was set, else the default for
	 * the store ({@link ColbertDocumentRetriever#defaultRetrievalMode}).
	 */
	public RetrievalMode effectiveMode(TokenVectorStore store) {
		return this.modeSet ? this.mode : ColbertDocumentRetriever.defaultRetrievalMode(store);
	}

	public HybridProperties getHybrid() {
		return this.hybrid;
	}

	/** Checks every value of this group (the filter expression must parse) and of {@code hybrid}. */
	public void validate(PropertyChecks checks) {
		checks.range("topK", this.topK, 1, 10_000);
		checks.between("similarityThreshold", this.similarityThreshold, 0, 1);
		checks.require(this.mode != null, "mode", "must be late-interaction or hybrid");
		this.hybrid.validate(checks.at("hybrid"));
		if (this.filterExpression != null && !this.filterExpression.isBlank()) {
			String problem = FilterExpressionCheck.problem(this.filterExpression);
			if (problem != null) {
				checks.reject("filterExpression", checks.name("filterExpression") + " '" + this.filterExpression
						+ "' is invalid: " + problem);
			}
		}
	}

}
