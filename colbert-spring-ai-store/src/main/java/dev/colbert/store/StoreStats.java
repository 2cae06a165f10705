package dev.colbert.store;

import java.util.Map;

/**
 * Counts and sizes of a {@link TokenVectorStore}.
 *
 * @param type the implementation ({@code embedded} or {@code opensearch})
 * @param documents live documents
 * @param tokenVectors live token vectors
 * @param bytesOnDisk bytes the store occupies on disk (for OpenSearch: primary store size), -1 when unknown
 * @param details implementation-specific figures (centroids, nbits, pending deletes, last commit, ...)
 */
public record StoreStats(String type, long documents, long tokenVectors, long bytesOnDisk, Map<String, Object> details) {

}
