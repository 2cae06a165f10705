package dev.colbert.autoconfigure.training;

import org.jspecify.annotations.Nullable;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.index.ColbertIndex;
import dev.colbert.store.TokenVectorStore;
import dev.colbert.store.embedded.EmbeddedTokenVectorStore;
import dev.colbert.training.data.IndexRanker;
import dev.colbert.training.data.IndexedCollection;
import dev.colbert.training.data.PseudoQuerySource;

/**
 * The collection of the application's own index, for pseudo-queries when a request names no collection file: the
 * stored texts of the embedded store's committed documents (see {@link IndexedCollection}), with hard negatives mined
 * by the index's own PLAID search ({@link IndexRanker}), so that mining holds no copy of the index's vectors.
 */
final class StoredCollection {

	private final @Nullable TokenVectorStore store;

	private final @Nullable ColbertEncoder encoder;

	/**
	 * @param store the application's store, or {@code null}
	 * @param encoder the application's encoder (the model that built the index), or {@code null}
	 */
	StoredCollection(@Nullable TokenVectorStore store, @Nullable ColbertEncoder encoder) {
		this.store = store;
		this.encoder = encoder;
	}

	/**
	 * Pseudo-queries over the stored documents.
	 * @param maxQueries at most this many documents make pseudo-queries
	 * @throws IllegalArgumentException when there is no embedded store and encoder, or the index is empty
	 */
	PseudoQuerySource pseudoQueries(int maxQueries) {
		if (this.store instanceof EmbeddedTokenVectorStore embedded && this.encoder != null) {
			ColbertIndex index = embedded.index();
			return new PseudoQuerySource(IndexedCollection.read(index), maxQueries, new IndexRanker(this.encoder, index));
		}
		if (this.store == null || this.encoder == null) {
			throw new IllegalArgumentException("input pseudo-queries without 'collection' reads the application's "
					+ "index, but the application has no token-vector store and encoder: give 'collection' (a path "
					+ "inside " + ColbertTrainingProperties.PREFIX + ".data-dir)");
		}
		throw new IllegalArgumentException("input pseudo-queries without 'collection' reads the application's index, "
				+ "which the " + this.store.stats().type() + " store cannot list: give 'collection' (a path inside "
				+ ColbertTrainingProperties.PREFIX + ".data-dir)");
	}

}
