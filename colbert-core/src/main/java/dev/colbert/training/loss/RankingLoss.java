package dev.colbert.training.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import dev.colbert.training.LossType;

/**
 * A loss over the MaxSim scores of a batch.
 *
 * <p>{@code scores} is {@code [B, B * n]}: every query of the batch against every document of the batch, where the
 * documents of query {@code i} are columns {@code i * n} to {@code i * n + n - 1}, its positive first. The result is a
 * scalar, differentiable with respect to {@code scores}.
 */
public interface RankingLoss {

	/**
	 * @param scores {@code [B, B * n]} MaxSim scores
	 * @param docsPerQuery {@code n}: the positive and {@code n - 1} negatives
	 * @param teacherScores {@code [B, n]} teacher scores of each query's own documents, or {@code null}
	 * @return the mean loss over the batch, a scalar
	 */
	NDArray compute(NDArray scores, int docsPerQuery, NDArray teacherScores);

	/**
	 * The loss for a configuration.
	 * @param inBatchWeight the weight of the in-batch cross-entropy term that KL distillation adds with in-batch
	 * negatives
	 */
	static RankingLoss of(LossType type, boolean inBatchNegatives, double inBatchWeight) {
		return switch (type) {
			case PAIRWISE_HINGE -> new PairwiseHingeLoss();
			case NWAY_CROSS_ENTROPY -> new NwayCrossEntropyLoss(inBatchNegatives);
			case KL_DISTILLATION -> inBatchNegatives
					? new WeightedSumLoss(new KlDistillationLoss(), new NwayCrossEntropyLoss(true), (float) inBatchWeight)
					: new KlDistillationLoss();
		};
	}

	/** The scores of each query against its own documents: {@code [B, n]} out of {@code [B, B * n]}. */
	static NDArray ownScores(NDArray scores, int docsPerQuery) {
		long batch = scores.getShape().get(0);
		if (scores.getShape().dimension() != 2 || scores.getShape().get(1) != batch * docsPerQuery) {
			throw new IllegalArgumentException("scores must be [B, B * " + docsPerQuery + "], was " + scores.getShape());
		}
		NDManager manager = scores.getManager();
		NDArray diagonal = manager.eye((int) batch).reshape(batch, batch, 1);
		return scores.reshape(batch, batch, docsPerQuery).mul(diagonal).sum(new int[] { 1 });
	}

	/** Checks that teacher scores are {@code [B, n]}. */
	static void checkTeacher(NDArray teacherScores, long batch, int docsPerQuery) {
		if (teacherScores == null) {
			throw new IllegalArgumentException("KL distillation needs teacher scores; the training data has none "
					+ "(use ColBERT triples with [pid, score] pairs, or another loss)");
		}
		if (!teacherScores.getShape().equals(new Shape(batch, docsPerQuery))) {
			throw new IllegalArgumentException(
					"teacher scores must be [" + batch + ", " + docsPerQuery + "], was " + teacherScores.getShape());
		}
	}

}
