package dev.colbert.search;

/**
 * How a search finds its top-k: the one search-mode vocabulary of the index, the token-vector stores and the Spring AI
 * vector store.
 */
public enum SearchMode {

	/**
	 * Approximate candidate generation (PLAID centroid pruning in the embedded index, the engine's k-NN in OpenSearch),
	 * then exact MaxSim on the survivors.
	 */
	PLAID,

	/** Exact MaxSim against every (accepted) document: slow, for verification and small collections. */
	EXHAUSTIVE

}
