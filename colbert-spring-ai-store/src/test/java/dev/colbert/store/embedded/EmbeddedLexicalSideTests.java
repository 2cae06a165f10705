package dev.colbert.store.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.hybrid.FusionMode;
import dev.colbert.hybrid.HybridParams;
import dev.colbert.index.ColbertIndex;
import dev.colbert.index.IndexDocument;
import dev.colbert.index.IndexSettings;
import dev.colbert.index.SearchHit;
import dev.colbert.lexical.LexicalIndex;
import dev.colbert.lexical.LexicalSettings;
import dev.colbert.store.StoreQuery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The embedded store's lexical index: kept with the token-vector index, repaired at open, refused when absent. */
class EmbeddedLexicalSideTests {

	private static final int DIM = 16;

	private static final String MODEL = "lexical-side-model";

	@TempDir
	Path dir;

	private final Random random = new Random(3);

	@Test
	void bothSidesHoldTheSameDocumentsAfterEveryWrite() {
		try (EmbeddedTokenVectorStore store = open()) {
			store.add(documents(0, 30));
			store.delete(List.of("d3", "d4"));
			store.delete(new org.springframework.ai.vectorstore.filter.FilterExpressionBuilder().eq("even", true).build());
			store.add(List.of(document(5, "replaced text about okapis")));
			assertSameDocuments(store);
			assertThat(store.lexicalIndex().orElseThrow().generation()).isEqualTo(store.index().stats().generation());
			assertThat(store.stats().details().asMap()).containsKeys("lexicalDocuments", "lexicalBytes",
					"lexicalAnalyzer");
		}
	}

	@Test
	void writesMadeToTheTokenVectorIndexAloneAreRepairedAtOpen() {
		try (EmbeddedTokenVectorStore store = open()) {
			store.add(documents(0, 20));
			// as if the process died between the token-vector commit and the lexical commit
			ColbertIndex index = store.index();
			index.add(List.of(new IndexDocument("late", "a zebra crossing", Map.of(), vectors())));
			index.delete(List.of("d1"));
			index.commit();
		}
		try (EmbeddedTokenVectorStore store = open()) {
			assertSameDocuments(store);
			assertThat(ids(store.search(StoreQuery.of(vectors(), 3).withHybrid("zebra", HybridParams.of(FusionMode.RRF)))
				.stream()
				.filter(SearchHit::lexicalMatch)
				.toList())).containsExactly("late");
		}
	}

	@Test
	void aMissingOrDamagedLexicalIndexIsRebuiltFromTheStoredTexts() throws Exception {
		try (EmbeddedTokenVectorStore store = open()) {
			store.add(documents(0, 25));
		}
		Path lexical = this.dir.resolve(LexicalIndex.DIRECTORY_NAME);
		try (Stream<Path> files = Files.walk(lexical)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(file);
			}
		}
		try (EmbeddedTokenVectorStore store = open()) {
			assertSameDocuments(store);
		}
		try (Stream<Path> files = Files.list(lexical)) {
			for (Path file : files.filter((f) -> f.getFileName().toString().startsWith("segments_")).toList()) {
				Files.writeString(file, "garbage");
			}
		}
		try (EmbeddedTokenVectorStore store = open()) {
			assertSameDocuments(store);
		}
	}

	@Test
	void aStoreWithoutLexicalIndexRefusesHybridQueriesSayingHowToEnableIt() {
		try (EmbeddedTokenVectorStore store = EmbeddedTokenVectorStore.open(this.dir, IndexSettings.defaults(), MODEL,
				DIM)) {
			store.add(documents(0, 5));
			assertThat(store.lexicalExplainer()).isEmpty();
			assertThat(store.supportsLexicalSearch()).isFalse();
			assertThatIllegalStateException()
				.isThrownBy(() -> store.search(StoreQuery.of(vectors(), 3).withHybrid("text", HybridParams.of(FusionMode.RRF))))
				.withMessageContaining("colbert.store.embedded.lexical.enabled=true");
		}
		// enabling it later builds it from the stored texts
		try (EmbeddedTokenVectorStore store = open()) {
			assertThat(store.supportsLexicalSearch()).isTrue();
			assertSameDocuments(store);
		}
	}

	private EmbeddedTokenVectorStore open() {
		return EmbeddedTokenVectorStore.open(this.dir, IndexSettings.defaults(), MODEL, DIM, LexicalSettings.defaults());
	}

	private static void assertSameDocuments(EmbeddedTokenVectorStore store) {
		assertThat(store.lexicalIndex().orElseThrow().contentHashes().keySet())
			.containsExactlyInAnyOrderElementsOf(store.index().documentIds());
	}

	private List<IndexDocument> documents(int from, int to) {
		List<IndexDocument> documents = new ArrayList<>();
		for (int i = from; i < to; i++) {
			documents.add(document(i, "document number " + i + " about things"));
		}
		return documents;
	}

	private IndexDocument document(int i, String text) {
		return new IndexDocument("d" + i, text, Map.of("even", i % 2 == 0), vectors());
	}

	private TokenVectors vectors() {
		int count = 3 + this.random.nextInt(5);
		float[] data = new float[count * DIM];
		for (int v = 0; v < count; v++) {
			double norm = 0;
			for (int i = 0; i < DIM; i++) {
				data[v * DIM + i] = (float) this.random.nextGaussian();
				norm += data[v * DIM + i] * data[v * DIM + i];
			}
			for (int i = 0; i < DIM; i++) {
				data[v * DIM + i] /= (float) Math.sqrt(norm);
			}
		}
		return TokenVectors.of(data, count, DIM);
	}

	private static List<String> ids(List<SearchHit> results) {
		return results.stream().map(SearchHit::id).toList();
	}

}
