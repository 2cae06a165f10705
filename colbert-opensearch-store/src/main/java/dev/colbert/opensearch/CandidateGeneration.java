package dev.colbert.opensearch;

/**
 * How the engine finds the candidates that exact MaxSim then rescores.
 */
public enum CandidateGeneration {

	/**
	 * One nested {@code knn_vector} per document token (Lucene HNSW, inner product). Each query vector runs its own
	 * k-NN search for its best {@code candidatesPerQueryVector} passages; the union of those is ranked by the sum of
	 * the per-query-vector best similarities found (a lower bound of MaxSim) and the best are rescored exactly. The
	 * ColBERTv1 end-to-end scheme; the default.
	 */
	TOKEN_KNN,

	/**
	 * One vector per passage, the L2-normalized mean of its token vectors, searched with the normalized mean of the
	 * query vectors. Much smaller index and a single k-NN search per query, but a coarser candidate set.
	 */
	POOLED_KNN

}
