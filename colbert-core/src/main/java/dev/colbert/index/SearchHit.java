package dev.colbert.index;

import java.util.Map;

/**
 * A search result.
 *
 * @param id document id
 * @param maxSim the MaxSim score: sum over query vectors of the best dot product with a (decompressed) document vector
 * @param score {@code maxSim} divided by the number of query vectors, in [-1, 1]
 * @param text the stored text
 * @param metadata the stored metadata
 */
public record SearchHit(String id, float maxSim, float score, String text, Map<String, Object> metadata) {

}
