package dev.colbert.training.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.ColbertIndex;
import dev.colbert.index.IndexDocument;
import dev.colbert.index.IndexSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class IndexedCollectionTests {

	@TempDir
	Path directory;

	@Test
	void readsStoredTextsWithMetadataTitlesInCommitOrder() {
		try (ColbertIndex index = ColbertIndex.open(this.directory, IndexSettings.builder().centroids(8).build(),
				"model", 4)) {
			assertThatIllegalArgumentException().isThrownBy(() -> IndexedCollection.read(index))
				.withMessageContaining("holds no documents");
			index.add(List.of(document("a", "Apple harvest. The orchard had a great harvest.",
					Map.of("title", "Apple harvest")), document("b", "The stock market fell sharply.", Map.of("page", 2)),
					document("c", "Violins played in Vienna.", Map.of("title", "Concert night"))));
			index.commit();
			index.delete(List.of("b"));
			index.commit();
			List<PseudoQuerySource.CorpusDocument> documents = IndexedCollection.read(index);
			assertThat(documents).containsExactly(
					new PseudoQuerySource.CorpusDocument("a", "Apple harvest", ". The orchard had a great harvest."),
					new PseudoQuerySource.CorpusDocument("c", "Concert night", "Violins played in Vienna."));
		}
	}

	private static IndexDocument document(String id, String text, Map<String, Object> metadata) {
		float[] data = new float[8];
		for (int i = 0; i < data.length; i++) {
			data[i] = (float) Math.sin(id.hashCode() + i);
		}
		return new IndexDocument(id, text, metadata, TokenVectors.of(data, 2, 4));
	}

}
