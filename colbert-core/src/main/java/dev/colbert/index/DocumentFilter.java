package dev.colbert.index;

import java.util.Map;
import java.util.Objects;

/**
 * Restricts a search (or a delete) to matching documents. Evaluated against committed documents' stored metadata;
 * must be thread-safe and free of side effects.
 *
 * <p>A filter that states its {@link #candidates()} (for example {@code topic == 'x'}, {@code year IN [..]}) is
 * tested only on the live documents the index's metadata postings name for them; any other filter on every live
 * document.
 */
@FunctionalInterface
public interface DocumentFilter {

	/**
	 * @param id the document id
	 * @param metadata its unmodifiable metadata
	 */
	boolean matches(String id, Map<String, Object> metadata);

	/**
	 * A superset of the documents this filter matches, in metadata terms the index looks up (see {@link Candidates});
	 * {@link Candidates#all()} by default.
	 */
	default Candidates candidates() {
		return Candidates.all();
	}

	/**
	 * The filter {@code test} with its candidates stated.
	 * @param candidates every document {@code test} matches must be among them
	 */
	static DocumentFilter withCandidates(Candidates candidates, DocumentFilter test) {
		Objects.requireNonNull(candidates, "candidates");
		Objects.requireNonNull(test, "test");
		return new DocumentFilter() {

			@Override
			public boolean matches(String id, Map<String, Object> metadata) {
				return test.matches(id, metadata);
			}

			@Override
			public Candidates candidates() {
				return candidates;
			}

		};
	}

}
