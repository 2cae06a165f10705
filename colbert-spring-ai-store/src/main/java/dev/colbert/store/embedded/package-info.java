/**
 * The embedded {@link dev.colbert.store.TokenVectorStore}: a residual-compressed ColBERT index with PLAID search in a
 * local directory ({@link dev.colbert.index.ColbertIndex}).
 */
package dev.colbert.store.embedded;
