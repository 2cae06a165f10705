package dev.colbert.store.swap;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The record of a model swap that a restart follows: which model and which index directory serve instead of the
 * configured ones. It lives next to the configured index directory ({@code <index>.active-model.properties}) and names
 * the configured model and index it replaces, so that it is ignored once the configuration changes. Deleting it
 * returns the application to its configured model and index (which a swap never deletes).
 *
 * @param model the model that serves, as a {@code colbert.model} value (the checkpoint folder)
 * @param index the index directory that model built
 * @param fingerprint the fingerprint of the model
 * @param configuredModel the configured model the swap replaced
 * @param configuredIndex the configured index directory the swap replaced
 * @param swappedAt when the swap completed
 */
public record ActiveModelFile(String model, Path index, String fingerprint, String configuredModel,
		Path configuredIndex, Instant swappedAt) {

	private static final String SUFFIX = ".active-model.properties";

	public ActiveModelFile {
		Objects.requireNonNull(model, "model");
		Objects.requireNonNull(index, "index");
		Objects.requireNonNull(fingerprint, "fingerprint");
		Objects.requireNonNull(configuredModel, "configuredModel");
		Objects.requireNonNull(configuredIndex, "configuredIndex");
		Objects.requireNonNull(swappedAt, "swappedAt");
	}

	/** Where the record of swaps away from the configured index directory {@code configuredIndex} is kept. */
	public static Path location(Path configuredIndex) {
		Path absolute = configuredIndex.toAbsolutePath().normalize();
		return absolute.resolveSibling(absolute.getFileName() + SUFFIX);
	}

	/** Whether this record replaces the given configuration (it is ignored once the configuration changes). */
	public boolean replaces(String configuredModel, Path configuredIndex) {
		return this.configuredModel.equals(configuredModel)
				&& this.configuredIndex.equals(configuredIndex.toAbsolutePath().normalize());
	}

	/**
	 * Reads the record kept for the configured index directory.
	 * @return empty when there is none
	 * @throws IllegalStateException naming the file when it cannot be read or lacks a value
	 */
	public static Optional<ActiveModelFile> read(Path configuredIndex) {
		Path file = location(configuredIndex);
		if (!Files.exists(file)) {
			return Optional.empty();
		}
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			properties.load(reader);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read the model swap record " + file + ": " + ex.getMessage()
					+ "; delete it to serve the configured model", ex);
		}
		try {
			return Optional.of(new ActiveModelFile(required(properties, "model", file),
					Path.of(required(properties, "index", file)), required(properties, "fingerprint", file),
					required(properties, "configured-model", file), Path.of(required(properties, "configured-index", file)),
					Instant.parse(required(properties, "swapped-at", file))));
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("The model swap record " + file + " is invalid: " + ex.getMessage()
					+ "; delete it to serve the configured model", ex);
		}
	}

	private static String required(Properties properties, String key, Path file) {
		String value = properties.getProperty(key);
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("'" + key + "' is missing in " + file);
		}
		return value;
	}

	/** Writes this record atomically (a temporary file moved into place) next to the configured index. */
	public void write() {
		Path file = location(this.configuredIndex);
		Properties properties = new Properties();
		properties.setProperty("model", this.model);
		properties.setProperty("index", this.index.toAbsolutePath().normalize().toString());
		properties.setProperty("fingerprint", this.fingerprint);
		properties.setProperty("configured-model", this.configuredModel);
		properties.setProperty("configured-index", this.configuredIndex.toAbsolutePath().normalize().toString());
		properties.setProperty("swapped-at", this.swappedAt.toString());
		try {
			Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
			try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
				properties.store(writer, "ColBERT model swap: delete this file to serve the configured model and index");
			}
			try {
				Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the model swap record " + file + ": " + ex.getMessage(), ex);
		}
	}

}
