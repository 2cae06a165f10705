package dev.colbert.autoconfigure.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.colbert.training.DataDirectory;

/**
 * The job folders under {@code colbert.training.output-dir}. A new job gets a folder that did not exist, created
 * atomically: a finished job's checkpoint, perhaps the one that serves after a swap, is never written over, and two
 * starts never share a folder. {@code "resume": true} reopens the folder of a cancelled job instead, the one case where
 * a job writes into an existing folder.
 */
final class JobFolders {

	static final String RESUME_HINT = "give \"resume\": true to continue a cancelled job in it";

	private static final int MAX_NAME_ATTEMPTS = 1000;

	private static final DateTimeFormatter JOB_NAME = DateTimeFormatter.ofPattern("'job-'yyyyMMdd-HHmmss",
			Locale.ROOT);

	/** Files a resumed job reads from its folder, besides the checkpoint files of {@code resume/}. */
	private static final List<String> RESUME_FILES = List.of("examples.jsonl", "resume/trainer-state.json",
			"resume/optimizer.safetensors");

	private final DataDirectory outputs;

	private final Clock clock;

	JobFolders(DataDirectory outputs, Clock clock) {
		this.outputs = outputs;
		this.clock = clock;
	}

	/**
	 * A job's folder.
	 *
	 * @param path the folder
	 * @param created whether it was created for the job (and is deleted again, while empty, when the job does not
	 * start)
	 */
	record JobFolder(Path path, boolean created) {

	}

	/**
	 * Creates the folder of a new job.
	 * @param name the folder under the output directory, or {@code null} for {@code job-<time>}
	 * @throws IllegalArgumentException when the folder exists or leaves the output directory
	 */
	JobFolder create(@Nullable String name) {
		if (name == null) {
			String base = LocalDateTime.now(this.clock).format(JOB_NAME);
			for (int attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
				String candidate = (attempt == 1) ? base : base + "-" + attempt;
				JobFolder folder = createIfAbsent(this.outputs.resolve(candidate, "output"));
				if (folder != null) {
					return folder;
				}
			}
			throw new IllegalArgumentException("the folders " + base + " to " + base + "-" + MAX_NAME_ATTEMPTS
					+ " all exist in " + this.outputs + "; give 'output'");
		}
		Path path = this.outputs.resolve(name, "output");
		if (path.equals(this.outputs.root())) {
			throw new IllegalArgumentException("output '" + name + "' is " + this.outputs + " itself; give a folder "
					+ "inside it");
		}
		JobFolder folder = createIfAbsent(path);
		if (folder == null) {
			throw new IllegalArgumentException("output '" + name + "' already exists in " + this.outputs + ": a new "
					+ "job never writes into an existing folder (it could replace a checkpoint, even the one that "
					+ "serves); choose another name, or " + RESUME_HINT);
		}
		return folder;
	}

	/**
	 * Reopens the folder of a cancelled job, which must hold a resumable state and no finished checkpoint; every file
	 * the job will read from it must really be in the output directory.
	 * @param name the folder under the output directory
	 * @throws IllegalArgumentException naming what is missing or wrong
	 */
	JobFolder resume(@Nullable String name) {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("\"resume\": true needs 'output', the folder of the cancelled job under "
					+ this.outputs);
		}
		Path path = this.outputs.resolveExisting(name, "output");
		if (Files.exists(path.resolve("checkpoint"), LinkOption.NOFOLLOW_LINKS)) {
			throw new IllegalArgumentException("output '" + name + "' holds a finished checkpoint: its job ended, so "
					+ "there is nothing to resume; a new job needs a new folder");
		}
		String what = "output '" + name + "'";
		CheckpointFolders.requireFilesInside(this.outputs, path.resolve("resume"), what + " resume");
		for (String file : RESUME_FILES) {
			if (Files.exists(path.resolve(file), LinkOption.NOFOLLOW_LINKS)) {
				this.outputs.requireInside(path.resolve(file), "file of " + what);
			}
		}
		if (!Files.isRegularFile(path.resolve("resume/trainer-state.json"))) {
			throw new IllegalArgumentException("output '" + name + "' has no resumable state (resume/trainer-state.json"
					+ "): only a job that was cancelled while training can be resumed");
		}
		return new JobFolder(path, false);
	}

	/** Deletes a folder created for a job that did not start, if it is still empty. */
	void release(JobFolder folder) {
		if (!folder.created()) {
			return;
		}
		try {
			Files.deleteIfExists(folder.path());
		}
		catch (DirectoryNotEmptyException ex) {
			// something was written: keep it
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot delete the unused job folder " + folder.path(), ex);
		}
	}

	private static @Nullable JobFolder createIfAbsent(Path path) {
		try {
			Files.createDirectories(path.getParent());
			Files.createDirectory(path);
			return new JobFolder(path, true);
		}
		catch (FileAlreadyExistsException ex) {
			return null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create the job folder " + path + ": " + ex.getMessage(), ex);
		}
	}

}
