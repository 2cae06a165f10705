package dev.colbert.autoconfigure.training;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.colbert.training.DataDirectory;

/**
 * Which models a training job may start from: the configured base model, the model that serves, a value of
 * {@code colbert.training.allowed-base-models}, or a checkpoint folder under {@code colbert.training.output-dir} whose
 * files are all really there. Any other value is refused with one message that echoes it and says what is allowed,
 * before it is looked up anywhere: a caller learns nothing about folders elsewhere or about the hub, and cannot put a
 * model of their choosing into serving with a swap.
 */
final class BaseModelPolicy {

	private final String configured;

	private final Supplier<@Nullable String> serving;

	private final List<String> allowed;

	private final DataDirectory outputs;

	/**
	 * @param configured the model a job starts from when the request names none
	 * @param serving the model that serves now, as a {@code colbert.model} value (it changes with swaps)
	 * @param allowed further values a request may name, compared as written
	 * @param outputs the output directory, whose checkpoint folders are allowed
	 */
	BaseModelPolicy(String configured, Supplier<@Nullable String> serving, List<String> allowed,
			DataDirectory outputs) {
		this.configured = configured;
		this.serving = serving;
		this.allowed = List.copyOf(allowed);
		this.outputs = outputs;
	}

	/**
	 * The model a job starts from.
	 * @param requested the request's {@code baseModel}, or {@code null}
	 * @return a {@code colbert.model} value (the real path of a checkpoint folder under the output directory)
	 * @throws IllegalArgumentException when the value is not allowed, or a checkpoint file under the output directory
	 * leads outside it
	 */
	String resolve(@Nullable String requested) {
		if (requested == null || requested.isBlank()) {
			return this.configured;
		}
		String value = requested.strip();
		if (value.equals(this.configured) || value.equals(this.serving.get()) || this.allowed.contains(value)) {
			return value;
		}
		Path folder = outputFolder(value);
		if (folder == null || !Files.isDirectory(folder)) {
			throw new IllegalArgumentException("baseModel '" + requested + "' is not allowed: a job starts from the "
					+ "model that serves (" + this.serving.get() + "), the configured base model (" + this.configured
					+ "), a checkpoint folder under " + this.outputs + " (for example job-20250101-120000/checkpoint)"
					+ " or a value of " + ColbertTrainingProperties.PREFIX + ".allowed-base-models");
		}
		return CheckpointFolders.requireConfined(this.outputs, folder, "baseModel '" + requested + "'").toString();
	}

	/**
	 * The directory a base model's files must stay in while the job loads them: the output directory for a folder
	 * in it (a checkpoint {@link #resolve} checked file by file when the request arrived; the job checks again as it
	 * opens each file, see {@link dev.colbert.training.TrainingJobSpec#baseModelRoot()}), {@code null} for any other
	 * model.
	 * @param baseModel a value {@link #resolve} returned
	 */
	@Nullable Path confinement(String baseModel) {
		Path path;
		try {
			path = Path.of(baseModel).toAbsolutePath().normalize();
		}
		catch (InvalidPathException ex) {
			return null;
		}
		return path.startsWith(this.outputs.root()) ? this.outputs.root() : null;
	}

	/** The folder a value names inside the output directory, or {@code null} when it names none there. */
	private @Nullable Path outputFolder(String value) {
		try {
			return this.outputs.resolveExisting(value, "baseModel");
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
