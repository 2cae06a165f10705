package dev.colbert.training;

import java.nio.file.Path;
import java.util.Objects;

import dev.colbert.encoder.EncoderOptions;
import dev.colbert.training.data.TrainingDataSource;

/**
 * Everything a training job needs.
 *
 * @param baseModel the model to start from, as a {@code colbert.model} value (for example
 * {@code embedded:bge-small-en-v1.5} or a checkpoint folder)
 * @param encoderOptions options for loading the base model (device, threads, batch size for mining)
 * @param source the training data
 * @param config the hyper-parameters
 * @param outputDirectory where the job writes: {@code checkpoint/} (the trained model), {@code resume/} (resumable
 * state) and {@code examples.jsonl} (the loaded examples, so that a resumed job trains on the same data)
 * @param negatives hard negatives mined per example, for sources that mine
 * @param miningDepth negatives are sampled from this many top-ranked non-relevant documents
 * @param resume whether to continue from {@code resume/} when the output folder has one
 * @param baseModelRoot when not {@code null}, a base model that is a checkpoint folder must have all its files really
 * inside this directory, checked as each file is opened (a request named the folder and was checked when it arrived;
 * this check also refuses a symbolic link swapped in before the job loads the model). The resumable state is always
 * read this way, confined to {@code outputDirectory}.
 */
public record TrainingJobSpec(String baseModel, EncoderOptions encoderOptions, TrainingDataSource source,
		TrainingConfig config, Path outputDirectory, int negatives, int miningDepth, boolean resume,
		Path baseModelRoot) {

	/** A job whose base model is not confined to a directory. */
	public TrainingJobSpec(String baseModel, EncoderOptions encoderOptions, TrainingDataSource source,
			TrainingConfig config, Path outputDirectory, int negatives, int miningDepth, boolean resume) {
		this(baseModel, encoderOptions, source, config, outputDirectory, negatives, miningDepth, resume, null);
	}

	public TrainingJobSpec {
		if (baseModel == null || baseModel.isBlank()) {
			throw new IllegalArgumentException("baseModel must name the model to start from");
		}
		Objects.requireNonNull(encoderOptions, "encoderOptions");
		Objects.requireNonNull(source, "source");
		Objects.requireNonNull(config, "config");
		Objects.requireNonNull(outputDirectory, "outputDirectory");
		if (negatives < 1 || miningDepth < negatives) {
			throw new IllegalArgumentException("need 1 <= negatives <= miningDepth, were " + negatives + " and "
					+ miningDepth);
		}
	}

	/** The folder the trained checkpoint is written to. */
	public Path checkpointDirectory() {
		return this.outputDirectory.resolve("checkpoint");
	}

	/** The folder of the resumable state. */
	public Path resumeDirectory() {
		return this.outputDirectory.resolve("resume");
	}

}
