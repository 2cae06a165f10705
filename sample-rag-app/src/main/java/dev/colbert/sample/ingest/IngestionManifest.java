package dev.colbert.sample.ingest;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Properties;

/**
 * The record of which knowledge base the index holds: a fingerprint of the files, the chunking and the model, written
 * after a complete ingestion. A later start whose fingerprint matches (and whose index still holds documents) skips
 * ingestion; a missing or different manifest means the knowledge base is ingested again (chunk ids are stable, so
 * chunks are replaced, never duplicated).
 *
 * @param fingerprint SHA-256 over the file names and contents, the chunking settings and the model fingerprint
 * @param chunks chunks stored
 * @param ingestedAt when the ingestion finished
 */
public record IngestionManifest(String fingerprint, int chunks, Instant ingestedAt) {

	/** Reads the manifest at {@code file}, or returns {@code null} when there is none or it cannot be read. */
	public static IngestionManifest read(Path file) {
		if (!Files.isRegularFile(file)) {
			return null;
		}
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			properties.load(reader);
			return new IngestionManifest(properties.getProperty("fingerprint"),
					Integer.parseInt(properties.getProperty("chunks", "0")),
					Instant.parse(properties.getProperty("ingestedAt")));
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	/** Writes this manifest to {@code file} atomically (a temporary file renamed over it). */
	public void write(Path file) {
		Properties properties = new Properties();
		properties.setProperty("fingerprint", this.fingerprint);
		properties.setProperty("chunks", Integer.toString(this.chunks));
		properties.setProperty("ingestedAt", this.ingestedAt.toString());
		try {
			Path directory = file.toAbsolutePath().getParent();
			Files.createDirectories(directory);
			Path temporary = Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
			try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
				properties.store(writer, "Knowledge base held by the ColBERT index (sample-rag-app)");
			}
			Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the ingestion manifest " + file.toAbsolutePath()
					+ ": check that its folder is writable (sample.knowledge-base.manifest)", ex);
		}
	}

}
