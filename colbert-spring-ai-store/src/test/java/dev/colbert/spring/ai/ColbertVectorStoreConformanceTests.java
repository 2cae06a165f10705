package dev.colbert.spring.ai;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.ai.document.Document;
import org.springframework.ai.reader.TextReader;
import org.springframework.ai.transformer.splitter.TokenTextSplitter;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;
import org.springframework.ai.vectorstore.filter.FilterExpressionTextParser;
import org.springframework.core.io.FileSystemResource;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.hybrid.HybridParams;
import dev.colbert.search.SearchMode;
import dev.colbert.store.TokenVectorStore;
import dev.colbert.store.filter.UnsupportedFilterExpressionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * The behaviour every {@link ColbertVectorStore} passes, whatever {@link TokenVectorStore} backs it: add, search,
 * delete by id and by filter, metadata round trip, upsert, filter semantics, the Spring AI ETL path. Modelled on the
 * checks of Spring AI's own store tests.
 *
 * <p>Subclasses supply the token-vector store (and may replace the encoder). Filter semantics are checked with exact
 * sets of ids in {@link SearchMode#EXHAUSTIVE} mode, so they do not depend on candidate generation; ranking is checked
 * in the store's default mode. Semantics: a missing key never matches {@code EQ, GT, GTE, LT, LTE, IN} and always
 * matches {@code NE, NIN, ISNULL}; numbers compare numerically whatever their Java type; a list-valued key matches
 * {@code EQ, IN} and the orderings when any element does, {@code NE, NIN} when none does.
 *
 * <p>Reused by other modules through this module's test-jar.
 */
public abstract class ColbertVectorStoreConformanceTests {

	protected ColbertEncoder encoder;

	protected TokenVectorStore tokenVectorStore;

	protected ColbertVectorStore vectorStore;

	/** Creates an empty token-vector store for vectors of this encoder. */
	protected abstract TokenVectorStore createTokenVectorStore(ColbertEncoder encoder) throws Exception;

	/** The encoder; a deterministic word-hash encoder by default. Closed after each test. */
	protected ColbertEncoder createEncoder() throws Exception {
		return new WordHashEncoder(64);
	}

	@BeforeEach
	void createStores() throws Exception {
		this.encoder = createEncoder();
		this.tokenVectorStore = createTokenVectorStore(this.encoder);
		this.vectorStore = ColbertVectorStore.builder(this.encoder, this.tokenVectorStore).build();
	}

	@AfterEach
	void closeStores() {
		if (this.tokenVectorStore != null) {
			this.tokenVectorStore.close();
		}
		if (this.encoder != null) {
			this.encoder.close();
		}
	}

	protected static List<Document> corpus() {
		return List.of(
				document("cat", "The cat sat on the warm mat by the fire",
						Map.of("lang", "en", "year", 2019, "rating", 4.5, "published", true, "author", "ann", "tags",
								List.of("pets", "home"))),
				document("dog", "A dog chased the red ball across the park",
						Map.of("lang", "en", "year", 2021, "rating", 3, "published", false, "author", "bob")),
				document("chat", "Le chat dort sur le canapé du salon",
						Map.of("lang", "fr", "year", 2022L, "rating", 5L, "published", true)),
				document("markets", "Stock markets fell sharply as interest rates rose again",
						Map.of("lang", "en", "year", 2023, "rating", 2.0, "published", true, "author", "cy")),
				document("recipe", "The recipe needs flour sugar eggs and soft butter",
						Map.of("lang", "en", "year", 2020, "published", false, "author", "ann")),
				document("katze", "Die Katze schläft auf dem Sofa im Wohnzimmer",
						Map.of("lang", "de", "year", 2018, "rating", 4, "published", true, "author", "dora")));
	}

	private static Document document(String id, String text, Map<String, Object> metadata) {
		return Document.builder().id(id).text(text).metadata(metadata).build();
	}

	private List<String> ids(List<Document> documents) {
		return documents.stream().map(Document::getId).toList();
	}

	/**
	 * The fusion the filter and delete checks search with ({@link #exhaustiveIds}), or {@code null} (the default) for
	 * late interaction alone: a subclass over a store with a lexical index runs them in hybrid mode.
	 */
	protected HybridParams hybrid() {
		return null;
	}

	private Set<String> exhaustiveIds(String query, Filter.Expression filter) {
		SearchRequest request = SearchRequest.builder().query(query).topK(100).filterExpression(filter).build();
		return this.vectorStore.search(new ColbertSearchRequest(request, SearchMode.EXHAUSTIVE, false, hybrid()))
			.stream()
			.map(Document::getId)
			.collect(Collectors.toSet());
	}

	@Test
	void addedDocumentsAreFoundByTheirWords() {
		this.vectorStore.add(corpus());

		List<Document> results = this.vectorStore
			.similaritySearch(SearchRequest.builder().query("interest rates and stock markets").topK(3).build());

		assertThat(results).isNotEmpty();
		assertThat(results.get(0).getId()).isEqualTo("markets");
		assertThat(results.get(0).getText()).isEqualTo("Stock markets fell sharply as interest rates rose again");
	}

	@Test
	void resultsComeBestFirstWithScoresMaxSimAndDistance() {
		this.vectorStore.add(corpus());
		int queryVectors = this.encoder.encodeQuery("the cat on the mat").count();

		List<Document> results = this.vectorStore
			.similaritySearch(SearchRequest.builder().query("the cat on the mat").topK(6).build());

		assertThat(results).hasSize(6);
		assertThat(results.get(0).getId()).isEqualTo("cat");
		for (int i = 0; i < results.size(); i++) {
			Document document = results.get(i);
			assertThat(document.getScore()).isBetween(-1.0, 1.0);
			double maxSim = (Double) document.getMetadata().get(ColbertDocumentMetadata.MAXSIM);
			assertThat(maxSim / queryVectors).isCloseTo(document.getScore(), within(1e-6));
			assertThat((Double) document.getMetadata().get(ColbertDocumentMetadata.DISTANCE))
				.isCloseTo(1.0 - document.getScore(), within(1e-9));
			if (i > 0) {
				assertThat(document.getScore()).isLessThanOrEqualTo(results.get(i - 1).getScore());
			}
		}
	}

	@Test
	void topKLimitsTheResults() {
		this.vectorStore.add(corpus());

		assertThat(this.vectorStore.similaritySearch(SearchRequest.builder().query("the cat").topK(2).build()))
			.hasSize(2);
		assertThat(this.vectorStore.similaritySearch(SearchRequest.builder().query("the cat").topK(1).build()))
			.hasSize(1);
	}

	@Test
	void similarityThresholdDropsDocumentsScoringBelowIt() {
		this.vectorStore.add(corpus());
		List<Document> all = this.vectorStore
			.similaritySearch(SearchRequest.builder().query("the warm mat").topK(6).build());
		double threshold = (all.get(0).getScore() + all.get(1).getScore()) / 2;

		List<Document> above = this.vectorStore.similaritySearch(
				SearchRequest.builder().query("the warm mat").topK(6).similarityThreshold(threshold).build());

		assertThat(ids(above)).containsExactly(all.get(0).getId());
	}

	@Test
	void metadataRoundTripsWithTypes() {
		this.vectorStore.add(corpus());

		Document cat = this.vectorStore
			.similaritySearch(SearchRequest.builder().query("cat warm mat fire").topK(1).build())
			.get(0);

		assertThat(cat.getId()).isEqualTo("cat");
		assertThat(cat.getMetadata()).containsEntry("lang", "en")
			.containsEntry("author", "ann")
			.containsEntry("published", true)
			.containsEntry("tags", List.of("pets", "home"));
		assertThat(((Number) cat.getMetadata().get("year")).longValue()).isEqualTo(2019L);
		assertThat(((Number) cat.getMetadata().get("rating")).doubleValue()).isEqualTo(4.5);
	}

	@Test
	void documentIdsAreKept() {
		Document generated = new Document("A document with a generated identifier about zebras");
		this.vectorStore.add(List.of(generated));

		List<Document> results = this.vectorStore.similaritySearch(SearchRequest.builder().query("zebras").build());

		assertThat(ids(results)).containsExactly(generated.getId());
	}

	@Test
	void deletedIdsAreNeverReturned() {
		this.vectorStore.add(corpus());

		this.vectorStore.delete(List.of("cat", "unknown-id"));

		assertThat(exhaustiveIds("the cat on the mat", null)).containsExactlyInAnyOrder("dog", "chat", "markets",
				"recipe", "katze");
		assertThat(this.tokenVectorStore.stats().documents()).isEqualTo(5);
	}

	@Test
	void deleteByFilterRemovesExactlyTheMatchingDocuments() {
		this.vectorStore.add(corpus());

		this.vectorStore.delete(new FilterExpressionBuilder().eq("lang", "en").build());

		assertThat(exhaustiveIds("the cat on the mat", null)).containsExactlyInAnyOrder("chat", "katze");
	}

	@Test
	void deleteByFilterTextRemovesExactlyTheMatchingDocuments() {
		this.vectorStore.add(corpus());

		this.vectorStore.delete("year >= 2021 && published == true");

		assertThat(exhaustiveIds("the cat on the mat", null)).containsExactlyInAnyOrder("cat", "dog", "recipe",
				"katze");
	}

	@Test
	void addingAnExistingIdReplacesTheDocument() {
		this.vectorStore.add(corpus());

		this.vectorStore.add(List.of(document("cat", "Quantum computers factor large numbers", Map.of("lang", "xx"))));

		List<Document> results = this.vectorStore
			.similaritySearch(SearchRequest.builder().query("quantum computers").topK(1).build());
		assertThat(results.get(0).getId()).isEqualTo("cat");
		assertThat(results.get(0).getText()).isEqualTo("Quantum computers factor large numbers");
		assertThat(results.get(0).getMetadata()).containsEntry("lang", "xx").doesNotContainKey("author");
		assertThat(this.tokenVectorStore.stats().documents()).isEqualTo(6);
		assertThat(exhaustiveIds("warm mat fire", new FilterExpressionBuilder().eq("lang", "en").build()))
			.doesNotContain("cat");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = ';', textBlock = """
			lang == 'en'                              ; cat,dog,markets,recipe
			lang != 'en'                              ; chat,katze
			author != 'ann'                           ; dog,chat,markets,katze
			author == 'nobody'                        ; ''
			year > 2020                               ; dog,chat,markets
			year >= 2021                              ; dog,chat,markets
			year < 2019                               ; katze
			year <= 2019                              ; cat,katze
			rating >= 4                               ; cat,chat,katze
			rating < 3.5                              ; dog,markets
			rating == 5                               ; chat
			published == true                         ; cat,chat,markets,katze
			published != true                         ; dog,recipe
			lang in ['fr', 'de']                      ; chat,katze
			author nin ['ann', 'bob']                 ; chat,markets,katze
			year in [2018, 2022]                      ; chat,katze
			lang == 'en' && year >= 2021              ; dog,markets
			lang == 'fr' || year < 2019               ; chat,katze
			not(lang == 'en')                         ; chat,katze
			not(author == 'ann')                      ; dog,chat,markets,katze
			(lang == 'en' || lang == 'de') && rating > 3 ; cat,katze
			author IS NULL                            ; chat
			rating IS NOT NULL                        ; cat,dog,chat,markets,katze
			tags == 'home'                            ; cat
			tags in ['pets', 'cars']                  ; cat
			tags != 'home'                            ; dog,chat,markets,recipe,katze
			tags nin ['pets']                         ; dog,chat,markets,recipe,katze
			""")
	void filtersSelectExactlyTheMatchingDocuments(String filter, String expected) {
		this.vectorStore.add(corpus());
		Set<String> expectedIds = expected.isEmpty() ? Set.of() : Set.of(expected.split(","));

		assertThat(exhaustiveIds("the cat on the mat", new FilterExpressionTextParser().parse(filter)))
			.as(filter)
			.containsExactlyInAnyOrderElementsOf(expectedIds);
	}

	@Test
	void filterBuiltWithTheExpressionBuilderMatchesItsTextForm() {
		this.vectorStore.add(corpus());
		FilterExpressionBuilder b = new FilterExpressionBuilder();

		Filter.Expression built = b.and(b.in("lang", "en", "de"), b.not(b.eq("author", "ann"))).build();

		assertThat(exhaustiveIds("the cat", built)).containsExactlyInAnyOrder("dog", "markets", "katze");
	}

	@Test
	void filteredSearchInTheDefaultModeReturnsOnlyMatchingDocuments() {
		this.vectorStore.add(corpus());

		List<Document> results = this.vectorStore.similaritySearch(
				SearchRequest.builder().query("the cat on the mat").topK(6).filterExpression("lang != 'en'").build());

		assertThat(results).isNotEmpty().allSatisfy((document) -> assertThat(document.getMetadata().get("lang"))
			.isIn("fr", "de"));
	}

	@Test
	void unsupportedFilterExpressionsAreRefusedNamingTheProblem() {
		this.vectorStore.add(corpus());
		Filter.Expression byDate = new Filter.Expression(Filter.ExpressionType.GT, new Filter.Key("year"),
				new Filter.Value(new java.util.Date(0)));

		assertThatExceptionOfType(UnsupportedFilterExpressionException.class)
			.isThrownBy(() -> this.vectorStore
				.similaritySearch(SearchRequest.builder().query("cat").filterExpression(byDate).build()))
			.withMessageContaining("GT on 'year' with a value of type java.util.Date");
		assertThatExceptionOfType(UnsupportedFilterExpressionException.class)
			.isThrownBy(() -> this.vectorStore.delete(byDate))
			.withMessageContaining("GT on 'year' with a value of type java.util.Date");
		assertThat(this.tokenVectorStore.stats().documents()).isEqualTo(6);
	}

	@Test
	void documentsWithUnstorableMetadataAreRefusedAndNothingIsStored() {
		List<Document> batch = List.of(document("ok", "A fine document", Map.of("lang", "en")),
				document("bad", "A document with nested metadata", Map.of("nested", Map.of("a", 1))));

		assertThatIllegalArgumentException().isThrownBy(() -> this.vectorStore.add(batch))
			.withMessageContaining("Document 'bad'")
			.withMessageContaining("metadata key 'nested'");
		assertThat(this.tokenVectorStore.stats().documents()).isZero();
	}

	@Test
	void reservedResultKeysAreNotStored() {
		Map<String, Object> metadata = new HashMap<>(Map.of("lang", "en"));
		metadata.put(ColbertDocumentMetadata.MAXSIM, 12.5);
		metadata.put(ColbertDocumentMetadata.DISTANCE, 0.25);
		this.vectorStore.add(List.of(document("copy", "A copied search result about otters", metadata)));

		Document result = this.vectorStore.similaritySearch(SearchRequest.builder().query("otters").build()).get(0);

		assertThat((Double) result.getMetadata().get(ColbertDocumentMetadata.MAXSIM)).isNotEqualTo(12.5);
		assertThat((Double) result.getMetadata().get(ColbertDocumentMetadata.DISTANCE))
			.isCloseTo(1.0 - result.getScore(), within(1e-9));
	}

	@Test
	void spring_ai_etl_readerSplitterAndAddMakeChunksSearchable(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("handbook.txt");
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < 30; i++) {
			text.append("Section ").append(i).append(" explains routine office procedures and meeting schedules. ");
		}
		text.append("The emergency generator is tested every Tuesday at noon by the facilities team. ");
		for (int i = 30; i < 60; i++) {
			text.append("Section ").append(i).append(" explains routine office procedures and meeting schedules. ");
		}
		Files.writeString(file, text, StandardCharsets.UTF_8);
		TextReader reader = new TextReader(new FileSystemResource(file));
		reader.getCustomMetadata().put("department", "facilities");
		TokenTextSplitter splitter = TokenTextSplitter.builder().withChunkSize(60).withMinChunkSizeChars(20).build();

		List<Document> chunks = splitter.apply(reader.get());
		this.vectorStore.add(chunks);

		assertThat(chunks).hasSizeGreaterThan(5);
		assertThat(this.tokenVectorStore.stats().documents()).isEqualTo(chunks.size());
		Document best = this.vectorStore
			.similaritySearch(SearchRequest.builder().query("when is the emergency generator tested").topK(1).build())
			.get(0);
		assertThat(best.getText()).contains("emergency generator");
		assertThat(best.getMetadata()).containsEntry("department", "facilities")
			.containsEntry(TextReader.SOURCE_METADATA, "handbook.txt");
	}

}
