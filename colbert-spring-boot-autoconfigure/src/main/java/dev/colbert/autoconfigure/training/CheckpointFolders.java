package dev.colbert.autoconfigure.training;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import dev.colbert.encoder.checkpoint.CheckpointFiles;
import dev.colbert.encoder.checkpoint.ColbertCheckpointReader;
import dev.colbert.training.DataDirectory;

/**
 * Checks checkpoint folders that a request names (a base model, a checkpoint to swap in, a resumable state): every
 * file the model loader opens must really be inside the directory the folder was found in, so that a symbolic link in
 * the folder cannot make the application load a file from elsewhere.
 */
final class CheckpointFolders {

	private CheckpointFolders() {
	}

	/**
	 * Checks a folder found in {@code directory}.
	 * @param directory the data or output directory the folder was resolved in
	 * @param folder the folder (its real path)
	 * @param what what the folder is, for messages (for example {@code checkpoint 'job-1/checkpoint'})
	 * @return the folder
	 * @throws IllegalArgumentException when a file of the folder leads outside the directory (naming the file, not
	 * where it leads), or the folder has no {@code config.json}
	 */
	static Path requireConfined(DataDirectory directory, Path folder, String what) {
		requireFilesInside(directory, folder, what);
		if (!Files.isRegularFile(folder.resolve(CheckpointFiles.CONFIG))) {
			throw new IllegalArgumentException(what + " is not a checkpoint folder: it has no "
					+ CheckpointFiles.CONFIG);
		}
		return folder;
	}

	/**
	 * Checks that each checkpoint file present in {@code folder} (a link counts, even one that leads nowhere) is
	 * inside {@code directory}; missing files are left to the model loader to report.
	 */
	static void requireFilesInside(DataDirectory directory, Path folder, String what) {
		for (String file : ColbertCheckpointReader.REQUIRED_FILES) {
			Path path = folder.resolve(file);
			if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
				directory.requireInside(path, "file of " + what);
			}
		}
	}

}
