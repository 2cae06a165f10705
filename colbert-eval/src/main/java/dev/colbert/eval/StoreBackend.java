package dev.colbert.eval;

import java.util.List;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.hybrid.HybridParams;
import dev.colbert.index.SearchHit;
import dev.colbert.opensearch.OpenSearchTokenVectorStore;
import dev.colbert.search.SearchMode;
import dev.colbert.store.StoreQuery;
import dev.colbert.store.TokenVectorStore;

/**
 * Searches any {@link TokenVectorStore} through the store interface (used for OpenSearch): late interaction, hybrid
 * (with {@code hybrid} set) or, for the OpenSearch store, BM25 alone ({@code bm25}).
 */
final class StoreBackend implements SearchBackend {

	private final TokenVectorStore store;

	private final SearchMode mode;

	private final HybridParams hybrid;

	private final boolean bm25;

	StoreBackend(TokenVectorStore store, SearchMode mode) {
		this(store, mode, null, false);
	}

	StoreBackend(TokenVectorStore store, SearchMode mode, HybridParams hybrid, boolean bm25) {
		this.store = store;
		this.mode = mode;
		this.hybrid = hybrid;
		this.bm25 = bm25;
	}

	@Override
	public List<String> search(TokenVectors query, int k) {
		return this.store.search(new StoreQuery(query, k, Double.NEGATIVE_INFINITY, null, this.mode))
			.stream()
			.map(SearchHit::id)
			.toList();
	}

	@Override
	public List<String> search(TokenVectors query, String text, int k) {
		if (this.bm25) {
			return ((OpenSearchTokenVectorStore) this.store).lexicalSearch(text, k, null)
				.stream()
				.map(SearchHit::id)
				.toList();
		}
		if (this.hybrid == null) {
			return search(query, k);
		}
		return this.store.search(new StoreQuery(query, k, Double.NEGATIVE_INFINITY, null, this.mode)
			.withHybrid(text, this.hybrid))
			.stream()
			.map(SearchHit::id)
			.toList();
	}

	@Override
	public boolean usesQueryVectors() {
		return !this.bm25;
	}

	@Override
	public String describe() {
		return this.store.stats().type() + " " + (this.bm25 ? "BM25" : this.mode + ((this.hybrid != null) ? " hybrid "
				+ this.hybrid : ""));
	}

	@Override
	public void close() {
		// the store is shared by the modes of one run and closed by the command
	}

}
