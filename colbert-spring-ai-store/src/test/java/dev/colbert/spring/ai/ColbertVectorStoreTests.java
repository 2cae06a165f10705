package dev.colbert.spring.ai;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.ai.content.Media;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;
import org.springframework.util.MimeTypeUtils;

import dev.colbert.index.IndexSettings;
import dev.colbert.index.IndexStats;
import dev.colbert.search.SearchMode;
import dev.colbert.search.explain.MaxSimExplanation;
import dev.colbert.search.explain.TokenMatch;
import dev.colbert.store.StoreQuery;
import dev.colbert.store.TokenVectorStore;
import dev.colbert.store.embedded.EmbeddedStoreDetails;
import dev.colbert.store.embedded.EmbeddedTokenVectorStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

class ColbertVectorStoreTests {

	private final WordHashEncoder encoder = new WordHashEncoder(64);

	@TempDir
	Path directory;

	private RecordingStore store;

	@BeforeEach
	void openStore() {
		this.store = new RecordingStore(TestStores.embedded(this.directory.resolve("index"), this.encoder));
	}

	@AfterEach
	void close() {
		this.store.close();
		this.encoder.close();
	}

	@Test
	void addSearchAndDeleteAreObservedAsVectorStoreOperations() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		ColbertVectorStore vectorStore = ColbertVectorStore.builder(this.encoder, this.store)
			.observationRegistry(registry)
			.collectionName("articles")
			.build();

		vectorStore.add(List.of(new Document("d1", "red apples and green pears", Map.of())));
		TestObservationRegistryAssert.assertThat(registry)
			.hasObservationWithNameEqualTo("db.vector.client.operation")
			.that()
			.hasLowCardinalityKeyValue("db.system", "colbert")
			.hasLowCardinalityKeyValue("db.operation.name", "add")
			.hasHighCardinalityKeyValue("db.collection.name", "articles")
			.hasHighCardinalityKeyValue("db.vector.dimension_count", "64")
			.hasHighCardinalityKeyValue("db.search.similarity_metric", "maxsim")
			.hasBeenStarted()
			.hasBeenStopped();
		registry.clear();

		List<Document> results = vectorStore
			.similaritySearch(SearchRequest.builder().query("green pears").topK(3).filterExpression("lang != 'x'").build());
		TestObservationRegistryAssert.assertThat(registry)
			.hasObservationWithNameEqualTo("db.vector.client.operation")
			.that()
			.hasLowCardinalityKeyValue("db.operation.name", "query")
			.hasHighCardinalityKeyValue("db.vector.query.content", "green pears")
			.hasHighCardinalityKeyValue("db.vector.query.top_k", "3")
			.hasContextualNameEqualTo("colbert query")
			.hasBeenStopped();
		assertThat(results).extracting(Document::getId).containsExactly("d1");
		registry.clear();

		vectorStore.delete(List.of("d1"));
		TestObservationRegistryAssert.assertThat(registry)
			.hasObservationWithNameEqualTo("db.vector.client.operation")
			.that()
			.hasLowCardinalityKeyValue("db.operation.name", "delete");
		registry.clear();

		vectorStore.delete(new FilterExpressionBuilder().eq("lang", "en").build());
		TestObservationRegistryAssert.assertThat(registry)
			.hasObservationWithNameEqualTo("db.vector.client.operation")
			.that()
			.hasLowCardinalityKeyValue("db.operation.name", "delete");
	}

	@Test
	void aFailingOperationIsObservedWithItsError() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		ColbertVectorStore vectorStore = ColbertVectorStore.builder(this.encoder, this.store)
			.observationRegistry(registry)
			.build();
		this.store.close();

		try {
			vectorStore.similaritySearch(SearchRequest.builder().query("anything").build());
		}
		catch (IllegalStateException expected) {
			// observed below
		}

		TestObservationRegistryAssert.assertThat(registry)
			.hasObservationWithNameEqualTo("db.vector.client.operation")
			.that()
			.hasError();
	}

	@Test
	void searchPassesTopKThresholdFilterAndModeToTheStore() {
		ColbertVectorStore vectorStore = ColbertVectorStore.builder(this.encoder, this.store)
			.searchMode(SearchMode.EXHAUSTIVE)
			.build();
		var filter = new FilterExpressionBuilder().eq("lang", "en").build();

		vectorStore.similaritySearch(
				SearchRequest.builder().query("two words").topK(7).similarityThreshold(0.4).filterExpression(filter).build());

		StoreQuery query = this.store.queries.get(0);
		assertThat(query.topK()).isEqualTo(7);
		assertThat(query.minScore()).isEqualTo(0.4);
		assertThat(query.filter()).isEqualTo(filter);
		assertThat(query.mode()).isEqualTo(SearchMode.EXHAUSTIVE);
		assertThat(query.vectors().count()).isEqualTo(2);
		assertThat(query.vectors().data()).isEqualTo(this.encoder.encodeQuery("two words").data());
	}

	@Test
	void thresholdZeroAcceptsEveryScoreAndPlaidIsTheDefaultMode() {
		ColbertVectorStore vectorStore = ColbertVectorStore.builder(this.encoder, this.store).build();

		vectorStore.similaritySearch(SearchRequest.builder().query("words").similarityThresholdAll().build());
		vectorStore.search(new ColbertSearchRequest(SearchRequest.builder().query("words").build(),
				SearchMode.EXHAUSTIVE, false));

		assertThat(this.store.queries.get(0).minScore()).isEqualTo(Double.NEGATIVE_INFINITY);
		assertThat(this.store.queries.get(0).mode()).isEqualTo(SearchMode.PLAID);
		assertThat(this.store.queries.get(1).mode()).isEqualTo(SearchMode.EXHAUSTIVE);
	}

	@Test
	void addEncodesInBatchesAndStoresTheWholeCallWithOneCommit() {
		BatchRecordingEncoder batches = new BatchRecordingEncoder(this.encoder, Integer.MAX_VALUE);
		ColbertVectorStore vectorStore = ColbertVectorStore.builder(batches, this.store).batchSize(3).build();
		List<Document> documents = documents(8);
		long generation = generation();

		vectorStore.add(documents);

		assertThat(batches.batchSizes()).containsExactly(3, 3, 2);
		assertThat(this.store.addBatchSizes).containsExactly(8);
		assertThat(generation()).isEqualTo(generation + 1);
		assertThat(this.store.stats().documents()).isEqualTo(8);
		long tokenVectors = documents.stream().mapToLong((d) -> this.encoder.encodeDocuments(List.of(d.getText())).get(0).count()).sum();
		assertThat(this.store.stats().tokenVectors()).isEqualTo(tokenVectors);
		assertThat(indexStats().codecPlannedVectors())
			.as("the codec is planned for every token vector of the first add, not for its first batch")
			.isGreaterThanOrEqualTo(tokenVectors);
	}

	@Test
	void aFailureWhileEncodingStoresNoneOfTheCallsDocuments() {
		ColbertVectorStore vectorStore = ColbertVectorStore.builder(this.encoder, this.store).batchSize(3).build();
		vectorStore.add(List.of(new Document("kept", "stored by an earlier add", Map.of())));
		long generation = generation();
		BatchRecordingEncoder failing = new BatchRecordingEncoder(this.encoder, 2);
		ColbertVectorStore failingStore = ColbertVectorStore.builder(failing, this.store).batchSize(3).build();

		assertThatIllegalStateException().isThrownBy(() -> failingStore.add(documents(8)))
			.withMessage("encoder failure in batch 3");

		assertThat(failing.batchSizes()).containsExactly(3, 3);
		assertThat(this.store.addBatchSizes).containsExactly(1);
		assertThat(generation()).isEqualTo(generation);
		assertThat(this.store.stats().documents()).isEqualTo(1);
		assertThat(vectorStore.similaritySearch(SearchRequest.builder().query("document number 1").topK(10).build()))
			.extracting(Document::getId)
			.containsExactly("kept");
	}

	@Test
	void anEmptyAddStoresNothing() {
		ColbertVectorStore vectorStore = ColbertVectorStore.builder(this.encoder, this.store).build();
		long generation = generation();

		vectorStore.add(List.of());

		assertThat(this.store.addBatchSizes).isEmpty();
		assertThat(generation()).isEqualTo(generation);
	}

	private long generation() {
		return indexStats().generation();
	}

	private IndexStats indexStats() {
		return ((EmbeddedStoreDetails) this.store.stats().details()).index();
	}

	private static List<Document> documents(int count) {
		List<Document> documents = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			documents.add(new Document("d" + i, "document number " + i + " with words " + "x".repeat(i + 1),
					Map.of("n", i)));
		}
		return documents;
	}

	@Test
	void explanationsNameTheMatchedDocumentTokensWithOffsets() {
		ColbertVectorStore vectorStore = ColbertVectorStore.builder(this.encoder, this.store).build();
		String text = "A blue car parked next to a red house";
		vectorStore.add(List.of(new Document("d1", text, Map.of())));

		Document result = vectorStore
			.search(new ColbertSearchRequest(SearchRequest.builder().query("red car").build(), null, true))
			.get(0);

		MaxSimExplanation explanation = (MaxSimExplanation) result.getMetadata().get(ColbertDocumentMetadata.EXPLANATION);
		assertThat(explanation.matches()).hasSize(2);
		TokenMatch red = explanation.matches().get(0);
		assertThat(red.query().text()).isEqualTo("red");
		assertThat(red.document().text()).isEqualTo("red");
		assertThat(text.substring(red.document().start(), red.document().end())).isEqualTo("red");
		assertThat(red.document().start()).isEqualTo(text.indexOf("red"));
		assertThat(red.similarity()).isCloseTo(1.0, within(1e-5));
		TokenMatch car = explanation.matches().get(1);
		assertThat(car.document().text()).isEqualTo("car");
		assertThat(car.document().start()).isEqualTo(text.indexOf("car"));
		assertThat(explanation.maxSim()).isCloseTo((Double) result.getMetadata().get(ColbertDocumentMetadata.MAXSIM),
				within(1e-4));
	}

	@Test
	void plainSearchesCarryNoExplanation() {
		ColbertVectorStore vectorStore = ColbertVectorStore.builder(this.encoder, this.store).build();
		vectorStore.add(List.of(new Document("d1", "red car", Map.of())));

		Document result = vectorStore.similaritySearch("red car").get(0);

		assertThat(result.getMetadata()).doesNotContainKey(ColbertDocumentMetadata.EXPLANATION);
	}

	@Test
	void aStoreBuiltByAnotherModelIsRefused() {
		TokenVectorStore other = EmbeddedTokenVectorStore.open(this.directory.resolve("other"), IndexSettings.defaults(),
				"fingerprint-of-another-model", 64);

		assertThatIllegalStateException().isThrownBy(() -> ColbertVectorStore.builder(this.encoder, other).build())
			.withMessageContaining("fingerprint-of-another-model")
			.withMessageContaining("word-hash-64")
			.withMessageContaining("test:word-hash");
		other.close();
	}

	@Test
	void documentsWithoutTextAreRefused() {
		ColbertVectorStore vectorStore = ColbertVectorStore.builder(this.encoder, this.store).build();
		Document image = new Document("img", new Media(MimeTypeUtils.IMAGE_PNG, new org.springframework.core.io.ByteArrayResource(new byte[] { 1 })), Map.of());

		assertThatIllegalArgumentException().isThrownBy(() -> vectorStore.add(List.of(image)))
			.withMessage("Document 'img' has no text: ColBERT encodes text only (media documents are not supported)");
	}

	@Test
	void aBlankQueryIsRefused() {
		ColbertVectorStore vectorStore = ColbertVectorStore.builder(this.encoder, this.store).build();

		assertThatIllegalArgumentException()
			.isThrownBy(() -> vectorStore.similaritySearch(SearchRequest.builder().query(" ").build()))
			.withMessageContaining("no query text");
	}

	@Test
	void listsOfMapsAreRefusedNamingTheDocumentAndKey() {
		ColbertVectorStore vectorStore = ColbertVectorStore.builder(this.encoder, this.store).build();
		Document document = new Document("d9", "text", Map.of("list", List.of(Map.of("x", 1))));

		assertThatIllegalArgumentException().isThrownBy(() -> vectorStore.add(List.of(document)))
			.withMessage("Document 'd9': metadata key 'list' holds a list element of type "
					+ "java.util.ImmutableCollections$Map1; only String, Number, Boolean and lists of them can be "
					+ "stored (remove the key or convert the value)");
	}

	@Test
	void theNativeClientIsTheTokenVectorStore() {
		ColbertVectorStore vectorStore = ColbertVectorStore.builder(this.encoder, this.store).build();

		assertThat(vectorStore.<TokenVectorStore>getNativeClient()).containsSame(this.store);
		assertThat(vectorStore.getName()).isEqualTo("ColbertVectorStore");
	}

	@Test
	void builderRejectsInvalidSettings() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ColbertVectorStore.builder(this.encoder, this.store).batchSize(0))
			.withMessage("batchSize must be at least 1 but was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> ColbertVectorStore.builder(null, this.store))
			.withMessage("encoder must not be null");
	}

	/** Delegates to a real store and records what reaches it. */
	static final class RecordingStore implements TokenVectorStore {

		private final TokenVectorStore delegate;

		final List<StoreQuery> queries = new ArrayList<>();

		final List<Integer> addBatchSizes = new ArrayList<>();

		RecordingStore(TokenVectorStore delegate) {
			this.delegate = delegate;
		}

		@Override
		public void add(List<dev.colbert.index.IndexDocument> documents) {
			this.addBatchSizes.add(documents.size());
			this.delegate.add(documents);
		}

		@Override
		public int delete(java.util.Collection<String> ids) {
			return this.delegate.delete(ids);
		}

		@Override
		public int delete(org.springframework.ai.vectorstore.filter.Filter.Expression filter) {
			return this.delegate.delete(filter);
		}

		@Override
		public List<dev.colbert.index.SearchHit> search(StoreQuery query) {
			this.queries.add(query);
			return this.delegate.search(query);
		}

		@Override
		public dev.colbert.store.StoreStats<?> stats() {
			return this.delegate.stats();
		}

		@Override
		public String modelFingerprint() {
			return this.delegate.modelFingerprint();
		}

		@Override
		public void close() {
			this.delegate.close();
		}

	}

}
