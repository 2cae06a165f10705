package dev.colbert.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.ai.vectorstore.filter.Filter;

import dev.colbert.index.IndexDocument;
import dev.colbert.index.SearchHit;
import dev.colbert.lexical.LexicalExplainer;

/**
 * Stores documents with their ColBERT token vectors and answers MaxSim top-K queries.
 *
 * <p>Two implementations exist: the embedded residual-compressed index with PLAID search (the default) and OpenSearch
 * for users who outgrow one machine. Both pass the same conformance suite. Implementations are thread-safe: searches
 * may run while documents are added or deleted.
 *
 * <p>Hybrid queries ({@link StoreQuery#hybrid()}: BM25 over the query text beside late interaction, fused) need a
 * store that keeps a lexical index of its texts: {@link #supportsLexicalSearch()} is true and
 * {@link #lexicalExplainer()} is present for those. A hybrid query to a store without one is refused with an
 * {@link IllegalStateException} saying how to enable it.
 */
public interface TokenVectorStore extends AutoCloseable {

	/**
	 * Adds documents, replacing any stored document with the same id. Durable when the call returns.
	 * @throws IllegalArgumentException naming the offending document when an id is blank, a vector has the wrong
	 * dimension, or metadata holds a value that cannot be stored (null, nested map or list of maps)
	 */
	void add(List<IndexDocument> documents);

	/** Deletes the documents with these ids; unknown ids are ignored. Returns how many were deleted. */
	int delete(Collection<String> ids);

	/** Deletes every document whose metadata matches the filter. Returns how many were deleted. */
	int delete(Filter.Expression filter);

	/** MaxSim top-K for the query vectors (or the fused top-K of a hybrid query), best first. */
	List<SearchHit> search(StoreQuery query);

	/**
	 * Whether this store keeps a lexical (BM25) index of its texts and so answers hybrid queries
	 * ({@link StoreQuery#hybrid()}); false (the default) for a store that answers late-interaction queries only, to
	 * which a hybrid query is refused. Fixed for the life of the store.
	 */
	default boolean supportsLexicalSearch() {
		return false;
	}

	/**
	 * Explains which query terms a text matches lexically, with the analyzer of this store's lexical index; empty when
	 * the store keeps none (it then answers late-interaction queries only).
	 */
	default Optional<LexicalExplainer> lexicalExplainer() {
		return Optional.empty();
	}

	/**
	 * Counts and sizes for monitoring: the counts, the index figures the monitoring views show and the
	 * implementation's own figures (its {@link StoreStats#details()} record).
	 */
	StoreStats<?> stats();

	/** The fingerprint of the encoder whose vectors this store holds (see {@code EncoderInfo#fingerprint()}). */
	String modelFingerprint();

	@Override
	void close();

}
