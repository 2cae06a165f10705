package dev.colbert.training.optim;

/**
 * Linear warm-up to the peak learning rate, then linear decay towards 0 (the schedule of ColBERT and of HuggingFace's
 * {@code get_linear_schedule_with_warmup}, counted so that the first step already learns).
 *
 * <p>For the step with 0-based index {@code s} of {@code total}: {@code peak * (s + 1) / warmup} while
 * {@code s < warmup}, then {@code peak * (total - s) / (total - warmup)}.
 *
 * @param peak the learning rate after warm-up
 * @param warmupSteps steps of warm-up (0 for none)
 * @param totalSteps all steps
 */
public record LearningRateSchedule(double peak, int warmupSteps, int totalSteps) {

	public LearningRateSchedule {
		if (totalSteps < 1 || warmupSteps < 0 || warmupSteps > totalSteps || !(peak > 0)) {
			throw new IllegalArgumentException("need peak > 0 and 0 <= warmupSteps <= totalSteps >= 1, were peak "
					+ peak + ", warmup " + warmupSteps + ", total " + totalSteps);
		}
	}

	/** The learning rate of the step with 0-based index {@code step}. */
	public double learningRate(int step) {
		if (step < this.warmupSteps) {
			return this.peak * (step + 1) / this.warmupSteps;
		}
		if (step >= this.totalSteps) {
			return 0;
		}
		return this.peak * (this.totalSteps - step) / (this.totalSteps - this.warmupSteps);
	}

}
