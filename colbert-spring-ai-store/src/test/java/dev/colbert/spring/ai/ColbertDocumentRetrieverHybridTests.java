package dev.colbert.spring.ai;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.ai.document.Document;
import org.springframework.ai.rag.Query;

import dev.colbert.hybrid.FusionMode;
import dev.colbert.hybrid.HybridParams;
import dev.colbert.lexical.LexicalExplanation;
import dev.colbert.store.embedded.EmbeddedTokenVectorStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

/** The retriever in hybrid mode: configured, per query, with filters and lexical explanations. */
class ColbertDocumentRetrieverHybridTests {

	private final WordHashEncoder encoder = new WordHashEncoder(64);

	@TempDir
	Path directory;

	private EmbeddedTokenVectorStore store;

	private ColbertVectorStore vectorStore;

	@BeforeEach
	void addDocuments() {
		this.store = TestStores.embeddedWithLexical(this.directory.resolve("index"), this.encoder);
		this.vectorStore = ColbertVectorStore.builder(this.encoder, this.store).build();
		this.vectorStore.add(List.of(
				new Document("a", "Solar panels convert sunlight", Map.of("tenant", "acme", "year", 2020)),
				new Document("b", "Wind turbines convert wind", Map.of("tenant", "acme", "year", 2023)),
				new Document("c", "Solar farms in the desert", Map.of("tenant", "globex", "year", 2022)),
				new Document("d", "Hydro dams store water", Map.of("tenant", "globex", "year", 2019)),
				new Document("e", "Solar energy everywhere", Map.of("tenant", "initech", "year", 2024))));
	}

	@AfterEach
	void close() {
		this.store.close();
		this.encoder.close();
	}

	private static List<String> ids(List<Document> documents) {
		return documents.stream().map(Document::getId).toList();
	}

	private ColbertDocumentRetriever.Builder retriever() {
		return ColbertDocumentRetriever.builder().vectorStore(this.vectorStore).topK(3);
	}

	@Test
	void hybridResultsAreRankedByTheFusedScoreAndCarryBothScores() {
		List<Document> documents = retriever().retrievalMode(RetrievalMode.HYBRID).build().retrieve(new Query("solar"));

		assertThat(documents).hasSize(3);
		for (int i = 0; i < documents.size(); i++) {
			Map<String, Object> metadata = documents.get(i).getMetadata();
			assertThat(metadata).containsEntry(ColbertDocumentMetadata.FUSION, "weighted-sum")
				.containsKeys(ColbertDocumentMetadata.MAXSIM, ColbertDocumentMetadata.LATE_INTERACTION_SCORE);
			assertThat((Double) metadata.get(ColbertDocumentMetadata.DISTANCE))
				.isCloseTo(1.0 - documents.get(i).getScore(), within(1e-9));
			if (i > 0) {
				assertThat(documents.get(i).getScore()).isLessThanOrEqualTo(documents.get(i - 1).getScore());
			}
		}
		assertThat(documents).allSatisfy((d) -> assertThat(d.getMetadata()).containsKey(ColbertDocumentMetadata.BM25));
		assertThat(ids(documents)).containsExactlyInAnyOrder("a", "c", "e");
	}

	@Test
	void hybridWithTheWeightedSumIsTheDefaultOverAStoreWithALexicalIndex() {
		assertThat(ColbertDocumentRetriever.DEFAULT_RETRIEVAL_MODE).isEqualTo(RetrievalMode.HYBRID);
		assertThat(this.store.supportsLexicalSearch()).isTrue();
		ColbertDocumentRetriever retriever = retriever().build();
		assertThat(retriever.getRetrievalMode()).isEqualTo(RetrievalMode.HYBRID);

		List<Document> documents = retriever.retrieve(new Query("solar"));

		assertThat(documents).hasSize(3).allSatisfy((d) -> assertThat(d.getMetadata())
			.containsEntry(ColbertDocumentMetadata.FUSION, "weighted-sum")
			.containsKey(ColbertDocumentMetadata.BM25));
	}

	@Test
	void lateInteractionResultsCarryNoHybridKeys() {
		ColbertDocumentRetriever retriever = retriever().retrievalMode(RetrievalMode.LATE_INTERACTION).build();
		assertThat(retriever.getRetrievalMode()).isEqualTo(RetrievalMode.LATE_INTERACTION);
		List<Document> documents = retriever.retrieve(new Query("solar"));

		assertThat(documents).allSatisfy((d) -> assertThat(d.getMetadata())
			.doesNotContainKeys(ColbertDocumentMetadata.FUSION, ColbertDocumentMetadata.BM25));
		assertThat(documents.get(0).getScore())
			.isEqualTo((Double) documents.get(0).getMetadata().get(ColbertDocumentMetadata.LATE_INTERACTION_SCORE));
	}

	@Test
	void theQueryContextChoosesTheModeAndTheFusion() {
		ColbertDocumentRetriever late = retriever().retrievalMode(RetrievalMode.LATE_INTERACTION).build();
		Query hybrid = Query.builder().text("solar").context(Map.of(ColbertQueryContext.RETRIEVAL_MODE, "hybrid")).build();
		assertThat(late.retrieve(hybrid).get(0).getMetadata()).containsEntry(ColbertDocumentMetadata.FUSION, "weighted-sum");

		Query candidates = Query.builder()
			.text("solar")
			.context(Map.of(ColbertQueryContext.RETRIEVAL_MODE, RetrievalMode.HYBRID, ColbertQueryContext.FUSION,
					"candidates"))
			.build();
		assertThat(late.retrieve(candidates).get(0).getMetadata()).containsEntry(ColbertDocumentMetadata.FUSION,
				"candidates");

		ColbertDocumentRetriever configured = retriever().retrievalMode(RetrievalMode.HYBRID)
			.hybrid(HybridParams.of(FusionMode.WEIGHTED_SUM).withLexicalWeight(0.3))
			.build();
		assertThat(configured.retrieve(new Query("solar")).get(0).getMetadata())
			.containsEntry(ColbertDocumentMetadata.FUSION, "weighted-sum");
		Query lateOnly = Query.builder()
			.text("solar")
			.context(Map.of(ColbertQueryContext.RETRIEVAL_MODE, "late-interaction"))
			.build();
		assertThat(configured.retrieve(lateOnly).get(0).getMetadata()).doesNotContainKey(ColbertDocumentMetadata.FUSION);

		assertThatIllegalArgumentException()
			.isThrownBy(() -> late.retrieve(Query.builder()
				.text("solar")
				.context(Map.of(ColbertQueryContext.RETRIEVAL_MODE, "bm25"))
				.build()))
			.withMessageContaining(ColbertQueryContext.RETRIEVAL_MODE)
			.withMessageContaining("late-interaction or hybrid");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> configured.retrieve(Query.builder()
				.text("solar")
				.context(Map.of(ColbertQueryContext.FUSION, "max"))
				.build()))
			.withMessageContaining(ColbertQueryContext.FUSION);
	}

	@Test
	void staticAndPerQueryFiltersApplyToBothSides() {
		ColbertDocumentRetriever retriever = retriever().retrievalMode(RetrievalMode.HYBRID)
			.topK(5)
			.filterExpression("tenant != 'initech'")
			.build();
		Query query = Query.builder()
			.text("solar desert water")
			.context(Map.of(ColbertQueryContext.FILTER_EXPRESSION, "year >= 2020"))
			.build();

		assertThat(ids(retriever.retrieve(query))).containsExactlyInAnyOrder("a", "b", "c");
	}

	@Test
	void explanationsShowWhichQueryTermsMatchedLexically() {
		Query query = Query.builder()
			.text("solar sunlight panel")
			.context(Map.of(ColbertQueryContext.EXPLAIN, true))
			.build();

		Document best = retriever().retrievalMode(RetrievalMode.HYBRID).build().retrieve(query).get(0);

		assertThat(best.getId()).isEqualTo("a");
		LexicalExplanation lexical = (LexicalExplanation) best.getMetadata()
			.get(ColbertDocumentMetadata.LEXICAL_EXPLANATION);
		assertThat(lexical.matchedTerms()).containsExactly("solar", "sunlight", "panel");
		assertThat(lexical.terms().get(2).documentSpans()).extracting(LexicalExplanation.Span::text)
			.containsExactly("panels");
		assertThat(best.getMetadata()).containsKey(ColbertDocumentMetadata.EXPLANATION);
	}

	@Test
	void aStoreWithoutLexicalIndexRefusesHybridRetrieval() {
		try (EmbeddedTokenVectorStore plain = TestStores.embedded(this.directory.resolve("plain"), this.encoder)) {
			ColbertVectorStore vectorStore = ColbertVectorStore.builder(this.encoder, plain).build();
			vectorStore.add(List.of(new Document("a", "Solar panels", Map.of())));
			ColbertDocumentRetriever retriever = ColbertDocumentRetriever.builder()
				.vectorStore(vectorStore)
				.retrievalMode(RetrievalMode.HYBRID)
				.build();
			assertThat(retriever.getRetrievalMode()).as("an explicit mode is kept").isEqualTo(RetrievalMode.HYBRID);
			assertThatIllegalStateException().isThrownBy(() -> retriever.retrieve(new Query("solar")))
				.withMessageContaining("lexical index")
				.withMessageContaining("colbert.store.embedded.lexical.enabled=true");
		}
	}

	@Test
	void withoutALexicalIndexTheDefaultIsLateInteractionButAPerQueryHybridRequestIsRefused() {
		try (EmbeddedTokenVectorStore plain = TestStores.embedded(this.directory.resolve("plain"), this.encoder)) {
			assertThat(plain.supportsLexicalSearch()).isFalse();
			assertThat(ColbertDocumentRetriever.defaultRetrievalMode(plain)).isEqualTo(RetrievalMode.LATE_INTERACTION);
			assertThat(ColbertDocumentRetriever.defaultRetrievalMode(this.store)).isEqualTo(RetrievalMode.HYBRID);
			ColbertVectorStore vectorStore = ColbertVectorStore.builder(this.encoder, plain).build();
			vectorStore.add(List.of(new Document("a", "Solar panels", Map.of()), new Document("b", "Wind", Map.of())));
			ColbertDocumentRetriever retriever = ColbertDocumentRetriever.builder().vectorStore(vectorStore).build();
			assertThat(retriever.getRetrievalMode()).isEqualTo(RetrievalMode.LATE_INTERACTION);

			List<Document> documents = retriever.retrieve(new Query("solar"));
			assertThat(ids(documents)).startsWith("a");
			assertThat(documents).allSatisfy((d) -> assertThat(d.getMetadata())
				.doesNotContainKeys(ColbertDocumentMetadata.FUSION, ColbertDocumentMetadata.BM25));

			Query hybrid = Query.builder()
				.text("solar")
				.context(Map.of(ColbertQueryContext.RETRIEVAL_MODE, "hybrid"))
				.build();
			assertThatIllegalStateException().isThrownBy(() -> retriever.retrieve(hybrid))
				.withMessageContaining("A hybrid query needs the lexical index")
				.withMessageContaining("colbert.store.embedded.lexical.enabled=true");
		}
	}

}
