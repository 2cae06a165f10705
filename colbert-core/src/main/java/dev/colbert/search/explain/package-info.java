/**
 * Token-level explanations of MaxSim scores: for each query token, the document token it matched and the similarity.
 *
 * <p>The compressed index keeps neither token order nor exact vectors, so explanations are computed from exact token
 * vectors of the document (re-encoded by the caller) and the query. See {@link dev.colbert.search.explain.MaxSimExplainer}.
 */
package dev.colbert.search.explain;
