package dev.colbert.lexical;

/**
 * A BM25 search result.
 *
 * @param id the document id
 * @param score the BM25 score
 */
public record LexicalHit(String id, float score) {

}
