package dev.colbert.training.data;

import java.util.List;

import dev.colbert.training.TrainingExample;

/**
 * Where training examples come from. Sources that mine hard negatives use the model being trained, before training,
 * through the {@link MiningContext}.
 */
public interface TrainingDataSource {

	/**
	 * Reads (and, where the source mines negatives, mines) the examples.
	 * @throws IllegalArgumentException naming the file and line of malformed input
	 */
	List<TrainingExample> load(MiningContext context);

	/** A short description for logs and the job status. */
	String describe();

}
