package dev.colbert.autoconfigure.store;

/** The token-vector store implementations ({@code colbert.store.type}). */
public enum StoreType {

	/** The residual-compressed ColBERTv2 index with PLAID search, in a local folder. */
	EMBEDDED,

	/** An OpenSearch cluster with the k-NN plugin (module colbert-opensearch-store). */
	OPENSEARCH

}
