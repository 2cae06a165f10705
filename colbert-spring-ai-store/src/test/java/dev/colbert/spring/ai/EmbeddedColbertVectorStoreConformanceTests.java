package dev.colbert.spring.ai;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.index.IndexSettings;
import dev.colbert.store.TokenVectorStore;
import dev.colbert.store.embedded.EmbeddedTokenVectorStore;

/** The conformance suite on the embedded compressed index (2 bits). */
class EmbeddedColbertVectorStoreConformanceTests extends ColbertVectorStoreConformanceTests {

	@TempDir
	Path directory;

	@Override
	protected TokenVectorStore createTokenVectorStore(ColbertEncoder encoder) {
		return EmbeddedTokenVectorStore.open(this.directory.resolve("index"), IndexSettings.defaults(),
				encoder.info().fingerprint(), encoder.info().dim());
	}

}
