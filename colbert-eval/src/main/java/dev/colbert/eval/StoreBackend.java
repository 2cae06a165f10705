package dev.colbert.eval;

import java.util.List;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.store.ScoredDocument;
import dev.colbert.store.SearchMode;
import dev.colbert.store.StoreQuery;
import dev.colbert.store.TokenVectorStore;

/** Searches any {@link TokenVectorStore} through the store interface (used for OpenSearch). */
final class StoreBackend implements SearchBackend {

	private final TokenVectorStore store;

	private final SearchMode mode;

	StoreBackend(TokenVectorStore store, SearchMode mode) {
		this.store = store;
		this.mode = mode;
	}

	@Override
	public List<String> search(TokenVectors query, int k) {
		return this.store.search(new StoreQuery(query, k, Double.NEGATIVE_INFINITY, null, this.mode))
			.stream()
			.map(ScoredDocument::id)
			.toList();
	}

	@Override
	public String describe() {
		return this.store.stats().type() + " " + this.mode;
	}

	@Override
	public void close() {
		// the store is shared by the modes of one run and closed by the command
	}

}
