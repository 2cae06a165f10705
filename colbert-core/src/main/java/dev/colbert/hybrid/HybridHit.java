package dev.colbert.hybrid;

import java.util.Map;

/**
 * A hybrid search result.
 *
 * @param id the document id
 * @param maxSim its exact MaxSim over the index's (compressed) vectors, whichever ranking found it
 * @param score {@code maxSim} divided by the number of query vectors
 * @param lexicalScore its BM25 score, or {@code NaN} when it is not among the BM25 candidates (no query term, or
 * beyond {@link HybridParams#candidates()})
 * @param fusedScore the score the results are ranked by: the scaled RRF score, the weighted sum, or {@code score}
 * for {@link FusionMode#CANDIDATES}
 * @param text the stored text
 * @param metadata the stored metadata
 */
public record HybridHit(String id, float maxSim, float score, float lexicalScore, double fusedScore, String text,
		Map<String, Object> metadata) {

	/** Whether BM25 found this document among its candidates. */
	public boolean lexicalMatch() {
		return !Float.isNaN(this.lexicalScore);
	}

}
