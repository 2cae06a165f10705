package dev.colbert.training.loss;

import ai.djl.ndarray.NDArray;

import dev.colbert.encoder.model.NativeArrays;

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
		NDArray margins = negatives.sub(positive).add(MARGIN);
		// an engine-owned zero: maximum(Number) would leave autograd a tensor over released Java memory
		return margins.maximum(NativeArrays.scalar(margins, 0f)).mean();
	}

}
