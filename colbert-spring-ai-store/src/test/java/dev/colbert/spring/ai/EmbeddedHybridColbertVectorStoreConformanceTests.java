package dev.colbert.spring.ai;

import java.nio.file.Path;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.hybrid.FusionMode;
import dev.colbert.hybrid.HybridParams;
import dev.colbert.store.TokenVectorStore;

/**
 * The conformance suite on the embedded store with its lexical index, the filter and delete checks in hybrid mode,
 * once per fusion.
 */
class EmbeddedHybridColbertVectorStoreConformanceTests {

	abstract static class Hybrid extends ColbertVectorStoreConformanceTests {

		@TempDir
		Path directory;

		@Override
		protected TokenVectorStore createTokenVectorStore(ColbertEncoder encoder) {
			return TestStores.embeddedWithLexical(this.directory.resolve("index"), encoder);
		}

	}

	@Nested
	class Rrf extends Hybrid {

		@Override
		protected HybridParams hybrid() {
			return HybridParams.of(FusionMode.RRF);
		}

	}

	@Nested
	class WeightedSum extends Hybrid {

		@Override
		protected HybridParams hybrid() {
			return HybridParams.of(FusionMode.WEIGHTED_SUM);
		}

	}

	@Nested
	class Candidates extends Hybrid {

		@Override
		protected HybridParams hybrid() {
			return HybridParams.of(FusionMode.CANDIDATES);
		}

	}

}
