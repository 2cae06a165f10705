package dev.colbert.opensearch;

/**
 * How the engine finds the candidates that exact MaxSim then rescores, and the index layout that serves it.
 */
public enum CandidateGeneration {

	/**
	 * One nested {@code knn_vector} per document token (Lucene HNSW, inner product). Each query vector runs its own
	 * k-NN search for its best {@code candidatesPerQueryVector} passages; the union of those is ranked by the sum of
	 * the per-query-vector best similarities found (a lower bound of MaxSim) and the best are rescored exactly. The
	 * ColBERTv1 end-to-end scheme: exact float MaxSim, at about 20 times the bytes and 10 times the search time of
	 * {@link #PLAID} (docs/BENCHMARKS.md).
	 */
	TOKEN_KNN,

	/**
	 * One vector per passage, the L2-normalized mean of its token vectors, searched with the normalized mean of the
	 * query vectors. Much smaller index and a single k-NN search per query, but a coarser candidate set.
	 */
	POOLED_KNN,

	/**
	 * Distributed PLAID over residual-compressed vectors: a codec (centroids, residual buckets) trained on the client
	 * and kept in the cluster; each passage holds its centroid ids as terms (every centroid's postings list is
	 * PLAID's inverted list) and its compressed vectors in one binary doc-values field, about
	 * {@code dim * nbits / 8 + 2} bytes per token vector. The engine ranks the passages of each query vector's best
	 * centroids by centroid interaction, the client rescores the best with exact MaxSim over the decompressed
	 * vectors (the embedded store's kernels). See {@link OpenSearchPlaidSettings}. The default.
	 */
	PLAID

}
