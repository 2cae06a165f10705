package dev.colbert.autoconfigure.training;

import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.colbert.store.TokenVectorStore;
import dev.colbert.store.embedded.EmbeddedTokenVectorStore;
import dev.colbert.training.data.IndexedCollection;
import dev.colbert.training.data.PseudoQuerySource;

/**
 * The collection of the application's own index, for pseudo-queries when a request names no collection file: the
 * stored texts of the embedded store's committed documents (see {@link IndexedCollection}).
 */
final class StoredCollection implements Supplier<List<PseudoQuerySource.CorpusDocument>> {

	private final @Nullable TokenVectorStore store;

	StoredCollection(@Nullable TokenVectorStore store) {
		this.store = store;
	}

	/**
	 * @throws IllegalArgumentException when there is no embedded store or it is empty
	 */
	@Override
	public List<PseudoQuerySource.CorpusDocument> get() {
		if (this.store instanceof EmbeddedTokenVectorStore embedded) {
			return IndexedCollection.read(embedded.index());
		}
		if (this.store == null) {
			throw new IllegalArgumentException("input pseudo-queries without 'collection' reads the application's "
					+ "index, but the application has no token-vector store: give 'collection' (a path inside "
					+ ColbertTrainingProperties.PREFIX + ".data-dir)");
		}
		throw new IllegalArgumentException("input pseudo-queries without 'collection' reads the application's index, "
				+ "which the " + this.store.stats().type() + " store cannot list: give 'collection' (a path inside "
				+ ColbertTrainingProperties.PREFIX + ".data-dir)");
	}

}
