package dev.colbert.encoder.model;

import java.util.Locale;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The feed-forward activation of a BERT layer, as named by config.json's {@code hidden_act}.
 */
public enum BertActivation {

	/** Exact GELU, {@code x * Phi(x)} with the error function ({@code "gelu"}). */
	GELU("gelu"),

	/** GELU with the tanh approximation ({@code "gelu_new"}, {@code "gelu_pytorch_tanh"}). */
	GELU_TANH("gelu_new"),

	/** {@code max(0, x)} ({@code "relu"}). */
	RELU("relu");

	private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);

	private final String configName;

	BertActivation(String configName) {
		this.configName = configName;
	}

	/** The name written to config.json. */
	public String configName() {
		return this.configName;
	}

	/** Applies the activation; differentiable. */
	public NDArray apply(NDArray x) {
		return switch (this) {
			case GELU -> Activation.gelu(x);
			case RELU -> Activation.relu(x);
			case GELU_TANH -> {
				// 0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))
				// constants through engine-owned scalars: NDArray.mul(Number) is unsafe under autograd (NativeArrays)
				NDArray cube = x.mul(x).mul(x);
				NDArray inner = NativeArrays.times(NativeArrays.times(cube, 0.044715f).add(x), (float) SQRT_2_OVER_PI).tanh();
				yield NativeArrays.times(inner.add(1).mul(x), 0.5f);
			}
		};
	}

	/**
	 * Parses config.json's {@code hidden_act}.
	 * @throws IllegalArgumentException naming the value and the supported ones
	 */
	public static BertActivation fromConfig(String name) {
		return switch (name.toLowerCase(Locale.ROOT)) {
			case "gelu" -> GELU;
			case "gelu_new", "gelu_pytorch_tanh", "gelu_fast" -> GELU_TANH;
			case "relu" -> RELU;
			default -> throw new IllegalArgumentException("hidden_act '" + name
					+ "' is not supported; supported: gelu, gelu_new, gelu_pytorch_tanh, gelu_fast, relu");
		};
	}

}
