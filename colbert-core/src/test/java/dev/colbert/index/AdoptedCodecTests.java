package dev.colbert.index;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.codec.CodecTrainer;
import dev.colbert.index.codec.ResidualCodec;
import dev.colbert.search.SearchParams;
import dev.colbert.testing.SyntheticCorpus;

import static dev.colbert.index.ColbertIndexTests.DIM;
import static dev.colbert.index.ColbertIndexTests.MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link ColbertIndex#useCodec}: two indexes given one codec compress and rank alike, and a codec that does not fit
 * is refused.
 */
class AdoptedCodecTests {

	@TempDir
	Path dir;

	private final SyntheticCorpus corpus = SyntheticCorpus.generate(31, 120, 6, 24, DIM);

	private ResidualCodec codec(IndexSettings settings) {
		return new CodecTrainer(settings.trainingOptions()).train(this.corpus.vectors().subList(0, 60), 20_000, DIM);
	}

	@Test
	void indexesGivenTheSameCodecStoreTheSameVectorsAndRankAlike() {
		IndexSettings settings = ColbertIndexTests.fast();
		ResidualCodec codec = codec(settings);
		try (ColbertIndex first = ColbertIndex.open(this.dir.resolve("first"), settings, MODEL, DIM);
				ColbertIndex second = ColbertIndex.open(this.dir.resolve("second"), settings, MODEL, DIM)) {
			first.useCodec(codec);
			second.useCodec(codec);
			first.add(this.corpus.documents().subList(0, 70));
			first.commit();
			first.add(this.corpus.documents().subList(70, 120));
			first.commit();
			second.add(this.corpus.documents());
			second.commit();
			assertThat(first.stats().centroids()).isEqualTo(codec.numCentroids());
			assertThat(first.stats().codecPlannedVectors()).isEqualTo(codec.plannedVectors());
			for (TokenVectors query : this.corpus.queries(12, 8)) {
				List<SearchHit> a = first.search(query, SearchParams.forK(10));
				List<SearchHit> b = second.search(query, SearchParams.forK(10));
				assertThat(ColbertIndexTests.ids(a)).isEqualTo(ColbertIndexTests.ids(b));
				for (int i = 0; i < a.size(); i++) {
					assertThat(a.get(i).maxSim()).isEqualTo(b.get(i).maxSim());
				}
			}
		}
		try (ColbertIndex reopened = ColbertIndex.open(this.dir.resolve("first"), settings, MODEL, DIM)) {
			assertThat(reopened.stats().centroids()).isEqualTo(codec.numCentroids());
			assertThatIllegalStateException().isThrownBy(() -> reopened.useCodec(codec))
				.withMessageContaining("already has a codec")
				.withMessageContaining("recluster()");
		}
	}

	@Test
	void aCodecOfAnotherShapeIsRefusedNamingBothShapes() {
		ResidualCodec oneBit = codec(IndexSettings.builder().centroids(256).nbits(1).build());
		try (ColbertIndex index = ColbertIndex.open(this.dir, ColbertIndexTests.fast(), MODEL, DIM)) {
			assertThatIllegalArgumentException().isThrownBy(() -> index.useCodec(oneBit))
				.withMessageContaining("nbits 1")
				.withMessageContaining("nbits 2")
				.withMessageContaining("create the index with the codec's settings");
			index.add(this.corpus.documents().subList(0, 10));
			index.commit();
			assertThat(index.stats().centroids()).as("the refused codec was not staged").isNotEqualTo(oneBit.numCentroids());
		}
	}

}
