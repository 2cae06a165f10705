package dev.colbert.index;

import java.nio.file.Path;

/** Another process (or another {@link ColbertIndex} in this JVM) holds the index directory's write lock. */
public class IndexLockedException extends IndexException {

	public IndexLockedException(Path lockFile) {
		super("Index directory " + lockFile.getParent() + " is in use: " + lockFile.getFileName()
				+ " is locked by another ColbertIndex (this or another process). Close the other instance first; only one writer may open an index.");
	}

}
