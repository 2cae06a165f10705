package dev.colbert.index;

import java.nio.file.Path;

/**
 * An index file is damaged: truncated, altered, of the wrong kind or version, or not the file the commit point
 * recorded. The index refuses to use it; the message names the file.
 */
public class CorruptIndexException extends IndexException {

	private final Path file;

	public CorruptIndexException(Path file, String problem) {
		super(describe(file, problem));
		this.file = file;
	}

	public CorruptIndexException(Path file, String problem, Throwable cause) {
		super(describe(file, problem), cause);
		this.file = file;
	}

	private static String describe(Path file, String problem) {
		return "Corrupt index file " + file + ": " + problem
				+ ". The index refuses to use it; restore the index directory from a backup or rebuild it.";
	}

	/** The damaged file. */
	public Path file() {
		return this.file;
	}

}
