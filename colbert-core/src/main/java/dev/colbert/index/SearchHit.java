package dev.colbert.index;

import java.util.Map;

/**
 * A search result: the one result type of the index ({@link ColbertIndex#search}), of hybrid search
 * ({@code HybridSearcher}) and of the token-vector stores ({@code TokenVectorStore.search}).
 *
 * <p>The embedded index scores in single precision; its scores are widened exactly to {@code double}.
 *
 * @param id the document id
 * @param maxSim the raw MaxSim score: the sum over query vectors of the best dot product with a (decompressed)
 * document vector; {@code NaN} for a BM25-only result of a store that does not score it
 * @param score {@code maxSim} divided by the number of query vectors: the average best cosine, in [-1, 1]
 * @param text the stored text
 * @param metadata the stored metadata
 * @param lexicalScore the BM25 score of a hybrid query, or {@code NaN} (not hybrid, or not among BM25's candidates)
 * @param fusedScore the score results are ranked by: {@code score} for late interaction alone, the fused score of a
 * hybrid query (see {@link dev.colbert.hybrid.FusionMode})
 */
public record SearchHit(String id, double maxSim, double score, String text, Map<String, Object> metadata,
		double lexicalScore, double fusedScore) {

	/** A late-interaction result: no BM25 score, ranked by {@code score}. */
	public SearchHit(String id, double maxSim, double score, String text, Map<String, Object> metadata) {
		this(id, maxSim, score, text, metadata, Double.NaN, score);
	}

	/** Whether BM25 found this document (hybrid queries only). */
	public boolean lexicalMatch() {
		return !Double.isNaN(this.lexicalScore);
	}

}
