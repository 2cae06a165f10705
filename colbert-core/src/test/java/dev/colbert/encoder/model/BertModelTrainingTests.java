package dev.colbert.encoder.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import dev.colbert.encoder.TestModels;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forward pass is differentiable: in training mode every parameter, the projection included, receives a gradient,
 * and the training forward (separate Q/K/V, no dropout) equals the inference forward (fused Q/K/V).
 */
class BertModelTrainingTests {

	@Test
	void everyParameterReceivesAGradient() {
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			ColbertModel model = TestModels.tinyModel(manager, TestModels.tinyConfig(), 8, 4);
			long[][] ids = { { 101, 1, 7592, 2088, 102, 103 }, { 101, 2, 7592, 102, 0, 0 } };
			long[][] mask = { { 1, 1, 1, 1, 1, 0 }, { 1, 1, 1, 1, 0, 0 } };
			float[] inference;
			try (NDManager scope = manager.newSubManager()) {
				inference = model.forward(scope.create(ids), scope.create(mask), false).toFloatArray();
			}
			model.setTrainable(true);
			try (NDManager scope = manager.newSubManager();
					GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
				NDArray output = model.forward(scope.create(ids), scope.create(mask), false);
				float[] training = output.toFloatArray();
				for (int i = 0; i < training.length; i++) {
					assertThat((double) Math.abs(training[i] - inference[i])).isLessThan(1e-5);
				}
				NDArray loss = output.normalize(2, -1, 1e-12).get(0).matMul(output.get(1).transpose()).max(new int[] { 1 }).sum();
				collector.backward(loss);
			}
			model.checkpointTensors().forEach((name, parameter) -> {
				NDArray gradient = parameter.getGradient();
				assertThat(gradient.getShape()).as(name).isEqualTo(parameter.getShape());
				assertThat(gradient.abs().sum().getFloat()).as("gradient of %s", name).isGreaterThan(0f);
			});
			ColbertModel packedModel = TestModels.tinyModel(manager, TestModels.tinyConfig(), 8, 4);
			packedModel.setTrainable(true);
			try (NDManager scope = manager.newSubManager();
					GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
				// the packed form of the same two sequences: 5 of 6 tokens attended, then 4 tokens
				NDArray output = packedModel.forwardPacked(scope.create(new long[] { 101, 1, 7592, 2088, 102, 103, 101, 2, 7592, 102 }),
						scope.create(new long[] { 0, 1, 2, 3, 4, 5, 0, 1, 2, 3 }), new int[] { 6, 4 }, new int[] { 5, 4 },
						false);
				float[] packed = output.toFloatArray();
				int dim = 8;
				for (int t = 0; t < 6; t++) {
					for (int d = 0; d < dim; d++) {
						assertThat((double) Math.abs(packed[t * dim + d] - inference[t * dim + d])).isLessThan(1e-5);
					}
				}
				for (int t = 0; t < 4; t++) {
					for (int d = 0; d < dim; d++) {
						assertThat((double) Math.abs(packed[(6 + t) * dim + d] - inference[(6 + t) * dim + d]))
							.isLessThan(1e-5);
					}
				}
				collector.backward(output.sum());
			}
			packedModel.checkpointTensors().forEach((name, parameter) -> assertThat(
					parameter.getGradient().abs().sum().getFloat()).as("packed gradient of %s", name).isGreaterThan(0f));
			model.setTrainable(false);
			assertThat(model.bert().isTrainable()).isFalse();
		}
	}

}
