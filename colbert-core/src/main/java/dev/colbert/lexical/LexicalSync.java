package dev.colbert.lexical;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.index.ColbertIndex;
import dev.colbert.index.StoredDocument;
import dev.colbert.util.ProgressLog;

/**
 * Brings a {@link LexicalIndex} to the documents of a {@link ColbertIndex}'s last commit, from the texts and metadata
 * the token-vector index stores.
 *
 * <p>Nothing is done when the lexical index's last commit is tagged with the token-vector index's generation and was
 * analysed with the configured analyzer: the two were committed together. Otherwise (a crash between the two commits,
 * a lexical index that is new, was deleted or cannot be read, an analyzer change, writes made to the token-vector
 * index alone) every stored document is compared with the lexical one through their {@link ContentHash}: missing or
 * different documents are indexed again, documents the token-vector index no longer holds are deleted, and the
 * result is committed with the token-vector generation. Reading the stored documents is the bulk of the work when
 * little differs; progress is logged with rate and ETA.
 *
 * <p>The caller must keep writes to both indexes away while this runs.
 */
public final class LexicalSync {

	private static final Logger logger = LoggerFactory.getLogger(LexicalSync.class);

	private static final int BATCH = 256;

	private LexicalSync() {
	}

	/**
	 * What a synchronization did.
	 *
	 * @param generation the token-vector generation both sides are at now
	 * @param checked stored documents compared
	 * @param indexed documents (re)indexed in the lexical index
	 * @param deleted lexical documents deleted
	 * @param seconds how long it took
	 */
	public record Report(long generation, long checked, long indexed, long deleted, double seconds) {

		/** Whether anything had to be repaired. */
		public boolean changed() {
			return this.indexed > 0 || this.deleted > 0;
		}

	}

	/** Whether the lexical index already matches the token-vector index's last commit. */
	public static boolean inSync(LexicalIndex lexical, ColbertIndex index) {
		return lexical.generation() == index.stats().generation() && !lexical.analyzerChanged();
	}

	/** Synchronizes the lexical index with the token-vector index's last commit (see the class comment). */
	public static Report synchronize(LexicalIndex lexical, ColbertIndex index) {
		Objects.requireNonNull(lexical, "lexical");
		Objects.requireNonNull(index, "index");
		long start = System.nanoTime();
		long generation = index.stats().generation();
		if (lexical.generation() == generation && !lexical.analyzerChanged()) {
			return new Report(generation, 0, 0, 0, 0);
		}
		boolean rebuild = lexical.analyzerChanged();
		if (rebuild) {
			logger.info("Rebuilding the lexical index at {} with the analyzer '{}'", lexical.path(),
					lexical.settings().analyzer());
			lexical.deleteAll();
		}
		else {
			logger.info("The lexical index at {} matches generation {} of the token-vector index, which is at {}: "
					+ "comparing it with the stored documents", lexical.path(), lexical.generation(), generation);
		}
		Map<String, Long> hashes = rebuild ? new java.util.HashMap<>() : lexical.contentHashes();
		List<String> ids = index.documentIds();
		ProgressLog progress = new ProgressLog(logger, "Synchronizing the lexical index", "docs", ids.size());
		List<LexicalDocument> batch = new ArrayList<>(BATCH);
		long indexed = 0;
		long checked = 0;
		try {
			for (String id : ids) {
				Long lexicalHash = hashes.remove(id);
				Optional<StoredDocument> stored = index.document(id);
				checked++;
				if (stored.isPresent()) {
					StoredDocument document = stored.get();
					if (lexicalHash == null
							|| lexicalHash != ContentHash.of(document.text(), document.metadata())) {
						batch.add(new LexicalDocument(id, document.text(), document.metadata()));
						if (batch.size() == BATCH) {
							lexical.update(batch);
							indexed += batch.size();
							batch.clear();
						}
					}
				}
				progress.update(checked);
			}
			lexical.update(batch);
			indexed += batch.size();
			lexical.delete(hashes.keySet());
			lexical.commit(generation);
		}
		catch (RuntimeException ex) {
			lexical.rollback();
			throw ex;
		}
		progress.done();
		Report report = new Report(generation, checked, indexed, hashes.size(), (System.nanoTime() - start) / 1e9);
		logger.info("Lexical index at {} synchronized with generation {}: {} documents checked, {} indexed, {} deleted "
				+ "in {} s", lexical.path(), generation, report.checked(), report.indexed(), report.deleted(),
				String.format("%.1f", report.seconds()));
		return report;
	}

}
