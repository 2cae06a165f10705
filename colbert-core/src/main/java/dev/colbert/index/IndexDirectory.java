package dev.colbert.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.index.format.FileFormat;
import dev.colbert.index.format.FileRef;
import dev.colbert.index.format.Manifest;
import dev.colbert.index.format.ManifestFormat;
import dev.colbert.index.format.MappedFile;
import dev.colbert.index.format.SegmentInfo;

/**
 * The files of one index directory: naming, the write lock, verified opening, and removal of files no commit needs.
 * It also keeps the files it mapped until they are unmapped: {@link #unmapUnreferenced()} unmaps those no snapshot
 * holds (read once while opening, or written by a commit and merged away before it was published).
 *
 * <p>File names: {@code commit_<generation>} (commit points), {@code codec_<n>.cdc}, {@code seg_<n>.vec},
 * {@code seg_<n>.dst}, {@code seg_<n>_<m>.del}, {@code seg_<n>.src} (original vectors kept for adaptive codec
 * training), and {@code write.lock}. Numbers come from the commit's
 * {@code nextFileNumber} and are never reused.
 */
final class IndexDirectory implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(IndexDirectory.class);

	static final String LOCK_FILE = "write.lock";

	/** Files this library creates (anything else in the directory is left alone). */
	private static final Pattern OWN_FILE = Pattern
		.compile("commit_\\d+(\\.tmp)?|codec_\\d+\\.cdc|seg_\\d+\\.(vec|dst|src)|seg_\\d+_\\d+\\.del");

	private final Path path;

	private final FileChannel lockChannel;

	private final FileLock lock;

	private final Set<String> undeletable = new HashSet<>();

	/** Files mapped through this directory and not known to be unmapped yet. Only the writer maps files. */
	private final List<MappedFile> mapped = new ArrayList<>();

	private IndexDirectory(Path path, FileChannel lockChannel, FileLock lock) {
		this.path = path;
		this.lockChannel = lockChannel;
		this.lock = lock;
	}

	/** Creates the directory if needed and takes its write lock. */
	static IndexDirectory lock(Path path) {
		try {
			Files.createDirectories(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create index directory " + path + ": " + ex.getMessage(), ex);
		}
		Path lockFile = path.resolve(LOCK_FILE);
		FileChannel channel = null;
		try {
			channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			FileLock lock = channel.tryLock();
			if (lock == null) {
				channel.close();
				throw new IndexLockedException(lockFile);
			}
			return new IndexDirectory(path, channel, lock);
		}
		catch (OverlappingFileLockException ex) {
			closeQuietly(channel);
			throw new IndexLockedException(lockFile);
		}
		catch (IOException ex) {
			closeQuietly(channel);
			throw new UncheckedIOException("Cannot lock index directory " + path + ": " + ex.getMessage(), ex);
		}
	}

	private static void closeQuietly(FileChannel channel) {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				// ignore
			}
		}
	}

	Path path() {
		return this.path;
	}

	Path resolve(String name) {
		return this.path.resolve(name);
	}

	/** The highest generation with a commit file, or -1 when the directory holds no commit. */
	long latestGeneration() {
		long latest = -1;
		for (String name : list()) {
			latest = Math.max(latest, ManifestFormat.generationOf(name));
		}
		return latest;
	}

	List<String> list() {
		List<String> names = new ArrayList<>();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(this.path)) {
			for (Path p : stream) {
				names.add(p.getFileName().toString());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list index directory " + this.path + ": " + ex.getMessage(), ex);
		}
		return names;
	}

	/**
	 * Opens a file a commit references and checks it is that file: same length, same footer checksum, and (when
	 * {@code verify}) every byte hashing to it.
	 */
	MappedFile open(FileRef ref, boolean verify) {
		Path file = resolve(ref.name());
		if (!Files.exists(file)) {
			throw new CorruptIndexException(file, "the file is missing but the commit references it");
		}
		MappedFile in = map(ref.name());
		if (in.length() != ref.length()) {
			throw new CorruptIndexException(file,
					"file is " + in.length() + " bytes but the commit recorded " + ref.length() + " (truncated or replaced)");
		}
		if (in.length() < FileFormat.HEADER_LENGTH + FileFormat.FOOTER_LENGTH
				|| in.readInt(in.length() - 4) != ref.checksum()) {
			throw new CorruptIndexException(file, "footer checksum differs from the commit's record "
					+ Integer.toHexString(ref.checksum()) + " (file replaced or altered)");
		}
		if (verify) {
			FileFormat.verifyChecksum(in);
		}
		return in;
	}

	/** Maps a file of this directory (written by this commit). */
	MappedFile map(String name) {
		MappedFile file = MappedFile.open(resolve(name));
		synchronized (this.mapped) {
			this.mapped.add(file);
		}
		return file;
	}

	/**
	 * Unmaps the files mapped here that no snapshot holds. Call it from the writer, once the files it mapped are
	 * either held by the published snapshot or not needed (after a commit, a failed commit, a failed open, a close).
	 * @return how many files are still mapped (held by snapshots)
	 */
	int unmapUnreferenced() {
		synchronized (this.mapped) {
			this.mapped.removeIf(MappedFile::close);
			return this.mapped.size();
		}
	}

	FileRef ref(String name, int checksum) {
		try {
			return new FileRef(name, Files.size(resolve(name)), checksum);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot stat " + resolve(name) + ": " + ex.getMessage(), ex);
		}
	}

	long size(String name) {
		try {
			return Files.size(resolve(name));
		}
		catch (IOException ex) {
			return 0;
		}
	}

	/** All file names a commit needs, its own commit file included. */
	static Set<String> referencedBy(Manifest manifest) {
		Set<String> names = new HashSet<>();
		names.add(ManifestFormat.fileName(manifest.generation()));
		if (manifest.codec() != null) {
			names.add(manifest.codec().name());
		}
		for (SegmentInfo segment : manifest.segments()) {
			names.add(segment.vectorsFile().name());
			names.add(segment.documentsFile().name());
			if (segment.deletesFile() != null) {
				names.add(segment.deletesFile().name());
			}
			if (segment.sourceFile() != null) {
				names.add(segment.sourceFile().name());
			}
		}
		return names;
	}

	/** Deletes this library's files that {@code manifest} does not reference (older commits, orphans, temp files). */
	void deleteUnreferenced(Manifest manifest) {
		Set<String> keep = referencedBy(manifest);
		for (String name : list()) {
			if (!keep.contains(name) && OWN_FILE.matcher(name).matches()) {
				delete(name);
			}
		}
	}

	void delete(String name) {
		try {
			Files.deleteIfExists(resolve(name));
			this.undeletable.remove(name);
		}
		catch (IOException ex) {
			// e.g. still mapped on Windows: retried after the next commit
			if (this.undeletable.add(name)) {
				logger.debug("Cannot delete {} yet: {}", resolve(name), ex.getMessage());
			}
		}
	}

	@Override
	public void close() {
		try {
			this.lock.release();
		}
		catch (IOException ex) {
			// released when the channel closes
		}
		closeQuietly(this.lockChannel);
	}

}
