/**
 * The lexical side of hybrid retrieval: a Lucene BM25 index of the documents a token-vector index holds.
 *
 * <p>{@link dev.colbert.lexical.LexicalIndex} keeps the texts in Lucene ({@code BM25Similarity}, Lucene's
 * {@code EnglishAnalyzer} by default, any Lucene analyzer by name), with the metadata needed to apply the same
 * filters as the token-vector index. Each lexical commit is tagged with the token-vector commit it matches;
 * {@link dev.colbert.lexical.LexicalSync} repairs any difference from the stored texts when an index is opened, so
 * that after a crash both sides hold the same documents. {@link dev.colbert.lexical.LexicalExplainer} tells which
 * query terms a document matches.
 */
package dev.colbert.lexical;
