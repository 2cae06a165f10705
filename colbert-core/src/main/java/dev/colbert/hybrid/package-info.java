/**
 * Hybrid search: BM25 ({@link dev.colbert.lexical}) beside late interaction, fused by reciprocal rank, by a weighted
 * sum of normalized scores, or by adding BM25's candidates to PLAID's before exact MaxSim
 * ({@link dev.colbert.hybrid.FusionMode}). {@link dev.colbert.hybrid.HybridSearcher} runs it on the embedded index;
 * {@link dev.colbert.hybrid.RankFusion} is the fusion arithmetic every store shares.
 */
package dev.colbert.hybrid;
