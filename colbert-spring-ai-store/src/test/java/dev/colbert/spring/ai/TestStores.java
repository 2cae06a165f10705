package dev.colbert.spring.ai;

import java.nio.file.Path;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.index.IndexSettings;
import dev.colbert.lexical.LexicalSettings;
import dev.colbert.store.embedded.EmbeddedTokenVectorStore;

/** Opens real embedded token-vector stores for the Spring AI layer's tests. */
public final class TestStores {

	private TestStores() {
	}

	/** An empty embedded index in {@code directory} for the encoder's vectors (2 bits, reference settings). */
	public static EmbeddedTokenVectorStore embedded(Path directory, ColbertEncoder encoder) {
		return EmbeddedTokenVectorStore.open(directory, IndexSettings.defaults(), encoder.info().fingerprint(),
				encoder.info().dim());
	}

	/** An empty embedded index with a lexical index (English analyzer, BM25 0.9 / 0.4), for hybrid search. */
	public static EmbeddedTokenVectorStore embeddedWithLexical(Path directory, ColbertEncoder encoder) {
		return EmbeddedTokenVectorStore.open(directory, IndexSettings.defaults(), encoder.info().fingerprint(),
				encoder.info().dim(), LexicalSettings.defaults());
	}

}
