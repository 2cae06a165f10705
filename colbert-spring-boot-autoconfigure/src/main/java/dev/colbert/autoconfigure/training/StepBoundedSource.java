package dev.colbert.autoconfigure.training;

import java.util.List;

import dev.colbert.training.TrainingConfig;
import dev.colbert.training.TrainingExample;
import dev.colbert.training.data.MiningContext;
import dev.colbert.training.data.TrainingDataSource;

/**
 * The data of a job that runs for a number of epochs: its steps are only known once the examples are loaded, so they
 * are checked against {@code colbert.training.limits.max-steps} right then, before the first step (the trainer holds
 * out {@code min(evaluationExamples, examples / 5)} examples and runs {@code ceil(epochs * rest / batchSize)} steps).
 *
 * @param source the data
 * @param config the job's hyper-parameters
 * @param limits the bounds
 */
record StepBoundedSource(TrainingDataSource source, TrainingConfig config, TrainingLimits limits)
		implements TrainingDataSource {

	@Override
	public List<TrainingExample> load(MiningContext context) {
		List<TrainingExample> examples = this.source.load(context);
		int heldOut = Math.min(this.config.evaluationExamples(), examples.size() / 5);
		int steps = this.config.resolveTotalSteps(examples.size() - heldOut);
		this.limits.checkResolvedSteps(steps, this.config.epochs() + " epochs of " + (examples.size() - heldOut)
				+ " examples in batches of " + this.config.batchSize());
		return examples;
	}

	@Override
	public String describe() {
		return this.source.describe();
	}

}
