package dev.colbert.store.embedded;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.hybrid.HybridParams;
import dev.colbert.hybrid.HybridSearcher;
import dev.colbert.index.ColbertIndex;
import dev.colbert.index.DocumentFilter;
import dev.colbert.index.IndexDocument;
import dev.colbert.index.SearchHit;
import dev.colbert.lexical.LexicalDocument;
import dev.colbert.lexical.LexicalIndex;
import dev.colbert.lexical.LexicalSettings;
import dev.colbert.lexical.LexicalSync;
import dev.colbert.search.SearchParams;

/**
 * The lexical index of an {@link EmbeddedTokenVectorStore}, kept in step with its token-vector index: opened (and
 * synchronized from the stored texts, see {@link LexicalSync}) with it, and given every committed write right after
 * the token-vector commit, tagged with that commit's generation.
 *
 * <p>Order of a write: token-vector commit, then lexical commit. A crash between the two leaves the lexical index one
 * commit behind, which the next open repairs; a lexical write that fails at run time is repaired at once from the
 * stored texts, and if that fails too, at the next write or open (searches meanwhile read the last lexical commit;
 * BM25 candidates the token-vector index no longer holds are dropped by {@link HybridSearcher}). Not thread-safe
 * for writes: the store serializes them.
 */
final class LexicalSide implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LexicalSide.class);

	private final ColbertIndex index;

	private final LexicalIndex lexical;

	private final HybridSearcher searcher;

	private volatile boolean stale;

	private LexicalSide(ColbertIndex index, LexicalIndex lexical) {
		this.index = index;
		this.lexical = lexical;
		this.searcher = new HybridSearcher(index, lexical);
	}

	/** Opens the lexical index inside {@code index}'s directory and brings it to the index's last commit. */
	static LexicalSide open(ColbertIndex index, LexicalSettings settings) {
		Objects.requireNonNull(settings, "settings");
		LexicalIndex lexical = LexicalIndex.open(index.directory().resolve(LexicalIndex.DIRECTORY_NAME), settings);
		try {
			LexicalSync.synchronize(lexical, index);
			return new LexicalSide(index, lexical);
		}
		catch (RuntimeException ex) {
			lexical.close();
			throw ex;
		}
	}

	ColbertIndex index() {
		return this.index;
	}

	LexicalIndex lexical() {
		return this.lexical;
	}

	/** Catches up with writes made to the token-vector index alone (a model swap's replayed writes). */
	void synchronize() {
		LexicalSync.synchronize(this.lexical, this.index);
		this.stale = false;
	}

	/** The documents were committed to the token-vector index as {@code generation}. */
	void added(List<IndexDocument> documents, long generation) {
		List<LexicalDocument> converted = new ArrayList<>(documents.size());
		for (IndexDocument document : documents) {
			converted.add(new LexicalDocument(document.id(), document.text(), document.metadata()));
		}
		apply(() -> this.lexical.update(converted), generation);
	}

	/** The documents with these ids were deleted from the token-vector index, committed as {@code generation}. */
	void deleted(Collection<String> ids, long generation) {
		apply(() -> this.lexical.delete(ids), generation);
	}

	private void apply(Runnable stage, long generation) {
		if (this.stale) {
			repair(null);
			return;
		}
		try {
			stage.run();
			this.lexical.commit(generation);
		}
		catch (RuntimeException ex) {
			logger.warn("The lexical index at {} could not take a write committed to the token-vector index ({}); "
					+ "repairing it from the stored texts", this.lexical.path(), ex.toString());
			repair(ex);
		}
	}

	private void repair(RuntimeException cause) {
		try {
			this.lexical.rollback();
			synchronize();
		}
		catch (RuntimeException ex) {
			this.stale = true;
			if (cause != null) {
				ex.addSuppressed(cause);
			}
			throw new IllegalStateException("The write is committed to the token-vector index at "
					+ this.index.directory() + ", but its lexical index could not be updated (" + ex.getMessage()
					+ "); it is repaired from the stored texts at the next write or open", ex);
		}
	}

	List<SearchHit> search(TokenVectors query, String text, SearchParams params, DocumentFilter filter,
			HybridParams hybrid) {
		return this.searcher.search(query, text, params, filter, hybrid);
	}

	@Override
	public void close() {
		this.lexical.close();
	}

}
