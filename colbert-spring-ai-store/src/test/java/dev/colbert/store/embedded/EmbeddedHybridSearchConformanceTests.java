package dev.colbert.store.embedded;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import dev.colbert.index.IndexSettings;
import dev.colbert.lexical.LexicalSettings;
import dev.colbert.store.HybridSearchConformanceTests;
import dev.colbert.store.TokenVectorStore;

/** The hybrid conformance suite on the embedded store with its Lucene lexical index. */
class EmbeddedHybridSearchConformanceTests extends HybridSearchConformanceTests {

	@TempDir
	Path directory;

	private int stores;

	@Override
	protected TokenVectorStore createStore() {
		return EmbeddedTokenVectorStore.open(this.directory.resolve("index-" + (++this.stores)),
				IndexSettings.defaults(), FINGERPRINT, DIM, LexicalSettings.defaults());
	}

}
