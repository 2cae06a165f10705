/**
 * Spring AI metadata filter expressions ({@code Filter.Expression}) in ColBERT stores: the check of what every store
 * evaluates ({@link dev.colbert.store.filter.FilterExpressionValidator}), the one exception for what none does
 * ({@link dev.colbert.store.filter.UnsupportedFilterExpressionException}), and the evaluation against a document's
 * stored metadata for stores that filter in memory (the embedded store).
 */
package dev.colbert.store.filter;
