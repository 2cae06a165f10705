package dev.colbert.search;

/**
 * A document found by a search: its segment (position in the searched list), document number in the segment, and its
 * MaxSim score.
 */
public record ScoredDoc(int segment, int doc, float maxSim) {

}
