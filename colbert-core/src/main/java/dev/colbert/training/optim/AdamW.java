package dev.colbert.training.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * AdamW (Loshchilov and Hutter, "Decoupled Weight Decay Regularization"), with PyTorch's {@code torch.optim.AdamW}
 * update for each parameter {@code p} with gradient {@code g} at step {@code t} (1-based):
 *
 * <pre>
 * p = p - lr * weightDecay * p                  (only for parameters that decay)
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g^2
 * p = p - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
 * </pre>
 *
 * The parameters are updated in place (outside any gradient collection); the moments live in the optimizer's own
 * manager. {@link #state()} and {@link #restore} save and reload the moments for resumable training.
 *
 * <p>Not thread-safe: one training loop uses it.
 */
public final class AdamW implements AutoCloseable {

	private final NDManager manager;

	private final double beta1;

	private final double beta2;

	private final double epsilon;

	private final double weightDecay;

	private final Predicate<String> decays;

	private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();

	private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();

	private long step;

	/**
	 * @param manager a manager on the parameters' device; the optimizer uses a sub-manager of it for its state
	 * @param beta1 decay of the first moment (0.9 in PyTorch)
	 * @param beta2 decay of the second moment (0.999)
	 * @param epsilon added to the denominator (1e-8)
	 * @param weightDecay decoupled weight decay (0.01)
	 * @param decays which parameters (by name) the weight decay applies to
	 */
	public AdamW(NDManager manager, double beta1, double beta2, double epsilon, double weightDecay,
			Predicate<String> decays) {
		if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
			throw new IllegalArgumentException("betas must be in [0, 1), were " + beta1 + " and " + beta2);
		}
		if (!(epsilon > 0) || !(weightDecay >= 0)) {
			throw new IllegalArgumentException("epsilon must be > 0 and weightDecay >= 0, were " + epsilon + " and "
					+ weightDecay);
		}
		this.manager = manager.newSubManager();
		this.beta1 = beta1;
		this.beta2 = beta2;
		this.epsilon = epsilon;
		this.weightDecay = weightDecay;
		this.decays = Objects.requireNonNull(decays, "decays");
	}

	/**
	 * PyTorch's defaults (betas 0.9 and 0.999, eps 1e-8) with the given weight decay, not applied to biases and
	 * LayerNorm weights (the usual BERT fine-tuning rule).
	 */
	public static AdamW forBert(NDManager manager, double weightDecay) {
		return new AdamW(manager, 0.9, 0.999, 1e-8, weightDecay, AdamW::decaysInBert);
	}

	/** Whether a BERT/ColBERT parameter takes weight decay: not biases, not LayerNorm weights. */
	public static boolean decaysInBert(String name) {
		return !name.endsWith(".bias") && !name.contains("LayerNorm.");
	}

	/** Steps taken so far. */
	public long step() {
		return this.step;
	}

	/**
	 * Applies one update to every parameter with the learning rate {@code lr}. Parameters whose gradient was never
	 * computed take a zero gradient (their moments still decay, as in PyTorch with zeroed gradients).
	 * @param parameters the trained parameters by name; the same names every step
	 * @param lr the learning rate of this step
	 */
	public void update(Map<String, NDArray> parameters, double lr) {
		this.step++;
		double correction1 = 1 - Math.pow(this.beta1, this.step);
		double correction2 = 1 - Math.pow(this.beta2, this.step);
		for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
			String name = entry.getKey();
			NDArray parameter = entry.getValue();
			NDArray m = this.firstMoments.computeIfAbsent(name, (key) -> zerosLike(parameter));
			NDArray v = this.secondMoments.computeIfAbsent(name, (key) -> zerosLike(parameter));
			try (NDManager scope = this.manager.newSubManager()) {
				parameter.tempAttach(scope);
				m.tempAttach(scope);
				v.tempAttach(scope);
				NDArray gradient = parameter.getGradient();
				gradient.attach(scope);
				if (this.weightDecay > 0 && this.decays.test(name)) {
					parameter.muli(1 - lr * this.weightDecay);
				}
				m.muli(this.beta1).addi(gradient.mul(1 - this.beta1));
				v.muli(this.beta2).addi(gradient.square().muli(1 - this.beta2));
				NDArray denominator = v.div(correction2).sqrt().addi(this.epsilon);
				parameter.subi(m.mul(lr / correction1).divi(denominator));
			}
		}
	}

	/** Sets the gradients of the parameters to zero (PyTorch accumulates gradients over backward passes). */
	public static void zeroGradients(Iterable<NDArray> parameters) {
		for (NDArray parameter : parameters) {
			if (parameter.hasGradient()) {
				try (NDArray gradient = parameter.getGradient()) {
					gradient.muli(0f);
				}
			}
		}
	}

	/** The moments by {@code m.<name>} and {@code v.<name>} (owned by the optimizer), for a resumable checkpoint. */
	public Map<String, NDArray> state() {
		Map<String, NDArray> state = new LinkedHashMap<>();
		this.firstMoments.forEach((name, m) -> state.put("m." + name, m));
		this.secondMoments.forEach((name, v) -> state.put("v." + name, v));
		return state;
	}

	/**
	 * Restores moments saved with {@link #state()} and the step count.
	 * @param state arrays named {@code m.<name>} and {@code v.<name>}; copied into the optimizer's manager
	 * @param step the number of steps taken when the state was saved
	 */
	public void restore(Map<String, NDArray> state, long step) {
		this.firstMoments.values().forEach(NDArray::close);
		this.secondMoments.values().forEach(NDArray::close);
		this.firstMoments.clear();
		this.secondMoments.clear();
		state.forEach((key, array) -> {
			NDArray copy = array.duplicate();
			copy.attach(this.manager);
			if (key.startsWith("m.")) {
				this.firstMoments.put(key.substring(2), copy);
			}
			else if (key.startsWith("v.")) {
				this.secondMoments.put(key.substring(2), copy);
			}
			else {
				copy.close();
				throw new IllegalArgumentException("optimizer state key " + key + " is neither m.<name> nor v.<name>");
			}
		});
		this.step = step;
	}

	private NDArray zerosLike(NDArray parameter) {
		return this.manager.zeros(parameter.getShape(), parameter.getDataType());
	}

	@Override
	public void close() {
		this.manager.close();
	}

}
