package dev.colbert.lexical;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.index.ColbertIndex;
import dev.colbert.index.IndexDocument;
import dev.colbert.index.IndexSettings;
import dev.colbert.testing.SyntheticCorpus;

import static org.assertj.core.api.Assertions.assertThat;

class LexicalSyncTests {

	private static final int DIM = 16;

	@TempDir
	Path dir;

	@Test
	void buildsFromTheStoredTextsThenRepairsOnlyWhatDiffers() {
		SyntheticCorpus corpus = SyntheticCorpus.generate(11, 120, 4, 10, DIM);
		try (ColbertIndex index = ColbertIndex.open(this.dir, IndexSettings.builder().centroids(16).build(), "m", DIM)) {
			index.add(corpus.documents());
			index.commit();
			try (LexicalIndex lexical = LexicalIndex.open(this.dir.resolve(LexicalIndex.DIRECTORY_NAME),
					LexicalSettings.defaults())) {
				assertThat(LexicalSync.inSync(lexical, index)).isFalse();
				LexicalSync.Report built = LexicalSync.synchronize(lexical, index);
				assertThat(built.indexed()).isEqualTo(120);
				assertThat(LexicalSync.inSync(lexical, index)).isTrue();
				assertThat(lexical.search("doc 7", 3, null).get(0).id()).isEqualTo("doc-7");

				// writes to the token-vector index alone, as after a crash between the two commits
				IndexDocument eight = corpus.documents().get(8);
				index.add(List.of(new IndexDocument("doc-8", "replaced by a zebra", eight.metadata(), eight.vectors()),
						new IndexDocument("doc-new", "a new okapi", Map.of("group", 1), eight.vectors())));
				index.delete(List.of("doc-7"));
				index.commit();
				LexicalSync.Report repaired = LexicalSync.synchronize(lexical, index);
				assertThat(repaired.checked()).isEqualTo(120);
				assertThat(repaired.indexed()).isEqualTo(2);
				assertThat(repaired.deleted()).isEqualTo(1);
				assertThat(lexical.search("zebra okapi", 5, null)).extracting(LexicalHit::id)
					.containsExactlyInAnyOrder("doc-8", "doc-new");
				assertThat(lexical.contentHashes().keySet())
					.containsExactlyInAnyOrderElementsOf(new ArrayList<>(index.documentIds()));

				assertThat(LexicalSync.synchronize(lexical, index).checked()).as("in sync: nothing to do").isZero();
			}
			try (LexicalIndex lexical = LexicalIndex.open(this.dir.resolve(LexicalIndex.DIRECTORY_NAME),
					LexicalSettings.defaults().withAnalyzer("standard"))) {
				LexicalSync.Report rebuilt = LexicalSync.synchronize(lexical, index);
				assertThat(rebuilt.indexed()).as("another analyzer: rebuilt").isEqualTo(120);
				assertThat(lexical.analyzerChanged()).isFalse();
			}
		}
	}

}
