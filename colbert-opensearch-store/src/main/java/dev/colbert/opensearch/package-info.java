/**
 * The {@link dev.colbert.store.TokenVectorStore} on an OpenSearch cluster with the k-NN plugin (OpenSearch 3.3 or
 * later for {@code lateInteractionScore}).
 *
 * <p>Layout: one OpenSearch document per passage holding its text, its metadata and its token vectors. Candidates come
 * from the engine's k-NN search (a nested {@code knn_vector} per token, or one pooled vector per passage); the
 * candidates are rescored in the engine with exact MaxSim ({@code lateInteractionScore} over the vectors kept in
 * {@code _source}), and the score transform is undone so that returned scores equal MaxSim. Start with
 * {@link dev.colbert.opensearch.OpenSearchTokenVectorStore}.
 */
package dev.colbert.opensearch;
