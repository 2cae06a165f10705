package dev.colbert.spring.ai;

import org.springframework.ai.rag.retrieval.search.VectorStoreDocumentRetriever;

/**
 * Keys that {@link ColbertDocumentRetriever} reads from a Spring AI {@code Query}'s context. With a
 * {@code ChatClient}, set them as advisor parameters: {@code .advisors(a -> a.param(ColbertQueryContext.EXPLAIN, true))}.
 */
public final class ColbertQueryContext {

	/**
	 * A per-query metadata filter: a {@code Filter.Expression} or its text form (for example
	 * {@code "year >= 2020 && lang == 'en'"}). The same key as Spring AI's {@link VectorStoreDocumentRetriever}. It is
	 * combined with the retriever's static filter by AND.
	 */
	public static final String FILTER_EXPRESSION = VectorStoreDocumentRetriever.FILTER_EXPRESSION;

	/**
	 * {@code true} (a {@code Boolean} or the string {@code "true"}) to attach the token-level match behind each score to
	 * the returned documents' metadata under {@link ColbertDocumentMetadata#EXPLANATION}. Costs one document-encoding
	 * pass over the top-K texts.
	 */
	public static final String EXPLAIN = "colbert_explain";

	/**
	 * The search mode for this query: a {@link dev.colbert.search.SearchMode} or its name ({@code "PLAID"},
	 * {@code "EXHAUSTIVE"}, any case). Overrides the retriever's mode.
	 */
	public static final String SEARCH_MODE = "colbert_search_mode";

	/**
	 * The retrieval mode for this query: a {@link RetrievalMode} or its name ({@code "late-interaction"},
	 * {@code "hybrid"}, any case). Overrides the retriever's mode ({@code colbert.retriever.mode}).
	 */
	public static final String RETRIEVAL_MODE = "colbert_retrieval_mode";

	/**
	 * The fusion of a hybrid query: a {@link dev.colbert.hybrid.FusionMode} or its name ({@code "rrf"},
	 * {@code "weighted-sum"}, {@code "candidates"}). Overrides {@code colbert.retriever.hybrid.fusion}; it has an effect
	 * only when the query is hybrid.
	 */
	public static final String FUSION = "colbert_fusion";

	private ColbertQueryContext() {
	}

}
