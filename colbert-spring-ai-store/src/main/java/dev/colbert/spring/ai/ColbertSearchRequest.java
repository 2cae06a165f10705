package dev.colbert.spring.ai;

import java.util.Objects;

import org.springframework.ai.vectorstore.SearchRequest;

import dev.colbert.hybrid.HybridParams;
import dev.colbert.search.SearchMode;

/**
 * A Spring AI {@link SearchRequest} with the ColBERT-specific options of one search.
 *
 * @param searchRequest the query text, top-K, similarity threshold (on the normalized MaxSim) and filter
 * @param mode the search mode, or {@code null} for the store's default
 * @param explain whether to attach token-level explanations ({@link ColbertDocumentMetadata#EXPLANATION}, and
 * {@link ColbertDocumentMetadata#LEXICAL_EXPLANATION} when the store keeps a lexical index)
 * @param hybrid the fusion of a hybrid search (BM25 beside late interaction), or {@code null} for late interaction
 * alone
 */
public record ColbertSearchRequest(SearchRequest searchRequest, SearchMode mode, boolean explain, HybridParams hybrid) {

	public ColbertSearchRequest {
		Objects.requireNonNull(searchRequest, "searchRequest");
	}

	/** A late-interaction search. */
	public ColbertSearchRequest(SearchRequest searchRequest, SearchMode mode, boolean explain) {
		this(searchRequest, mode, explain, null);
	}

	/** A plain search: the store's default mode, no explanations. */
	public static ColbertSearchRequest of(SearchRequest searchRequest) {
		return new ColbertSearchRequest(searchRequest, null, false);
	}

}
