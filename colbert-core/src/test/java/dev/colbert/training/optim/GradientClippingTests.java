package dev.colbert.training.optim;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link GradientClipping}.
 */
class GradientClippingTests {

	@Test
	void clipsToTheMaximumNormAndReportsTheNormBefore() {
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			NDArray a = manager.create(new float[] { 3f, 0f });
			NDArray b = manager.create(new float[] { 0f, 4f });
			a.setRequiresGradient(true);
			b.setRequiresGradient(true);
			try (var collector = manager.getEngine().newGradientCollector()) {
				collector.backward(a.mul(manager.create(new float[] { 3f, 0f })).sum()
					.add(b.mul(manager.create(new float[] { 0f, 4f })).sum()));
			}
			List<NDArray> parameters = List.of(a, b);
			double norm = GradientClipping.globalNorm(parameters);
			assertThat(norm).isCloseTo(5.0, org.assertj.core.data.Offset.offset(1e-6));
			GradientClipping.scaleToNorm(parameters, 1.0, norm);
			assertThat(GradientClipping.globalNorm(parameters)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
		}
	}

	@Test
	void aNormNoRealGradientReachesStopsTheJobNamingTheStep() {
		assertThatNoException().isThrownBy(() -> GradientClipping.requirePlausible(12.5, 3));
		assertThatIllegalStateException().isThrownBy(() -> GradientClipping.requirePlausible(1.1e37, 1))
			.withMessageContaining("1.1E37")
			.withMessageContaining("at step 1")
			.withMessageContaining("the step was not applied");
		assertThatIllegalStateException().isThrownBy(() -> GradientClipping.requirePlausible(Double.NaN, 7))
			.withMessageContaining("at step 7");
	}

}
