package dev.colbert.encoder.model;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link NativeArrays}: constants made by {@link NativeArrays#times} and {@link NativeArrays#scalar} stay
 * valid for the backward pass even when the Java side has released everything it allocated and the memory is reused.
 */
class NativeArraysTests {

	@Test
	void gradientsThroughEngineOwnedConstantsSurviveReleasedJavaMemory() {
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			NDArray w = manager.create(new float[] { 1f, -2f, 3f, -4f });
			w.setRequiresGradient(true);
			try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
				NDArray scaled;
				NDArray clipped;
				try (NDManager step = manager.newSubManager()) {
					scaled = NativeArrays.times(w, 3f);
					clipped = scaled.maximum(NativeArrays.scalar(scaled, 0f));
					scaled.attach(manager);
					clipped.attach(manager);
				}
				// release and reuse Java-side direct memory before the backward pass
				churnDirectMemory();
				collector.backward(clipped.sum());
			}
			// d/dw sum(max(3w, 0)) = 3 where w > 0, else 0
			assertThat(w.getGradient().toFloatArray()).containsExactly(3f, 0f, 3f, 0f);
		}
	}

	@Test
	void timesAndScalarKeepTheDataType() {
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			NDArray x = manager.create(new float[] { 0.5f, 2f });
			assertThat(NativeArrays.times(x, 4f).toFloatArray()).containsExactly(2f, 8f);
			assertThat(NativeArrays.scalar(x, 7f).getDataType()).isEqualTo(x.getDataType());
			assertThat(NativeArrays.scalar(x, 7f).getShape().dimension()).isZero();
		}
	}

	private static void churnDirectMemory() {
		List<ByteBuffer> buffers = new ArrayList<>();
		for (int round = 0; round < 4; round++) {
			System.gc();
			for (int i = 0; i < 256; i++) {
				ByteBuffer buffer = ByteBuffer.allocateDirect(64);
				while (buffer.remaining() >= 4) {
					buffer.putFloat(1e30f);
				}
				buffers.add(buffer);
			}
		}
		buffers.clear();
	}

}
