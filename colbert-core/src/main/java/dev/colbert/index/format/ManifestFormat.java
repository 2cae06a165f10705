package dev.colbert.index.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import dev.colbert.index.CorruptIndexException;

/**
 * The commit point file {@code commit_<generation>}: a JSON description of the {@link Manifest} inside the common
 * framing, so it is both checksummed and human-readable ({@code tail -c +17 commit_7 | head -c -8}).
 *
 * <pre>
 * Header   "CBIX" "MNFT" version=1
 * Length   int32: bytes of JSON
 * Json     UTF-8 JSON of the Manifest record (field names as in {@link Manifest}, {@link SegmentInfo}, {@link FileRef})
 * Footer
 * </pre>
 *
 * The index format version inside the JSON ({@code formatVersion}) is 2 since segments may name a {@code sourceFile}
 * (original vectors for adaptive codec training, see {@link SourceVectorsFormat}); version 1 commits have none and are
 * read as well.
 *
 * <p>A commit is atomic: the file is written as {@code commit_<generation>.tmp}, forced to disk, renamed atomically to
 * its final name and the directory is forced. Readers take the highest complete {@code commit_<n>}; files a commit
 * references are never modified afterwards.
 */
public final class ManifestFormat {

	public static final String KIND = "MNFT";

	public static final int VERSION = 1;

	public static final String PREFIX = "commit_";

	public static final String TEMP_SUFFIX = ".tmp";

	private static final Gson gson = new GsonBuilder().serializeNulls().setPrettyPrinting().create();

	private ManifestFormat() {
	}

	public static String fileName(long generation) {
		return PREFIX + generation;
	}

	/** The generation of a commit file name, or -1 if the name is not one. */
	public static long generationOf(String fileName) {
		if (!fileName.startsWith(PREFIX)) {
			return -1;
		}
		String digits = fileName.substring(PREFIX.length());
		if (digits.isEmpty() || digits.length() > 18) {
			return -1;
		}
		for (int i = 0; i < digits.length(); i++) {
			if (!Character.isDigit(digits.charAt(i))) {
				return -1;
			}
		}
		return Long.parseLong(digits);
	}

	/** Writes the manifest atomically into {@code directory}; returns the committed file. */
	public static Path commit(Path directory, Manifest manifest) {
		String name = fileName(manifest.generation());
		Path temp = directory.resolve(name + TEMP_SUFFIX);
		Path target = directory.resolve(name);
		try {
			Files.deleteIfExists(temp);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot remove stale " + temp + ": " + ex.getMessage(), ex);
		}
		byte[] json = gson.toJson(manifest).getBytes(StandardCharsets.UTF_8);
		FileFormat.write(temp, KIND, VERSION, (out) -> {
			out.writeInt(json.length);
			out.writeBytes(json);
		});
		try {
			Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot publish commit " + target + ": " + ex.getMessage(), ex);
		}
		DirectorySync.force(directory);
		return target;
	}

	/** Reads and verifies a commit file. */
	public static Manifest read(Path file) {
		MappedFile in = MappedFile.open(file);
		try {
			FileFormat.verifyChecksum(in);
			FileFormat.checkHeader(in, KIND, VERSION, VERSION);
			int length = in.readInt(FileFormat.HEADER_LENGTH);
			if (length < 0 || FileFormat.HEADER_LENGTH + 4L + length != FileFormat.bodyEnd(in)) {
				throw new CorruptIndexException(file, "JSON length " + length + " does not fit the file");
			}
			byte[] json = new byte[length];
			in.readBytes(FileFormat.HEADER_LENGTH + 4, json, 0, length);
			Manifest manifest;
			try {
				manifest = gson.fromJson(new String(json, StandardCharsets.UTF_8), Manifest.class);
			}
			catch (JsonParseException ex) {
				throw new CorruptIndexException(file, "commit JSON does not parse: " + ex.getMessage(), ex);
			}
			if (manifest == null || manifest.modelFingerprint() == null || manifest.segments() == null
					|| manifest.generation() != generationOf(file.getFileName().toString())) {
				throw new CorruptIndexException(file, "commit JSON is incomplete or names another generation");
			}
			return manifest;
		}
		finally {
			in.close();
		}
	}

}
