package dev.colbert.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Folders of a training job written as a whole: a checkpoint or a resumable state is written into a temporary sibling
 * and moved in place, so a job stopped at any moment leaves the previous folder or the new one, never half of one.
 */
final class AtomicFolders {

	private AtomicFolders() {
	}

	/** Writes the content of a folder. */
	@FunctionalInterface
	interface FolderWriter {

		void write(Path folder) throws IOException;

	}

	/** Writes a folder through a temporary sibling, then replaces the target. */
	static void write(Path target, FolderWriter writer) throws IOException {
		Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
		delete(temporary);
		Files.createDirectories(temporary);
		writer.write(temporary);
		Path old = target.resolveSibling(target.getFileName() + ".old");
		delete(old);
		if (Files.exists(target)) {
			Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
		}
		Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
		delete(old);
	}

	/** Deletes a file or a folder with everything in it; nothing when it does not exist. */
	static void delete(Path path) throws IOException {
		if (!Files.exists(path)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(path)) {
			for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
	}

}
