package dev.colbert.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Global-norm gradient clipping ({@code torch.nn.utils.clip_grad_norm_}): when the L2 norm of all gradients together
 * exceeds {@code maxNorm}, every gradient is scaled by {@code maxNorm / (norm + 1e-6)}.
 */
public final class GradientClipping {

	private GradientClipping() {
	}

	/**
	 * The global L2 norm of the parameters' gradients (parameters without a gradient count as zero).
	 */
	public static double globalNorm(Iterable<NDArray> parameters) {
		double sum = 0;
		for (NDArray parameter : parameters) {
			if (parameter.hasGradient()) {
				try (NDManager scope = parameter.getManager().newSubManager()) {
					NDArray gradient = parameter.getGradient();
					gradient.attach(scope);
					sum += gradient.toType(DataType.FLOAT64, true).square().sum().getDouble();
				}
			}
		}
		return Math.sqrt(sum);
	}

	/**
	 * The largest global gradient norm taken for a real gradient. Larger norms come from a numerical fault (overflow,
	 * memory read after release), and clipping them would silently turn the step into a no-op.
	 */
	public static final double IMPLAUSIBLE_NORM = 1e6;

	/**
	 * Refuses a gradient norm that is not finite or above {@link #IMPLAUSIBLE_NORM}, so that a numerical fault stops
	 * the job loudly instead of being clipped away.
	 * @param norm the global norm before clipping
	 * @param step the 1-based step, for the message
	 * @throws IllegalStateException naming the norm and the step
	 */
	public static void requirePlausible(double norm, int step) {
		if (!Double.isFinite(norm) || norm > IMPLAUSIBLE_NORM) {
			throw new IllegalStateException("the gradient norm is " + norm + " at step " + step
					+ ", which no real gradient of this model reaches (limit " + IMPLAUSIBLE_NORM
					+ "): a numerical fault; the step was not applied. Lower the learning rate or report it with the job's"
					+ " configuration");
		}
	}

	/**
	 * Clips the gradients in place, given their global norm (from {@link #globalNorm}, which the caller also checks
	 * with {@link #requirePlausible}).
	 * @param maxNorm the largest allowed global norm; 0 or less disables clipping
	 * @param norm the gradients' global norm
	 */
	public static void scaleToNorm(Iterable<NDArray> parameters, double maxNorm, double norm) {
		if (maxNorm > 0 && norm > maxNorm) {
			float scale = (float) (maxNorm / (norm + 1e-6));
			for (NDArray parameter : parameters) {
				if (parameter.hasGradient()) {
					try (NDArray gradient = parameter.getGradient()) {
						gradient.muli(scale);
					}
				}
			}
		}
	}

}
