package dev.colbert.training.loss;

import ai.djl.ndarray.NDArray;

/**
 * N-way cross-entropy with the positive as label (ColBERTv2's loss): {@code -log softmax(scores)[positive]}, averaged
 * over the queries. Without in-batch negatives the softmax runs over the query's own {@code n} documents; with them,
 * over every document of the batch (the positives and negatives of the other queries count as negatives), as
 * ColBERT's {@code use_ib_negatives} does.
 */
public final class NwayCrossEntropyLoss implements RankingLoss {

	private final boolean inBatchNegatives;

	public NwayCrossEntropyLoss(boolean inBatchNegatives) {
		this.inBatchNegatives = inBatchNegatives;
	}

	@Override
	public NDArray compute(NDArray scores, int docsPerQuery, NDArray teacherScores) {
		long batch = scores.getShape().get(0);
		if (!this.inBatchNegatives) {
			NDArray own = RankingLoss.ownScores(scores, docsPerQuery);
			return own.logSoftmax(1).get(":, 0").neg().mean();
		}
		RankingLoss.ownScores(scores, docsPerQuery); // checks the shape
		NDArray labels = scores.getManager().arange(0, (int) (batch * docsPerQuery), docsPerQuery);
		NDArray oneHot = labels.oneHot((int) (batch * docsPerQuery));
		return scores.logSoftmax(1).mul(oneHot).sum(new int[] { 1 }).neg().mean();
	}

}
