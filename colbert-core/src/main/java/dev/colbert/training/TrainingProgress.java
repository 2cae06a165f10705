package dev.colbert.training;

import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Receives what a training run does, and tells it whether to stop. {@link TrainingJob} implements it to keep its
 * status; the command-line runner logs.
 */
public interface TrainingProgress {

	/** Enters a phase; {@code total} is -1 when the phase has no count. */
	void phase(String phase, long total);

	/** Units of the current phase done. */
	void phaseProgress(long done);

	/** Training starts (or resumes) at {@code step} of {@code totalSteps} with {@code examples} examples. */
	void trainingStarted(int step, int totalSteps, int examples);

	/** One optimizer step finished. */
	void stepFinished(int step, double loss, double learningRate, double gradientNorm);

	/** Ranking metrics on the held-out examples. */
	void evaluated(String moment, Map<String, Double> metrics);

	/** Whether the run must stop at the next step boundary. */
	boolean cancelRequested();

	/** A progress that records nothing and never cancels. */
	static TrainingProgress none() {
		return cancelledWhen(() -> false);
	}

	/** A progress that records nothing and asks the run to stop whenever {@code cancel} says so. */
	static TrainingProgress cancelledWhen(BooleanSupplier cancel) {
		return new TrainingProgress() {

			@Override
			public void phase(String phase, long total) {
			}

			@Override
			public void phaseProgress(long done) {
			}

			@Override
			public void trainingStarted(int step, int totalSteps, int examples) {
			}

			@Override
			public void stepFinished(int step, double loss, double learningRate, double gradientNorm) {
			}

			@Override
			public void evaluated(String moment, Map<String, Double> metrics) {
			}

			@Override
			public boolean cancelRequested() {
				return cancel.getAsBoolean();
			}

		};
	}

}
