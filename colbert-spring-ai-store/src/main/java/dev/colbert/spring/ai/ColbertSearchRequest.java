package dev.colbert.spring.ai;

import java.util.Objects;

import org.springframework.ai.vectorstore.SearchRequest;

import dev.colbert.store.SearchMode;

/**
 * A Spring AI {@link SearchRequest} with the ColBERT-specific options of one search.
 *
 * @param searchRequest the query text, top-K, similarity threshold (on the normalized score) and filter
 * @param mode the search mode, or {@code null} for the store's default
 * @param explain whether to attach token-level explanations ({@link ColbertDocumentMetadata#EXPLANATION})
 */
public record ColbertSearchRequest(SearchRequest searchRequest, SearchMode mode, boolean explain) {

	public ColbertSearchRequest {
		Objects.requireNonNull(searchRequest, "searchRequest");
	}

	/** A plain search: the store's default mode, no explanations. */
	public static ColbertSearchRequest of(SearchRequest searchRequest) {
		return new ColbertSearchRequest(searchRequest, null, false);
	}

}
