package dev.colbert.store.swap;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.SwitchableEncoder;
import dev.colbert.index.ColbertIndex;
import dev.colbert.store.embedded.EmbeddedTokenVectorStore;
import dev.colbert.training.TrainingProgress;

/**
 * Swaps a new model into a running application that serves an embedded index, the old model serving until the swap
 * completes:
 * <ol>
 * <li>a new index directory is created next to the configured one ({@code <index>.swap-<time>}) with the settings of
 * the live index;</li>
 * <li>every stored document (id, text, metadata) is encoded with the new model into it, with progress; searches and
 * writes keep using the old model and index meanwhile, and the writes are journaled;</li>
 * <li>the journaled writes are replayed onto the new index (added documents encoded with the new model), the last ones
 * while adds and searches wait for a moment, and then encoder and index are switched together, so that a query is
 * always encoded by the model that built the index it searches;</li>
 * <li>the choice is recorded in the {@link ActiveModelFile} that a restart follows, the old encoder and index are
 * closed, and the old index directory is deleted unless it is the configured one (kept as the way back: delete the
 * record to serve it again).</li>
 * </ol>
 * A failure or a cancellation before the switch deletes the new directory and leaves the old model serving.
 *
 * <p>Writes must go through the {@link dev.colbert.spring.ai.ColbertVectorStore} (or encode inside
 * {@link SwitchableEncoder#withCurrent}): vectors encoded by the old model and written straight to the store after the
 * switch would land in the new index. One swap at a time.
 */
public final class ModelSwap {

	private static final Logger logger = LoggerFactory.getLogger(ModelSwap.class);

	private static final DateTimeFormatter DIRECTORY_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private static final int MAX_CATCH_UP_ROUNDS = 20;

	private final SwitchableEncoder encoder;

	private final EmbeddedTokenVectorStore store;

	private final String configuredModel;

	private final Path configuredIndex;

	private final int batchSize;

	private final IndexReencoder reencoder;

	/**
	 * The outcome of a swap.
	 *
	 * @param model the model that serves now
	 * @param fingerprint its fingerprint (that of the new index)
	 * @param index the new index directory
	 * @param documents documents re-encoded from the old index
	 * @param replayedWrites writes made during the re-encode and replayed onto the new index
	 * @param previousIndex the index directory that served before
	 * @param previousIndexDeleted whether that directory was deleted (it is kept when it is the configured one)
	 */
	public record Result(String model, String fingerprint, Path index, long documents, long replayedWrites,
			Path previousIndex, boolean previousIndexDeleted) {

	}

	/**
	 * @param encoder the application's encoder
	 * @param store the application's embedded store, holding the vectors of {@code encoder}
	 * @param configuredModel the configured {@code colbert.model} (recorded for restarts)
	 * @param configuredIndex the configured index directory (never deleted; new directories are made next to it)
	 * @param batchSize documents per encoder call
	 * @param commitEvery documents re-encoded between commits of the new index
	 */
	public ModelSwap(SwitchableEncoder encoder, EmbeddedTokenVectorStore store, String configuredModel,
			Path configuredIndex, int batchSize, int commitEvery) {
		this.encoder = Objects.requireNonNull(encoder, "encoder");
		this.store = Objects.requireNonNull(store, "store");
		this.configuredModel = Objects.requireNonNull(configuredModel, "configuredModel");
		this.configuredIndex = configuredIndex.toAbsolutePath().normalize();
		this.batchSize = batchSize;
		this.reencoder = new IndexReencoder(batchSize, commitEvery);
	}

	/**
	 * Re-encodes the index with {@code next} and switches to it.
	 * @param model the new model as a {@code colbert.model} value (the checkpoint folder), for the restart record
	 * @param next the loaded new model, owned by the swap: it serves after a swap and is closed after a failure
	 * @param progress receives the phases and the documents done; asked between batches whether to stop
	 * @throws CancellationException when cancelled before the switch (the old model keeps serving)
	 */
	public synchronized Result swap(String model, ColbertEncoder next, TrainingProgress progress) {
		Objects.requireNonNull(model, "model");
		Objects.requireNonNull(next, "next");
		Objects.requireNonNull(progress, "progress");
		ColbertIndex live = this.store.index();
		Path target = newDirectory();
		WriteJournal journal = new WriteJournal();
		ColbertIndex fresh = null;
		boolean listening = false;
		boolean switched = false;
		try {
			fresh = ColbertIndex.open(target, live.settings(), next.info().fingerprint(), next.info().dim());
			this.store.writeListener(journal);
			listening = true;
			List<String> ids = live.documentIds();
			logger.info("Model swap to {}: re-encoding {} documents of {} into {}; the current model serves until "
					+ "the swap completes", model, ids.size(), live.directory(), target);
			progress.phase("re-encoding index", ids.size());
			long copied = this.reencoder.reencode(live, ids, fresh, next, progress);
			progress.phase("replaying writes", -1);
			for (int round = 0; round < MAX_CATCH_UP_ROUNDS && journal.pending() > this.batchSize; round++) {
				journal.replay(fresh, next, this.batchSize);
			}
			if (progress.cancelRequested()) {
				throw new CancellationException("cancelled before the switch; the old model keeps serving");
			}
			// the lexical index of the new directory (hybrid search) is built from its texts before the switch
			this.store.prepareReplacement(fresh);
			progress.phase("switching model", -1);
			ColbertIndex newIndex = fresh;
			ColbertIndex[] replaced = new ColbertIndex[1];
			ColbertEncoder previous = this.encoder.switchTo(next, () -> replaced[0] = this.store.replaceIndex(newIndex,
					(index) -> journal.replay(index, next, this.batchSize)));
			switched = true;
			this.store.writeListener(null);
			listening = false;
			long replayed = journal.recorded();
			logger.info("Model swap complete: {} ({}) serves the index {} ({} documents re-encoded, {} writes replayed)",
					model, next.info().fingerprint(), target, copied, replayed);
			closeQuietly(previous, "the previous encoder");
			Path previousDirectory = replaced[0].directory().toAbsolutePath().normalize();
			closeQuietly(replaced[0], "the previous index");
			new ActiveModelFile(model, target, next.info().fingerprint(), this.configuredModel, this.configuredIndex,
					Instant.now()).write();
			boolean deleted = !previousDirectory.equals(this.configuredIndex) && deleteDirectory(previousDirectory);
			return new Result(model, next.info().fingerprint(), target, copied, replayed, previousDirectory, deleted);
		}
		catch (RuntimeException | Error ex) {
			if (!switched) {
				logger.warn("Model swap to {} stopped before the switch ({}); the current model keeps serving", model,
						ex.toString());
				if (listening) {
					this.store.writeListener(null);
				}
				this.store.discardPrepared();
				closeQuietly(fresh, "the new index");
				deleteDirectory(target);
				closeQuietly(next, "the new encoder");
			}
			throw ex;
		}
	}

	private Path newDirectory() {
		String base = this.configuredIndex.getFileName() + ".swap-" + DIRECTORY_TIME.format(Instant.now());
		Path candidate = this.configuredIndex.resolveSibling(base);
		for (int i = 2; Files.exists(candidate); i++) {
			candidate = this.configuredIndex.resolveSibling(base + "-" + i);
		}
		return candidate;
	}

	private static void closeQuietly(AutoCloseable closeable, String what) {
		if (closeable == null) {
			return;
		}
		try {
			closeable.close();
		}
		catch (Exception ex) {
			logger.warn("Closing {} failed: {}", what, ex.toString());
		}
	}

	private static boolean deleteDirectory(Path directory) {
		if (!Files.exists(directory)) {
			return false;
		}
		try {
			Files.walkFileTree(directory, new SimpleFileVisitor<>() {

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
					Files.delete(file);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult postVisitDirectory(Path dir, IOException ex) throws IOException {
					Files.delete(dir);
					return FileVisitResult.CONTINUE;
				}

			});
			return true;
		}
		catch (IOException ex) {
			logger.warn("Could not delete the index directory {}: {}", directory, ex.toString());
			return false;
		}
	}

}
