/**
 * MaxSim search over compressed segments: PLAID's four stages ({@link dev.colbert.search.PlaidSearcher}) and exact
 * exhaustive search ({@link dev.colbert.search.ExhaustiveSearcher}), both scoring exactly with
 * {@link dev.colbert.search.QueryScorer}, which evaluates dot products with decompressed vectors through per-query
 * lookup tables instead of decompressing. Parameters: {@link dev.colbert.search.SearchParams} (reference defaults by
 * k).
 */
package dev.colbert.search;
