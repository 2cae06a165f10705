package dev.colbert.training.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import dev.colbert.training.LossType;
import dev.colbert.training.TrainingConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * KL distillation with in-batch negatives is ColBERTv2's {@code KL + weight * in-batch cross-entropy}; the pairwise loss
 * still refuses in-batch negatives.
 */
class DistillationWithInBatchLossTests {

	@Test
	void klWithInBatchNegativesAddsTheWeightedInBatchCrossEntropy() {
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			// 2 queries x (2 queries * 3 documents)
			NDArray scores = manager.create(new float[] { 9f, 7f, 6.5f, 3f, 2f, 1f, 4f, 3f, 2f, 8f, 8.5f, 5f },
					new Shape(2, 6));
			NDArray teacher = manager.create(new float[] { 3f, 1f, 0f, 2f, 2.5f, 0f }, new Shape(2, 3));
			float kl = new KlDistillationLoss().compute(scores, 3, teacher).getFloat();
			float ce = new NwayCrossEntropyLoss(true).compute(scores, 3, teacher).getFloat();
			assertThat(kl).isPositive();
			assertThat(ce).isPositive();
			RankingLoss combined = RankingLoss.of(LossType.KL_DISTILLATION, true, 0.25);
			assertThat(combined.compute(scores, 3, teacher).getFloat()).isCloseTo(kl + 0.25f * ce, within(1e-5f));
			assertThat(RankingLoss.of(LossType.KL_DISTILLATION, false, 0.25).compute(scores, 3, teacher).getFloat())
				.isCloseTo(kl, within(1e-6f));
			assertThat(RankingLoss.of(LossType.KL_DISTILLATION, true, 0).compute(scores, 3, teacher).getFloat())
				.isCloseTo(kl, within(1e-6f));
		}
	}

	@Test
	void configurationAcceptsInBatchNegativesForDistillationOnly() {
		TrainingConfig config = TrainingConfig.builder()
			.loss(LossType.KL_DISTILLATION)
			.inBatchNegatives(true)
			.inBatchWeight(0.5)
			.build();
		assertThat(config.inBatchNegatives()).isTrue();
		assertThat(config.inBatchWeight()).isEqualTo(0.5);
		assertThat(TrainingConfig.builder().loss(LossType.KL_DISTILLATION).build().inBatchNegatives()).isFalse();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TrainingConfig.builder().loss(LossType.PAIRWISE_HINGE).inBatchNegatives(true).build())
			.withMessageContaining("inBatchNegatives");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TrainingConfig.builder().inBatchWeight(-1).build())
			.withMessageContaining("inBatchWeight must be in [0, 100]");
	}

}
