package dev.colbert.store.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import org.springframework.ai.vectorstore.filter.Filter;

import dev.colbert.index.ColbertIndex;
import dev.colbert.index.DocumentFilter;
import dev.colbert.index.IndexDocument;
import dev.colbert.index.IndexSettings;
import dev.colbert.index.IndexStats;
import dev.colbert.index.SearchHit;
import dev.colbert.lexical.LexicalExplainer;
import dev.colbert.lexical.LexicalIndex;
import dev.colbert.lexical.LexicalSettings;
import dev.colbert.search.SearchMode;
import dev.colbert.search.SearchParams;
import dev.colbert.store.StoreQuery;
import dev.colbert.store.StoreStats;
import dev.colbert.store.TokenVectorStore;
import dev.colbert.store.filter.FilterCandidates;
import dev.colbert.store.filter.MetadataFilter;

/**
 * {@link TokenVectorStore} over an embedded {@link ColbertIndex}.
 *
 * <ul>
 * <li>{@link #add} and both {@code delete} methods commit before returning: the change is durable and visible to
 * searches when the call returns (one commit per call, so add in batches). If the commit fails, the call's staged
 * changes are rolled back and the exception propagates; the index stays at its previous commit.</li>
 * <li>{@link #search} runs PLAID (or exhaustive MaxSim) with the reference parameters for {@code topK}; the filter is
 * evaluated by {@link MetadataFilter} before the final top-K, on the documents the index's metadata postings give for
 * its {@code EQ} and {@code IN} terms ({@link FilterCandidates}) or, for other filters, on every live document (see
 * {@link ColbertIndex#searchWithTrace(dev.colbert.encoder.TokenVectors, SearchParams, DocumentFilter)}), so a
 * filtered search still returns the top-K matching documents. {@code minScore} applies to the normalized score
 * (MaxSim divided by the number of query vectors), after the top-K.</li>
 * <li>Thread-safe: searches run concurrently with writes; writes are serialized.</li>
 * <li>The index can be replaced while the store is in use ({@link #replaceIndex}, for a model swap): a
 * {@link WriteListener} sees every committed write, so that writes made while a new index is built can be replayed
 * onto it.</li>
 * <li>With {@link LexicalSettings} the store also keeps a Lucene BM25 index of the texts in {@code lexical/} inside the
 * index directory and answers hybrid queries ({@link StoreQuery#hybrid()}, see {@link dev.colbert.hybrid}). Every
 * write is committed to the token-vector index and then to the lexical index, tagged with the token-vector
 * generation; opening the store compares the tag and repairs the lexical side from the stored texts when a crash fell
 * between the two commits (or the lexical index is new or unreadable), with progress logged. Deletes and filters
 * apply to both sides.</li>
 * </ul>
 */
public final class EmbeddedTokenVectorStore implements TokenVectorStore {

	private volatile ColbertIndex index;

	private final Object writeMonitor = new Object();

	private final ReadWriteLock indexLock = new ReentrantReadWriteLock();

	private volatile WriteListener writeListener;

	private final LexicalSettings lexicalSettings;

	private volatile LexicalSide lexical;

	private LexicalSide preparedLexical;

	/**
	 * Sees every committed write of the store, in commit order, while the write lock is held (so a listener that
	 * replays the writes elsewhere replays them in the same order).
	 */
	public interface WriteListener {

		/** Documents were added (or replaced). */
		void added(List<IndexDocument> documents);

		/** The documents with these ids were deleted. */
		void deleted(Collection<String> ids);

		/** The documents matching this filter were deleted. */
		void deleted(Filter.Expression filter);

	}

	private final UnaryOperator<SearchParams> searchParams;

	/** Wraps an open index; {@link #close()} closes it. */
	public EmbeddedTokenVectorStore(ColbertIndex index) {
		this(index, UnaryOperator.identity());
	}

	/**
	 * Wraps an open index, adjusting the parameters of every search (for example configured PLAID overrides); the
	 * operator receives the reference parameters for the query's top-K and mode.
	 */
	public EmbeddedTokenVectorStore(ColbertIndex index, UnaryOperator<SearchParams> searchParams) {
		this(index, searchParams, null);
	}

	/**
	 * Wraps an open index and, with {@code lexical} settings, opens its lexical index (synchronizing it with the
	 * index's last commit from the stored texts); {@code null} keeps no lexical index (hybrid queries are refused).
	 */
	public EmbeddedTokenVectorStore(ColbertIndex index, UnaryOperator<SearchParams> searchParams,
			LexicalSettings lexical) {
		this.index = Objects.requireNonNull(index, "index");
		this.searchParams = Objects.requireNonNull(searchParams, "searchParams");
		this.lexicalSettings = lexical;
		this.lexical = (lexical != null) ? LexicalSide.open(index, lexical) : null;
	}

	/** Opens (or creates) the index in {@code directory} for the given encoder. */
	public static EmbeddedTokenVectorStore open(Path directory, IndexSettings settings, String modelFingerprint,
			int dim) {
		return new EmbeddedTokenVectorStore(ColbertIndex.open(directory, settings, modelFingerprint, dim));
	}

	/**
	 * Opens (or creates) the index in {@code directory} for the given encoder, with a lexical index for hybrid queries.
	 */
	public static EmbeddedTokenVectorStore open(Path directory, IndexSettings settings, String modelFingerprint,
			int dim, LexicalSettings lexical) {
		ColbertIndex index = ColbertIndex.open(directory, settings, modelFingerprint, dim);
		try {
			return new EmbeddedTokenVectorStore(index, UnaryOperator.identity(), lexical);
		}
		catch (RuntimeException ex) {
			index.close();
			throw ex;
		}
	}

	/** The underlying index (for statistics, compaction, re-clustering); another one after {@link #replaceIndex}. */
	public ColbertIndex index() {
		return this.index;
	}

	/**
	 * Registers the listener that sees every committed write from now on, or removes it ({@code null}).
	 * @throws IllegalStateException when another listener is registered
	 */
	public void writeListener(WriteListener listener) {
		synchronized (this.writeMonitor) {
			if (listener != null && this.writeListener != null) {
				throw new IllegalStateException("the store already has a write listener (a model swap is running)");
			}
			this.writeListener = listener;
		}
	}

	/**
	 * Replaces the index: waits for the writes and searches in flight, runs {@code catchUp} on the next index while
	 * neither writes nor searches run (the last writes of a rebuild), then serves {@code next}. If {@code catchUp}
	 * throws, the current index stays.
	 * @param next the index to serve from now on, owned by this store
	 * @param catchUp runs with no write or search in flight, before the switch
	 * @return the replaced index, no longer used by this store: the caller closes it
	 */
	public ColbertIndex replaceIndex(ColbertIndex next, Consumer<ColbertIndex> catchUp) {
		Objects.requireNonNull(next, "next");
		Objects.requireNonNull(catchUp, "catchUp");
		LexicalSide nextLexical = takePrepared(next);
		LexicalSide previousLexical = null;
		try {
			synchronized (this.writeMonitor) {
				this.indexLock.writeLock().lock();
				try {
					catchUp.accept(next);
					if (nextLexical != null) {
						nextLexical.synchronize();
					}
					ColbertIndex previous = this.index;
					previousLexical = this.lexical;
					this.index = next;
					this.lexical = nextLexical;
					nextLexical = null;
					return previous;
				}
				finally {
					this.indexLock.writeLock().unlock();
				}
			}
		}
		finally {
			if (nextLexical != null) {
				nextLexical.close();
			}
			if (previousLexical != null) {
				previousLexical.close();
			}
		}
	}

	/**
	 * Builds the lexical index of an index that is about to replace this store's ({@link #replaceIndex}, a model
	 * swap), from its stored texts, so that the switch itself only catches up with the last writes. Without a lexical
	 * index this does nothing. A later {@link #replaceIndex} with {@code next} takes it over; {@link #discardPrepared}
	 * releases it when the replacement is abandoned.
	 */
	public void prepareReplacement(ColbertIndex next) {
		Objects.requireNonNull(next, "next");
		if (this.lexicalSettings == null) {
			return;
		}
		LexicalSide prepared = LexicalSide.open(next, this.lexicalSettings);
		synchronized (this.writeMonitor) {
			discardPrepared();
			this.preparedLexical = prepared;
		}
	}

	/** Releases what {@link #prepareReplacement} built (the new index is abandoned). */
	public void discardPrepared() {
		synchronized (this.writeMonitor) {
			if (this.preparedLexical != null) {
				this.preparedLexical.close();
				this.preparedLexical = null;
			}
		}
	}

	private LexicalSide takePrepared(ColbertIndex next) {
		if (this.lexicalSettings == null) {
			return null;
		}
		synchronized (this.writeMonitor) {
			LexicalSide prepared = this.preparedLexical;
			this.preparedLexical = null;
			if (prepared != null && prepared.index() == next) {
				return prepared;
			}
			if (prepared != null) {
				prepared.close();
			}
		}
		return LexicalSide.open(next, this.lexicalSettings);
	}

	@Override
	public void add(List<IndexDocument> documents) {
		Objects.requireNonNull(documents, "documents");
		synchronized (this.writeMonitor) {
			this.index.add(documents);
			long generation = commitOrRollback();
			LexicalSide lexical = this.lexical;
			if (lexical != null) {
				lexical.added(documents, generation);
			}
			WriteListener listener = this.writeListener;
			if (listener != null) {
				listener.added(documents);
			}
		}
	}

	@Override
	public int delete(Collection<String> ids) {
		Objects.requireNonNull(ids, "ids");
		synchronized (this.writeMonitor) {
			int deleted = this.index.delete(ids);
			long generation = commitOrRollback();
			LexicalSide lexical = this.lexical;
			if (lexical != null) {
				lexical.deleted(ids, generation);
			}
			WriteListener listener = this.writeListener;
			if (listener != null) {
				listener.deleted(new ArrayList<>(ids));
			}
			return deleted;
		}
	}

	@Override
	public int delete(Filter.Expression filter) {
		Objects.requireNonNull(filter, "filter");
		DocumentFilter matching = documentFilter(filter);
		Set<String> matched = new HashSet<>();
		DocumentFilter recording = DocumentFilter.withCandidates(matching.candidates(), (id, metadata) -> {
			boolean matches = matching.matches(id, metadata);
			if (matches) {
				matched.add(id);
			}
			return matches;
		});
		synchronized (this.writeMonitor) {
			int deleted = this.index.delete(recording);
			long generation = commitOrRollback();
			LexicalSide lexical = this.lexical;
			if (lexical != null) {
				lexical.deleted(matched, generation);
			}
			WriteListener listener = this.writeListener;
			if (listener != null) {
				listener.deleted(filter);
			}
			return deleted;
		}
	}

	private long commitOrRollback() {
		try {
			return this.index.commit();
		}
		catch (RuntimeException | Error ex) {
			this.index.rollback();
			throw ex;
		}
	}

	@Override
	public List<SearchHit> search(StoreQuery query) {
		Objects.requireNonNull(query, "query");
		SearchParams params = searchParams(query.topK(), query.mode());
		DocumentFilter filter = (query.filter() != null) ? documentFilter(query.filter()) : null;
		if (query.isHybrid()) {
			return hybridSearch(query, params, filter);
		}
		List<SearchHit> hits;
		this.indexLock.readLock().lock();
		try {
			hits = this.index.search(query.vectors(), params, filter);
		}
		finally {
			this.indexLock.readLock().unlock();
		}
		return atLeast(hits, query.minScore());
	}

	private List<SearchHit> hybridSearch(StoreQuery query, SearchParams params, DocumentFilter filter) {
		List<SearchHit> hits;
		this.indexLock.readLock().lock();
		try {
			LexicalSide lexical = this.lexical;
			if (lexical == null) {
				throw new IllegalStateException("A hybrid query needs the lexical index, which the embedded store at "
						+ this.index.directory() + " does not keep: open it with LexicalSettings "
						+ "(colbert.store.embedded.lexical.enabled=true)");
			}
			hits = lexical.search(query.vectors(), query.text(), params, filter, query.hybrid());
		}
		finally {
			this.indexLock.readLock().unlock();
		}
		return atLeast(hits, query.minScore());
	}

	/** The hits whose normalized score is at least {@code minScore}, in their order. */
	private static List<SearchHit> atLeast(List<SearchHit> hits, double minScore) {
		List<SearchHit> results = new ArrayList<>(hits.size());
		for (SearchHit hit : hits) {
			if (hit.score() >= minScore) {
				results.add(hit);
			}
		}
		return results;
	}

	/** True when the store was opened with {@link LexicalSettings} (it keeps its Lucene BM25 index). */
	@Override
	public boolean supportsLexicalSearch() {
		return this.lexicalSettings != null;
	}

	@Override
	public Optional<LexicalExplainer> lexicalExplainer() {
		LexicalSide lexical = this.lexical;
		return (lexical != null) ? Optional.of(lexical.lexical().explainer()) : Optional.empty();
	}

	/** The lexical index, when this store keeps one (for statistics and checks); another one after {@link #replaceIndex}. */
	public Optional<LexicalIndex> lexicalIndex() {
		LexicalSide lexical = this.lexical;
		return (lexical != null) ? Optional.of(lexical.lexical()) : Optional.empty();
	}

	/**
	 * The index filter of a Spring AI filter expression: the {@link MetadataFilter} predicate, tested on the documents
	 * the index's metadata postings give for its {@link FilterCandidates} ({@code EQ} and {@code IN} terms).
	 */
	private static DocumentFilter documentFilter(Filter.Expression expression) {
		Predicate<Map<String, Object>> predicate = MetadataFilter.compile(expression);
		return DocumentFilter.withCandidates(FilterCandidates.of(expression), (id, metadata) -> predicate.test(metadata));
	}

	/**
	 * The parameters a search for {@code topK} documents runs with: the reference parameters for {@code topK} and the
	 * mode, adjusted by this store's operator.
	 */
	public SearchParams searchParams(int topK, SearchMode mode) {
		Objects.requireNonNull(mode, "mode");
		return this.searchParams.apply(SearchParams.forK(topK).withMode(mode));
	}

	@Override
	public StoreStats<EmbeddedStoreDetails> stats() {
		IndexStats stats;
		this.indexLock.readLock().lock();
		try {
			stats = this.index.stats();
		}
		finally {
			this.indexLock.readLock().unlock();
		}
		LexicalSide lexical = this.lexical;
		EmbeddedStoreDetails details = new EmbeddedStoreDetails(stats,
				(lexical != null) ? EmbeddedStoreDetails.Lexical.of(lexical.lexical()) : null);
		return new StoreStats<>("embedded", stats.documents(), stats.tokenVectors(), details.bytesOnDisk(),
				details.figures(), details);
	}

	@Override
	public String modelFingerprint() {
		return this.index.modelFingerprint();
	}

	@Override
	public void close() {
		synchronized (this.writeMonitor) {
			this.indexLock.writeLock().lock();
			try {
				discardPrepared();
				if (this.lexical != null) {
					this.lexical.close();
				}
				this.index.close();
			}
			finally {
				this.indexLock.writeLock().unlock();
			}
		}
	}

}
