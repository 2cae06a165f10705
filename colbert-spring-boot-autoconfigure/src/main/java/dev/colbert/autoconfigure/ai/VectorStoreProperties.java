package dev.colbert.autoconfigure.ai;

import dev.colbert.autoconfigure.PropertyChecks;
import dev.colbert.search.SearchMode;
import dev.colbert.spring.ai.ColbertVectorStore;

/** The Spring AI {@code VectorStore} over the token-vector store ({@code colbert.vector-store.*}). */
public class VectorStoreProperties {

	/** How searches find their top-K: "plaid" (approximate candidates, then exact MaxSim) or "exhaustive". */
	private SearchMode searchMode = ColbertVectorStore.DEFAULT_SEARCH_MODE;

	/**
	 * Documents encoded per encoder call when adding (the unit of progress logging). All documents of one add call
	 * are stored with one commit at the end, all or nothing.
	 */
	private int batchSize = ColbertVectorStore.DEFAULT_BATCH_SIZE;

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

	/** Checks the search mode and the batch size. */
	public void validate(PropertyChecks checks) {
		checks.require(this.searchMode != null, "searchMode", "must be plaid or exhaustive");
		checks.range("batchSize", this.batchSize, 1, 100_000);
	}

}
