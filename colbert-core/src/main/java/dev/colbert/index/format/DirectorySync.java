package dev.colbert.index.format;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forces a directory's entries (new and renamed files) to the storage device. Called after the atomic rename of a
 * commit point, so it does not throw: a failure is logged (the rename is already visible to every process; only
 * durability across a power loss is at stake, and some platforms cannot open directories at all).
 */
public final class DirectorySync {

	private static final Logger logger = LoggerFactory.getLogger(DirectorySync.class);

	private DirectorySync() {
	}

	public static void force(Path directory) {
		try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			logger.warn("Cannot sync directory {} ({}); the commit is visible but may not survive a power loss",
					directory, ex.getMessage());
		}
	}

}
