package dev.colbert.hybrid;

/**
 * One entry of a ranking that is fused.
 *
 * @param id the document id
 * @param score its score in that ranking (MaxSim, BM25 or the fused score)
 */
public record Ranked(String id, double score) {
}
