package dev.colbert.sample.it;

/**
 * Settings shared by the tests that run the application on the small test knowledge base.
 */
final class TestApplication {


	static final String TEST_KB = "sample.knowledge-base.location=classpath:test-kb/*.md";

	/** Batches of 2 chunks: several progress updates for the 6 chunks. */
	static final String TEST_BATCH = "sample.knowledge-base.batch-size=2";

	/** A fresh index folder per application context (resolved once, when the properties are bound). */
	static final String TEST_INDEX = "colbert.store.embedded.path=target/it-data/${random.uuid}/index";

	/** A fresh manifest per application context. */
	static final String TEST_MANIFEST = "sample.knowledge-base.manifest=target/it-data/${random.uuid}/kb.properties";

	private TestApplication() {
	}

}
