package dev.colbert.training.loss;

import ai.djl.ndarray.NDArray;

/**
 * The pairwise ranking loss {@code max(0, 1 - S(q,d+) + S(q,d-))}, averaged over every query and each of its
 * negatives.
 */
public final class PairwiseHingeLoss implements RankingLoss {

	/** The margin by which the positive must outscore each negative. */
	public static final float MARGIN = 1f;

	@Override
	public NDArray compute(NDArray scores, int docsPerQuery, NDArray teacherScores) {
		NDArray own = RankingLoss.ownScores(scores, docsPerQuery);
		NDArray positive = own.get(":, 0:1");
		NDArray negatives = own.get(":, 1:");
		return negatives.sub(positive).add(MARGIN).maximum(0f).mean();
	}

}
