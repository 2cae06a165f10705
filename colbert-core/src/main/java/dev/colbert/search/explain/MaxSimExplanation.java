package dev.colbert.search.explain;

import java.util.List;

/**
 * Why a document scored what it scored: one {@link TokenMatch} per query vector, in query order.
 *
 * <p>{@link #maxSim()} is the sum of the match similarities, the exact MaxSim of the explained vectors. A store that
 * scores compressed vectors (the embedded ColBERTv2 index) reports a slightly different MaxSim for the same document;
 * the difference is the compression error.
 *
 * @param matches one entry per query vector
 * @param maxSim the sum of {@code matches[i].similarity()}
 */
public record MaxSimExplanation(List<TokenMatch> matches, double maxSim) {

	public MaxSimExplanation {
		matches = List.copyOf(matches);
	}

	/** {@link #maxSim()} divided by the number of query vectors: the average best cosine. */
	public double score() {
		return this.matches.isEmpty() ? 0.0 : this.maxSim / this.matches.size();
	}

}
