package dev.colbert.autoconfigure.swap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.autoconfigure.ColbertProperties;
import dev.colbert.autoconfigure.store.StoreType;
import dev.colbert.store.swap.ActiveModelFile;

/**
 * The model and embedded index directory that serve at start-up: those of {@code colbert.model} and
 * {@code colbert.store.embedded.path}, unless a model swap left a record ({@link ActiveModelFile}, next to the
 * configured index) for exactly that configuration and its index directory exists, in which case the swapped-in model
 * and its index serve. A record for another configuration (the model or path was changed since) is ignored with a
 * warning. Deleting the record returns to the configured model and index.
 *
 * @param model the model to load, as a {@code colbert.model} value
 * @param index the embedded index directory to open
 * @param record the swap record followed, or empty
 */
public record ActiveModelSelection(String model, Path index, Optional<ActiveModelFile> record) {

	private static final Logger logger = LoggerFactory.getLogger(ActiveModelSelection.class);

	/**
	 * Selects from the configuration and the swap record (read only for the embedded store).
	 * @param log whether to log the choice (once per start-up)
	 */
	public static ActiveModelSelection of(ColbertProperties properties, boolean log) {
		Path configured = properties.getStore().getEmbedded().getPath();
		ActiveModelSelection configuredSelection = new ActiveModelSelection(properties.getModel(), configured,
				Optional.empty());
		if (properties.getStore().getType() != StoreType.EMBEDDED) {
			return configuredSelection;
		}
		Optional<ActiveModelFile> record = ActiveModelFile.read(configured);
		if (record.isEmpty()) {
			return configuredSelection;
		}
		ActiveModelFile active = record.get();
		Path file = ActiveModelFile.location(configured);
		if (!active.replaces(properties.getModel(), configured)) {
			if (log) {
				logger.warn("Ignoring the model swap record {}: it replaced {} at {}, but {} is configured at {} now. "
						+ "Delete the record to silence this warning.", file, active.configuredModel(),
						active.configuredIndex(), properties.getModel(), configured.toAbsolutePath().normalize());
			}
			return configuredSelection;
		}
		if (!Files.isDirectory(active.index())) {
			if (log) {
				logger.warn("Ignoring the model swap record {}: its index {} is missing; serving the configured "
						+ "model {} and index {}", file, active.index(), properties.getModel(), configured);
			}
			return configuredSelection;
		}
		if (log) {
			logger.info("Serving the model swapped in at {}: {} with the index {} instead of the configured {} at {} "
					+ "(delete {} to serve the configured model and index)", active.swappedAt(), active.model(),
					active.index(), properties.getModel(), configured, file);
		}
		return new ActiveModelSelection(active.model(), active.index(), record);
	}

}
