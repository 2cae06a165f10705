package dev.colbert.opensearch;

/**
 * When documents written by {@code add} and {@code delete} become visible to searches.
 */
public enum RefreshPolicy {

	/** Refresh the index once at the end of each {@code add} or {@code delete} call: visible when the call returns. */
	IMMEDIATE,

	/**
	 * Each bulk request waits for the next scheduled refresh ({@code refresh=wait_for}): visible when the call
	 * returns, without forcing extra refreshes, but each call waits up to the index's refresh interval.
	 */
	WAIT_FOR,

	/** Do not wait: documents become visible with the next scheduled refresh (fastest bulk ingestion). */
	NONE

}
