package dev.colbert.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * A directory that request paths are confined to. Every path is resolved against it and normalized; a path that
 * leaves it (through {@code ..}, an absolute path elsewhere, or a symbolic link that points outside) is refused.
 */
public final class DataDirectory {

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
				throw escape(path, what, " (it links to " + real + ")");
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
		while (existing != null && !Files.exists(existing, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
			existing = existing.getParent();
		}
		if (existing != null) {
			try {
				Path real = existing.toRealPath();
				if (!real.startsWith(this.root)) {
					throw escape(path, what, " (" + existing + " links to " + real + ")");
				}
			}
			catch (IOException ex) {
				throw new IllegalArgumentException(what + " '" + path + "': " + existing + " links to a missing target",
						ex);
			}
		}
		return candidate;
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
