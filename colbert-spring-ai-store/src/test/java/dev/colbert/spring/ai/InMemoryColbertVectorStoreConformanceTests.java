package dev.colbert.spring.ai;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.store.TokenVectorStore;

/** Runs the conformance suite on the test-only exact in-memory store (checks the suite itself). */
class InMemoryColbertVectorStoreConformanceTests extends ColbertVectorStoreConformanceTests {

	@Override
	protected TokenVectorStore createTokenVectorStore(ColbertEncoder encoder) {
		return new InMemoryTokenVectorStore(encoder.info().fingerprint(), encoder.info().dim());
	}

}
