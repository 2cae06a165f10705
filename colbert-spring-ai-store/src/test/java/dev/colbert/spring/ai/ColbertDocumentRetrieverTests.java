package dev.colbert.spring.ai;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.ai.document.Document;
import org.springframework.ai.rag.Query;
import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;

import dev.colbert.search.SearchMode;
import dev.colbert.search.explain.MaxSimExplanation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class ColbertDocumentRetrieverTests {

	private final WordHashEncoder encoder = new WordHashEncoder(64);

	@TempDir
	Path directory;

	private ColbertVectorStoreTests.RecordingStore store;

	private ColbertVectorStore vectorStore;

	@BeforeEach
	void addDocuments() {
		this.store = new ColbertVectorStoreTests.RecordingStore(
				TestStores.embedded(this.directory.resolve("index"), this.encoder));
		this.vectorStore = ColbertVectorStore.builder(this.encoder, this.store).build();
		this.vectorStore.add(List.of(new Document("a", "solar panels convert sunlight", Map.of("tenant", "acme", "year", 2020)),
				new Document("b", "wind turbines convert wind", Map.of("tenant", "acme", "year", 2023)),
				new Document("c", "solar farms in the desert", Map.of("tenant", "globex", "year", 2022)),
				new Document("d", "hydro dams store water", Map.of("tenant", "globex", "year", 2019)),
				new Document("e", "solar energy everywhere", Map.of("tenant", "initech", "year", 2024))));
	}

	@AfterEach
	void close() {
		this.store.close();
		this.encoder.close();
	}

	private List<String> ids(List<Document> documents) {
		return documents.stream().map(Document::getId).toList();
	}

	@Test
	void returnsTheMaxSimTopKWithScoresAndMetadata() {
		ColbertDocumentRetriever retriever = ColbertDocumentRetriever.builder()
			.vectorStore(this.vectorStore)
			.topK(2)
			.build();

		List<Document> documents = retriever.retrieve(new Query("solar sunlight"));

		assertThat(documents).hasSize(2);
		assertThat(documents.get(0).getId()).isEqualTo("a");
		assertThat(documents.get(1).getId()).isIn("c", "e");
		assertThat(documents.get(0).getScore()).as("exact match, up to the compression error").isCloseTo(1.0, within(1e-3));
		assertThat(documents.get(1).getScore()).isLessThan(documents.get(0).getScore());
		assertThat(documents.get(0).getMetadata()).containsEntry("tenant", "acme")
			.containsKey(ColbertDocumentMetadata.MAXSIM);
	}

	@Test
	void topKDefaultsToSpringAisDefault() {
		ColbertDocumentRetriever retriever = ColbertDocumentRetriever.builder().vectorStore(this.vectorStore).build();

		retriever.retrieve(new Query("solar"));

		assertThat(this.store.queries.get(0).topK()).isEqualTo(4);
	}

	@Test
	void similarityThresholdDropsWeakDocuments() {
		ColbertDocumentRetriever retriever = ColbertDocumentRetriever.builder()
			.vectorStore(this.vectorStore)
			.topK(5)
			.similarityThreshold(0.99)
			.build();

		List<Document> documents = retriever.retrieve(new Query("solar sunlight"));

		assertThat(ids(documents)).containsExactly("a");
		assertThat(documents).allSatisfy((document) -> assertThat(document.getScore()).isGreaterThanOrEqualTo(0.99));
	}

	@Test
	void staticFilterRestrictsEveryQuery() {
		ColbertDocumentRetriever retriever = ColbertDocumentRetriever.builder()
			.vectorStore(this.vectorStore)
			.topK(5)
			.filterExpression("tenant == 'acme'")
			.build();

		assertThat(ids(retriever.retrieve(new Query("solar sunlight")))).containsExactly("a", "b");
	}

	@Test
	void perQueryFilterFromTheContextAcceptsTextAndExpressions() {
		ColbertDocumentRetriever retriever = ColbertDocumentRetriever.builder()
			.vectorStore(this.vectorStore)
			.topK(5)
			.build();

		Query text = Query.builder()
			.text("solar")
			.context(Map.of(ColbertQueryContext.FILTER_EXPRESSION, "tenant == 'globex'"))
			.build();
		Query expression = Query.builder()
			.text("solar")
			.context(Map.of(ColbertQueryContext.FILTER_EXPRESSION, new FilterExpressionBuilder().gte("year", 2023).build()))
			.build();

		assertThat(ids(retriever.retrieve(text))).containsExactly("c", "d");
		assertThat(ids(retriever.retrieve(expression))).containsExactlyInAnyOrder("b", "e");
	}

	@Test
	void perQueryFilterNarrowsTheStaticFilterAndCannotWidenIt() {
		ColbertDocumentRetriever retriever = ColbertDocumentRetriever.builder()
			.vectorStore(this.vectorStore)
			.topK(5)
			.filterExpression(new FilterExpressionBuilder().eq("tenant", "acme").build())
			.build();

		Query narrower = Query.builder()
			.text("solar")
			.context(Map.of(ColbertQueryContext.FILTER_EXPRESSION, "year > 2021"))
			.build();
		Query wider = Query.builder()
			.text("solar")
			.context(Map.of(ColbertQueryContext.FILTER_EXPRESSION, "tenant == 'globex' || year > 0"))
			.build();

		assertThat(ids(retriever.retrieve(narrower))).containsExactly("b");
		assertThat(ids(retriever.retrieve(wider))).containsExactly("a", "b");
	}

	@Test
	void filterSupplierIsEvaluatedForEveryQuery() {
		AtomicReference<String> tenant = new AtomicReference<>("acme");
		ColbertDocumentRetriever retriever = ColbertDocumentRetriever.builder()
			.vectorStore(this.vectorStore)
			.topK(5)
			.filterExpression(() -> new FilterExpressionBuilder().eq("tenant", tenant.get()).build())
			.build();

		assertThat(ids(retriever.retrieve(new Query("solar")))).containsExactlyInAnyOrder("a", "b");
		tenant.set("initech");
		assertThat(ids(retriever.retrieve(new Query("solar")))).containsExactly("e");
	}

	@Test
	void explanationsOnRequestThroughTheContextOrTheBuilder() {
		ColbertDocumentRetriever plain = ColbertDocumentRetriever.builder().vectorStore(this.vectorStore).topK(1).build();
		ColbertDocumentRetriever explaining = ColbertDocumentRetriever.builder()
			.vectorStore(this.vectorStore)
			.topK(1)
			.explain(true)
			.build();
		Query askForIt = Query.builder().text("water dams").context(Map.of(ColbertQueryContext.EXPLAIN, "true")).build();
		Query refuseIt = Query.builder().text("water dams").context(Map.of(ColbertQueryContext.EXPLAIN, false)).build();

		Document explained = plain.retrieve(askForIt).get(0);

		assertThat(plain.retrieve(new Query("water dams")).get(0).getMetadata())
			.doesNotContainKey(ColbertDocumentMetadata.EXPLANATION);
		MaxSimExplanation explanation = (MaxSimExplanation) explained.getMetadata()
			.get(ColbertDocumentMetadata.EXPLANATION);
		assertThat(explanation.matches()).extracting((match) -> match.document().text()).containsExactly("water", "dams");
		assertThat(explaining.retrieve(new Query("water dams")).get(0).getMetadata())
			.containsKey(ColbertDocumentMetadata.EXPLANATION);
		assertThat(explaining.retrieve(refuseIt).get(0).getMetadata())
			.doesNotContainKey(ColbertDocumentMetadata.EXPLANATION);
	}

	@Test
	void searchModeFromTheBuilderOrTheContext() {
		ColbertDocumentRetriever retriever = ColbertDocumentRetriever.builder()
			.vectorStore(this.vectorStore)
			.searchMode(SearchMode.EXHAUSTIVE)
			.build();

		retriever.retrieve(new Query("solar"));
		retriever.retrieve(Query.builder().text("solar").context(Map.of(ColbertQueryContext.SEARCH_MODE, "plaid")).build());

		assertThat(this.store.queries).extracting((query) -> query.mode())
			.containsExactly(SearchMode.EXHAUSTIVE, SearchMode.PLAID);
	}

	@Test
	void invalidContextValuesAreRefusedNamingTheKey() {
		ColbertDocumentRetriever retriever = ColbertDocumentRetriever.builder().vectorStore(this.vectorStore).build();

		assertThatIllegalArgumentException()
			.isThrownBy(() -> retriever
				.retrieve(Query.builder().text("solar").context(Map.of(ColbertQueryContext.EXPLAIN, "yes")).build()))
			.withMessage("The query context key colbert_explain holds 'yes'; use true or false");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> retriever
				.retrieve(Query.builder().text("solar").context(Map.of(ColbertQueryContext.SEARCH_MODE, "fast")).build()))
			.withMessage("The query context key colbert_search_mode holds 'fast'; use PLAID or EXHAUSTIVE");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> retriever.retrieve(
					Query.builder().text("solar").context(Map.of(ColbertQueryContext.FILTER_EXPRESSION, "tenant ==")).build()))
			.withMessageStartingWith("Cannot parse the filter expression 'tenant ==' from the query context key "
					+ "vector_store_filter_expression");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> retriever.retrieve(
					Query.builder().text("solar").context(Map.of(ColbertQueryContext.FILTER_EXPRESSION, 42)).build()))
			.withMessageContaining("java.lang.Integer");
	}

	@Test
	void builderValidatesItsSettings() {
		assertThatIllegalArgumentException().isThrownBy(() -> ColbertDocumentRetriever.builder().topK(0))
			.withMessage("topK must be at least 1 but was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> ColbertDocumentRetriever.builder().similarityThreshold(1.5))
			.withMessage("similarityThreshold must be between 0 and 1 but was 1.5");
		assertThatIllegalArgumentException().isThrownBy(() -> ColbertDocumentRetriever.builder().build())
			.withMessage("vectorStore must not be null");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ColbertDocumentRetriever.builder()
				.filterExpression(new Filter.Expression(Filter.ExpressionType.EQ, new Filter.Key("tenant"),
						new Filter.Value(java.util.Map.of("a", 1)))))
			.withMessageContaining("EQ on 'tenant' with a value of type");
	}

}
