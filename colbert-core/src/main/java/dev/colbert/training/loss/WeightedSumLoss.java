package dev.colbert.training.loss;

import ai.djl.ndarray.NDArray;

import dev.colbert.encoder.model.NativeArrays;

/**
 * {@code first + weight * second}: ColBERTv2 adds its in-batch cross-entropy term to the distillation loss this way
 * (with weight 1).
 *
 * @param first the main loss
 * @param second the added loss
 * @param weight the weight of {@code second}
 */
public record WeightedSumLoss(RankingLoss first, RankingLoss second, float weight) implements RankingLoss {

	@Override
	public NDArray compute(NDArray scores, int docsPerQuery, NDArray teacherScores) {
		NDArray main = this.first.compute(scores, docsPerQuery, teacherScores);
		if (this.weight == 0f) {
			return main;
		}
		NDArray added = this.second.compute(scores, docsPerQuery, teacherScores);
		// an engine-owned weight: a Java-backed scalar would be released before backward (see NativeArrays)
		return main.add(NativeArrays.times(added, this.weight));
	}

}
