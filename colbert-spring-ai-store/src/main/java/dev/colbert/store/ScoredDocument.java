package dev.colbert.store;

import java.util.Map;

/**
 * A search result.
 *
 * @param id the document id
 * @param maxSim the raw MaxSim score: the sum over query vectors of the best dot product with a document vector
 * @param score {@code maxSim} divided by the number of query vectors: the average best cosine, in [-1, 1]
 * @param text the stored text
 * @param metadata the stored metadata
 */
public record ScoredDocument(String id, double maxSim, double score, String text, Map<String, Object> metadata) {

}
