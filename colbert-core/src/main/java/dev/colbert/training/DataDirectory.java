package dev.colbert.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A directory that request paths are confined to. Every path is resolved against it and normalized; a path that
 * leaves it (through {@code ..}, an absolute path elsewhere, or a symbolic link that points outside) is refused.
 * Files found inside a resolved folder are checked one by one with {@link #requireInside} before they are opened.
 *
 * <p>Error messages name the path as given and this directory, never where a symbolic link leads: a caller learns
 * nothing about the disk outside.
 */
public final class DataDirectory {

	private static final String THROUGH_A_LINK = " (through a symbolic link)";

	private final Path root;

	private final String description;

	/**
	 * @param root the directory (created when missing)
	 * @param description what the directory is, for error messages (for example {@code colbert.training.data-dir})
	 */
	public DataDirectory(Path root, String description) {
		try {
			Files.createDirectories(root);
			this.root = root.toRealPath();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(description + " " + root + " cannot be created or read: " + ex.getMessage(),
					ex);
		}
		this.description = description;
	}

	public Path root() {
		return this.root;
	}

	/**
	 * Resolves a path from a request that must exist inside this directory.
	 * @param path relative to the directory (or absolute, inside it)
	 * @param what what the path is for, for error messages (for example {@code triples})
	 * @throws IllegalArgumentException if the path is invalid, escapes the directory or does not exist
	 */
	public Path resolveExisting(String path, String what) {
		Path resolved = resolve(path, what);
		if (!Files.exists(resolved)) {
			throw new IllegalArgumentException(what + " '" + path + "' does not exist in " + this.description + " "
					+ this.root);
		}
		try {
			Path real = resolved.toRealPath();
			if (!real.startsWith(this.root)) {
				throw escape(path, what, THROUGH_A_LINK);
			}
			return real;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(what + " '" + path + "' cannot be read: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Resolves a path from a request that may not exist yet (an output), inside this directory; its nearest existing
	 * ancestor must not link outside either.
	 * @throws IllegalArgumentException if the path is invalid or escapes the directory
	 */
	public Path resolve(String path, String what) {
		if (path == null || path.isBlank()) {
			throw new IllegalArgumentException(what + " path is missing; give a path inside " + this.description + " "
					+ this.root);
		}
		Path candidate;
		try {
			candidate = this.root.resolve(path).normalize();
		}
		catch (InvalidPathException ex) {
			throw new IllegalArgumentException(what + " '" + path + "' is not a valid path: " + ex.getMessage(), ex);
		}
		if (!candidate.startsWith(this.root)) {
			throw escape(path, what, "");
		}
		Path existing = candidate;
		while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
			existing = existing.getParent();
		}
		if (existing != null) {
			try {
				Path real = existing.toRealPath();
				if (!real.startsWith(this.root)) {
					throw escape(path, what, THROUGH_A_LINK);
				}
			}
			catch (IOException ex) {
				throw escape(path, what, " (through a symbolic link that leads nowhere)");
			}
		}
		return candidate;
	}

	/**
	 * Checks that an existing file found in this directory, for example inside a folder resolved here, really is in
	 * it: its real path, after every symbolic link, must stay inside. Check each file right before it is opened, and
	 * open the returned real path.
	 * @param file the file
	 * @param what what the file is, for error messages (for example {@code corpus.jsonl of BEIR folder 'scifact'})
	 * @return the real path of the file
	 * @throws IllegalArgumentException when the file is missing or leads outside, naming it relative to this
	 * directory
	 */
	public Path requireInside(Path file, String what) {
		String name = file.toAbsolutePath().normalize().startsWith(this.root)
				? this.root.relativize(file.toAbsolutePath().normalize()).toString() : String.valueOf(file.getFileName());
		Path real;
		try {
			real = file.toRealPath();
		}
		catch (IOException ex) {
			if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
				throw escape(name, what, " (through a symbolic link that leads nowhere)");
			}
			throw new IllegalArgumentException(what + " '" + name + "' does not exist in " + this.description + " "
					+ this.root, ex);
		}
		if (!real.startsWith(this.root)) {
			throw escape(name, what, THROUGH_A_LINK);
		}
		return real;
	}

	private IllegalArgumentException escape(String path, String what, String detail) {
		return new IllegalArgumentException(what + " '" + path + "' is outside " + this.description + " " + this.root
				+ detail + "; give a path inside it");
	}

	@Override
	public String toString() {
		return this.description + " " + this.root;
	}

}
