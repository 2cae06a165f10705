/**
 * Swapping a new model into a running application: the embedded index is re-encoded with the new model into a new
 * index directory while the old model keeps serving, writes made meanwhile are replayed, and encoder and index are
 * switched together ({@link dev.colbert.store.swap.ModelSwap}); the choice is kept in an
 * {@link dev.colbert.store.swap.ActiveModelFile} for restarts.
 */
package dev.colbert.store.swap;
