package dev.colbert.search.explain;

/**
 * The MaxSim contribution of one query token: the document token with the highest similarity to it.
 *
 * @param query the query token
 * @param document the document token with the largest dot product with the query token (the first one on ties)
 * @param similarity the dot product of the two L2-normalized token vectors (their cosine), in [-1, 1]
 */
public record TokenMatch(TokenRef query, TokenRef document, double similarity) {

}
