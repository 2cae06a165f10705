/**
 * Evaluation of Spring AI metadata filter expressions ({@code Filter.Expression}) against a document's stored metadata,
 * for stores that filter in memory (the embedded store).
 */
package dev.colbert.store.filter;
