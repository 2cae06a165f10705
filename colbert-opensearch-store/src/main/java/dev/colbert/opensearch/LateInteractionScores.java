package dev.colbert.opensearch;

/**
 * Undoes the score transform of the k-NN plugin's {@code lateInteractionScore}.
 *
 * <p>With the {@code cosinesimil} space, the plugin (3.5.0.0) scores a document as the sum over query vectors of
 * {@code (1 + m_i) / 2}, where {@code m_i} is the query vector's best cosine with a document vector (script scores
 * must not be negative). That transform is affine, so MaxSim = {@code 2 * score - n} exactly, whatever the signs of the
 * {@code m_i}. (The {@code innerproduct} space maps each {@code m_i} to {@code m_i + 1} when it is non-negative but to
 * {@code 1 / (1 - m_i)} otherwise, which a sum cannot undo; for L2-normalized vectors cosine and dot product agree.)
 */
final class LateInteractionScores {

	/** The Painless script that scores a document's vectors against {@code params.query_vectors}. */
	static final String SCRIPT = "lateInteractionScore(params.query_vectors, '" + IndexLayout.VECTORS
			+ "', params._source, '" + IndexLayout.RESCORE_SPACE + "')";

	/** The script parameter that holds the query vectors. */
	static final String QUERY_VECTORS_PARAM = "query_vectors";

	private LateInteractionScores() {
	}

	/** MaxSim from the engine's score for {@code queryVectors} query vectors. */
	static double maxSim(double engineScore, int queryVectors) {
		return 2.0 * engineScore - queryVectors;
	}

	/** The engine's score for a MaxSim value (the inverse of {@link #maxSim}). */
	static double engineScore(double maxSim, int queryVectors) {
		return (maxSim + queryVectors) / 2.0;
	}

}
