package dev.colbert.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import ai.djl.ndarray.NDManager;

import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.ModelSource;
import dev.colbert.encoder.checkpoint.ColbertCheckpointReader;
import dev.colbert.encoder.checkpoint.LoadedModel;

/**
 * What a training job reads from disk, confined as it is opened. The model it starts from: a checkpoint folder that
 * must stay inside a directory (the job's own folder for its resumable state, {@link TrainingJobSpec#baseModelRoot()}
 * for a base model a request named) is read with each file's real path checked right before the file is opened
 * ({@link ColbertCheckpointReader#read(Path, NDManager, String, Path)}), so a symbolic link swapped into the folder
 * after the request was checked is refused; any other model is loaded by {@link ColbertEncoders#loadModel}. The files
 * of its resumable state ({@link #requireInJobFolder}).
 */
final class JobFiles {

	private JobFiles() {
	}

	/**
	 * @param root the directory a checkpoint folder's files must be in, or {@code null} for no check
	 * @throws IllegalArgumentException when a confined folder is to be loaded with encoder options that change its
	 * lengths or query augmentation (a training job sets its lengths in {@link TrainingConfig})
	 */
	static LoadedModel loadModel(ModelSource source, Path root, EncoderOptions options, NDManager manager) {
		if (root == null || !(source instanceof ModelSource.Folder folder)) {
			return ColbertEncoders.loadModel(source, options, manager);
		}
		if (options.queryMaxLength() != null || options.documentMaxLength() != null
				|| options.queryAugmentation() != null) {
			throw new IllegalArgumentException("the encoder options of a training job must not change the model's "
					+ "lengths or query augmentation (set queryMaxLength and documentMaxLength in the TrainingConfig)");
		}
		return ColbertCheckpointReader.read(folder.path(), manager, null, realPath(root));
	}

	/**
	 * The real path of a file of the job's folder (its examples, its resumable state), to open instead of
	 * {@code file}: the job wrote it, so its real path must be inside that folder.
	 * @throws IllegalArgumentException naming the file (not where a link leads) when it is not
	 */
	static Path requireInJobFolder(TrainingJobSpec spec, Path file) {
		return new DataDirectory(spec.outputDirectory(), "the job folder").requireInside(file, "file");
	}

	/** The real path of a directory. */
	static Path realPath(Path directory) {
		try {
			return directory.toRealPath();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(directory + " cannot be resolved: " + ex.getMessage(), ex);
		}
	}

}
