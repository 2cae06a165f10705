package dev.colbert.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;
import org.springframework.ai.vectorstore.filter.FilterExpressionTextParser;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.IndexDocument;
import dev.colbert.index.SearchHit;
import dev.colbert.search.SearchMode;
import dev.colbert.testing.ReferenceMaxSim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The behaviour every {@link TokenVectorStore} must show: add, search (exact MaxSim, best first, top-K, minScore,
 * filters applied before top-K), upsert, delete by id and by filter, metadata round trip, filter semantics and bad
 * input refused without losing stored documents.
 *
 * <p>An implementation's test extends this class and returns a new, empty store from {@link #createStore()} (for
 * {@value #DIM}-dimensional vectors of model {@value #FINGERPRINT}); {@link #destroyStore} cleans up after each test.
 * The data is synthetic: L2-normalized token vectors drawn around a few topic directions, so documents of one topic
 * score higher than others, as with real text. Expected results are computed here in plain Java.
 *
 * <p>Metadata contract checked here: String, Boolean, Integer, Long (small or large), Double (also whole ones such as
 * 2.0) and lists of strings come back with the same value and type. Filter contract: a missing key never matches {@code ==, >, >=, <, <=, IN} and always matches
 * {@code !=, NIN}; numbers compare numerically whatever their stored Java type.
 */
public abstract class TokenVectorStoreConformanceTests {

	/** The vector dimension of the test data. */
	protected static final int DIM = 16;

	/** The model fingerprint the store must be created for. */
	protected static final String FINGERPRINT = "conformance-model-v1";

	private static final double TOLERANCE_PER_QUERY_VECTOR = 1e-4;

	private static final int TOPICS = 4;

	private final Random random = new Random(42);

	private final float[][] topics = new float[TOPICS][];

	private TokenVectorStore store;

	/** A new, empty store for {@value #DIM}-dimensional vectors of model {@value #FINGERPRINT}. */
	protected abstract TokenVectorStore createStore();

	/** Releases a store made by {@link #createStore()}; closes it by default. */
	protected void destroyStore(TokenVectorStore store) {
		store.close();
	}

	/** The store under test. */
	protected TokenVectorStore store() {
		return this.store;
	}

	@BeforeEach
	void createStoreAndTopics() {
		for (int t = 0; t < TOPICS; t++) {
			this.topics[t] = randomUnitVector();
		}
		this.store = createStore();
	}

	@AfterEach
	void destroy() {
		if (this.store != null) {
			destroyStore(this.store);
		}
	}

	@Test
	void reportsTheModelFingerprintItWasCreatedFor() {
		assertThat(this.store.modelFingerprint()).isEqualTo(FINGERPRINT);
	}

	@Test
	void searchOnAnEmptyStoreReturnsNothing() {
		assertThat(this.store.search(exhaustive(query(0, 4), 5, null))).isEmpty();
		assertThat(this.store.search(StoreQuery.of(query(0, 4), 5))).isEmpty();
	}

	@Test
	void exhaustiveSearchReturnsExactMaxSimTopKBestFirst() {
		List<IndexDocument> documents = corpus(30);
		this.store.add(documents);
		for (int t = 0; t < TOPICS; t++) {
			TokenVectors query = query(t, 5);
			List<SearchHit> results = this.store.search(exhaustive(query, 7, null));
			assertExactTopK(results, documents, query, 7);
		}
	}

	@Test
	void plaidSearchReturnsExactScoresBestFirstAndFindsANearDuplicate() {
		List<IndexDocument> documents = corpus(30);
		this.store.add(documents);
		IndexDocument target = documents.get(11);
		TokenVectors query = nearCopy(target.vectors(), 4);
		List<SearchHit> results = this.store.search(StoreQuery.of(query, 5));
		assertThat(results).isNotEmpty().hasSizeLessThanOrEqualTo(5);
		assertThat(results.get(0).id()).isEqualTo(target.id());
		Map<String, IndexDocument> byId = byId(documents);
		for (SearchHit result : results) {
			assertThat(result.maxSim()).as("MaxSim of %s", result.id())
				.isCloseTo(ReferenceMaxSim.maxSim(query, byId.get(result.id()).vectors()), within(tolerance(query)));
		}
		assertThat(results).isSortedAccordingTo(Comparator.comparingDouble(SearchHit::maxSim).reversed());
	}

	@Test
	void scoreIsMaxSimPerQueryVector() {
		this.store.add(corpus(10));
		TokenVectors query = query(1, 6);
		for (SearchHit result : this.store.search(exhaustive(query, 10, null))) {
			assertThat(result.score()).isCloseTo(result.maxSim() / query.count(), within(1e-9));
			assertThat(result.score()).isBetween(-1.0 - 1e-6, 1.0 + 1e-6);
		}
	}

	@Test
	void returnsTextAndMetadataOfEachResult() {
		List<IndexDocument> documents = corpus(8);
		this.store.add(documents);
		Map<String, IndexDocument> byId = byId(documents);
		for (SearchHit result : this.store.search(exhaustive(query(2, 3), 8, null))) {
			IndexDocument original = byId.get(result.id());
			assertThat(result.text()).isEqualTo(original.text());
			assertThat(result.metadata()).isEqualTo(original.metadata());
		}
	}

	@Test
	void minScoreDropsResultsBelowIt() {
		List<IndexDocument> documents = corpus(20);
		this.store.add(documents);
		TokenVectors query = query(0, 4);
		List<SearchHit> all = this.store.search(exhaustive(query, 20, null));
		assertThat(all).hasSize(20);
		double threshold = all.get(5).score();
		List<SearchHit> above = this.store.search(
				new StoreQuery(query, 20, threshold - 1e-7, null, SearchMode.EXHAUSTIVE));
		assertThat(above).allSatisfy((result) -> assertThat(result.score()).isGreaterThanOrEqualTo(threshold - 1e-7));
		assertThat(ids(above)).containsExactlyElementsOf(ids(all).subList(0, above.size()));
		assertThat(above.size()).isBetween(6, 19);
	}

	@Test
	void metadataRoundTripKeepsValuesAndTypes() {
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("title", "Der Zauberberg");
		metadata.put("year", 1924);
		metadata.put("copies", 5_000_000_000L);
		metadata.put("edition", 7L);
		metadata.put("rating", 4.5);
		metadata.put("wholeDouble", 2.0);
		metadata.put("available", true);
		metadata.put("tags", List.of("novel", "german"));
		IndexDocument document = new IndexDocument("book-1", "A novel.", metadata, documentVectors(0, 5));
		this.store.add(List.of(document));
		List<SearchHit> results = this.store.search(exhaustive(query(0, 2), 1, null));
		assertThat(results).hasSize(1);
		Map<String, Object> read = results.get(0).metadata();
		assertThat(read).isEqualTo(metadata);
		assertThat(read.get("year")).isInstanceOf(Integer.class);
		assertThat(read.get("copies")).isInstanceOf(Long.class);
		assertThat(read.get("edition")).isInstanceOf(Long.class);
		assertThat(read.get("rating")).isInstanceOf(Double.class);
		assertThat(read.get("wholeDouble")).isInstanceOf(Double.class);
		assertThat(read.get("available")).isInstanceOf(Boolean.class);
		assertThat(read.get("tags")).isInstanceOf(List.class);
	}

	@Test
	void addingAnExistingIdReplacesTheDocument() {
		List<IndexDocument> documents = corpus(10);
		this.store.add(documents);
		TokenVectors replacementVectors = documentVectors(3, 6);
		IndexDocument replacement = new IndexDocument(documents.get(0).id(), "replaced text",
				Map.of("version", 2), replacementVectors);
		this.store.add(List.of(replacement));

		assertThat(this.store.stats().documents()).isEqualTo(10);
		TokenVectors query = query(3, 4);
		List<SearchHit> results = this.store.search(exhaustive(query, 10, null));
		List<SearchHit> matching = results.stream().filter((r) -> r.id().equals(replacement.id())).toList();
		assertThat(matching).hasSize(1);
		assertThat(matching.get(0).text()).isEqualTo("replaced text");
		assertThat(matching.get(0).metadata()).isEqualTo(Map.of("version", 2));
		assertThat(matching.get(0).maxSim())
			.isCloseTo(ReferenceMaxSim.maxSim(query, replacementVectors), within(tolerance(query)));
	}

	@Test
	void theLastDocumentWithAnIdInOneBatchWins() {
		IndexDocument first = new IndexDocument("same", "first", Map.of("n", 1), documentVectors(0, 3));
		IndexDocument second = new IndexDocument("same", "second", Map.of("n", 2), documentVectors(1, 3));
		this.store.add(List.of(first, second));
		List<SearchHit> results = this.store.search(exhaustive(query(1, 2), 5, null));
		assertThat(results).extracting(SearchHit::text).containsExactly("second");
		assertThat(this.store.stats().documents()).isEqualTo(1);
	}

	@Test
	void deleteByIdsRemovesThoseDocumentsAndIgnoresUnknownIds() {
		List<IndexDocument> documents = corpus(12);
		this.store.add(documents);
		int deleted = this.store.delete(List.of(documents.get(0).id(), documents.get(5).id(), "no-such-id"));
		assertThat(deleted).isEqualTo(2);
		List<SearchHit> results = this.store.search(exhaustive(query(0, 3), 12, null));
		assertThat(ids(results)).hasSize(10).doesNotContain(documents.get(0).id(), documents.get(5).id());
		assertThat(this.store.stats().documents()).isEqualTo(10);
		assertThat(this.store.delete(List.of("no-such-id"))).isZero();
	}

	@Test
	void deletedDocumentsNeverReturnInPlaidSearch() {
		List<IndexDocument> documents = corpus(20);
		this.store.add(documents);
		IndexDocument target = documents.get(3);
		this.store.delete(List.of(target.id()));
		List<SearchHit> results = this.store.search(StoreQuery.of(nearCopy(target.vectors(), 4), 10));
		assertThat(ids(results)).doesNotContain(target.id());
	}

	@Test
	void deleteByFilterRemovesMatchingDocuments() {
		List<IndexDocument> documents = corpus(24);
		this.store.add(documents);
		Filter.Expression red = new FilterExpressionTextParser().parse("color == 'red'");
		long expected = documents.stream().filter((d) -> "red".equals(d.metadata().get("color"))).count();
		assertThat(expected).isPositive();

		int deleted = this.store.delete(red);

		assertThat(deleted).isEqualTo(expected);
		List<SearchHit> remaining = this.store.search(exhaustive(query(0, 3), 24, null));
		assertThat(remaining).hasSize((int) (24 - expected))
			.allSatisfy((r) -> assertThat(r.metadata().get("color")).isNotEqualTo("red"));
	}

	@Test
	void filterSemanticsMatchTheContract() {
		List<IndexDocument> documents = corpus(40);
		this.store.add(documents);
		TokenVectors query = query(0, 3);
		for (FilterContract.Case contract : FilterContract.cases()) {
			Set<String> expected = documents.stream()
				.filter((d) -> contract.expected().test(d.metadata()))
				.map(IndexDocument::id)
				.collect(Collectors.toSet());
			List<SearchHit> results = this.store.search(exhaustive(query, 40, contract.filter()));
			assertThat(ids(results)).as(contract.name()).containsExactlyInAnyOrderElementsOf(expected);
		}
	}

	@Test
	void filteredSearchReturnsTheBestMatchingDocuments() {
		List<IndexDocument> documents = corpus(40);
		this.store.add(documents);
		Filter.Expression blue = new FilterExpressionBuilder().eq("color", "blue").build();
		List<IndexDocument> matching = documents.stream().filter((d) -> "blue".equals(d.metadata().get("color")))
			.toList();
		for (int t = 0; t < TOPICS; t++) {
			TokenVectors query = query(t, 4);
			assertExactTopK(this.store.search(exhaustive(query, 3, blue)), matching, query, 3);
			List<SearchHit> plaid = this.store.search(new StoreQuery(query, 3, Double.NEGATIVE_INFINITY, blue,
					SearchMode.PLAID));
			assertThat(plaid).isNotEmpty()
				.allSatisfy((r) -> assertThat(r.metadata().get("color")).isEqualTo("blue"));
		}
	}

	@Test
	void statsCountDocumentsAndTokenVectors() {
		List<IndexDocument> documents = corpus(15);
		this.store.add(documents);
		StoreStats<?> stats = this.store.stats();
		assertThat(stats.documents()).isEqualTo(15);
		assertThat(stats.tokenVectors()).isEqualTo(documents.stream().mapToLong((d) -> d.vectors().count()).sum());
		assertThat(stats.type()).isNotBlank();
	}

	@Test
	void wrongDimensionIsRefusedAndNothingOfTheBatchIsStored() {
		List<IndexDocument> documents = corpus(5);
		this.store.add(documents);
		IndexDocument good = new IndexDocument("good", "good", Map.of(), documentVectors(0, 3));
		IndexDocument wrongDim = new IndexDocument("wrong-dim", "bad", Map.of(),
				TokenVectors.of(unit(DIM + 2), 1, DIM + 2));
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.add(List.of(good, wrongDim)))
			.withMessageContaining("wrong-dim");
		assertStoredIds(documents);
	}

	@Test
	void blankIdIsRefused() {
		List<IndexDocument> documents = corpus(3);
		this.store.add(documents);
		IndexDocument blank = new IndexDocument(" ", "blank id", Map.of(), documentVectors(0, 2));
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.add(List.of(blank)))
			.withMessageContaining("blank");
		assertStoredIds(documents);
	}

	@Test
	void unsupportedMetadataValuesAreRefusedNamingTheKey() {
		List<IndexDocument> documents = corpus(3);
		this.store.add(documents);
		Map<String, Object> nullValue = new HashMap<>();
		nullValue.put("author", null);
		// The store refuses a null value when the document is added (IndexDocument itself accepts it).
		assertThatThrownBy(() -> this.store.add(List.of(new IndexDocument("n", "t", nullValue, documentVectors(0, 2)))))
			.isInstanceOfAny(IllegalArgumentException.class, NullPointerException.class);
		Map<String, Object> nested = Map.of("author", Map.of("name", "Mann"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.store.add(List.of(new IndexDocument("m", "t", nested, documentVectors(0, 2)))))
			.withMessageContaining("author");
		assertStoredIds(documents);
	}

	@Test
	void queryOfTheWrongDimensionIsRefused() {
		this.store.add(corpus(3));
		TokenVectors query = TokenVectors.of(unit(DIM * 2), 1, DIM * 2);
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.search(StoreQuery.of(query, 3)));
	}

	// ---- helpers -------------------------------------------------------------------------------------------------

	private void assertStoredIds(List<IndexDocument> expected) {
		List<SearchHit> all = this.store.search(exhaustive(query(0, 2), 100, null));
		assertThat(ids(all)).containsExactlyInAnyOrderElementsOf(ids(expected, IndexDocument::id));
	}

	private void assertExactTopK(List<SearchHit> results, List<IndexDocument> documents, TokenVectors query,
			int k) {
		List<Map.Entry<String, Double>> expected = documents.stream()
			.map((d) -> Map.entry(d.id(), ReferenceMaxSim.maxSim(query, d.vectors())))
			.sorted(Map.Entry.<String, Double>comparingByValue().reversed())
			.limit(k)
			.toList();
		assertThat(results).hasSize(expected.size());
		double tolerance = tolerance(query);
		for (int i = 0; i < expected.size(); i++) {
			assertThat(results.get(i).maxSim()).as("MaxSim at rank %d", i)
				.isCloseTo(expected.get(i).getValue(), within(tolerance));
			String id = results.get(i).id();
			double actualOfId = documents.stream().filter((d) -> d.id().equals(id)).findFirst()
				.map((d) -> ReferenceMaxSim.maxSim(query, d.vectors()))
				.orElseThrow(() -> new AssertionError("unknown id " + id));
			assertThat(results.get(i).maxSim()).as("MaxSim of %s", id).isCloseTo(actualOfId, within(tolerance));
		}
	}

	private static double tolerance(TokenVectors query) {
		return TOLERANCE_PER_QUERY_VECTOR * query.count();
	}

	private static StoreQuery exhaustive(TokenVectors query, int topK, Filter.Expression filter) {
		return new StoreQuery(query, topK, Double.NEGATIVE_INFINITY, filter, SearchMode.EXHAUSTIVE);
	}

	private static List<String> ids(List<SearchHit> results) {
		return results.stream().map(SearchHit::id).toList();
	}

	private static <T> List<String> ids(List<T> items, java.util.function.Function<T, String> id) {
		return items.stream().map(id).toList();
	}

	private static Map<String, IndexDocument> byId(List<IndexDocument> documents) {
		return documents.stream().collect(Collectors.toMap(IndexDocument::id, (d) -> d));
	}

	/**
	 * Documents {@code doc-0 ... doc-(n-1)}: topic {@code i % 4}, 3 to 10 token vectors, metadata: color (red, blue,
	 * green, or missing), year (2018 to 2022, stored as Integer, Long or Double, or missing), published (boolean).
	 */
	protected List<IndexDocument> corpus(int n) {
		List<IndexDocument> documents = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			documents.add(new IndexDocument("doc-" + i, "Passage " + i + " about topic " + (i % TOPICS),
					FilterContract.metadata(i), documentVectors(i % TOPICS, 3 + this.random.nextInt(8))));
		}
		return documents;
	}

	/** Token vectors around one topic direction (each a noisy copy of the topic, normalized). */
	protected TokenVectors documentVectors(int topic, int count) {
		return around(this.topics[topic], count, 0.9);
	}

	/** Query vectors around one topic direction. */
	protected TokenVectors query(int topic, int count) {
		return around(this.topics[topic], count, 1.0);
	}

	private TokenVectors nearCopy(TokenVectors vectors, int count) {
		float[] data = new float[count * DIM];
		for (int q = 0; q < count; q++) {
			float[] row = vectors.vector(q % vectors.count());
			for (int i = 0; i < DIM; i++) {
				row[i] += (float) (0.05 * this.random.nextGaussian());
			}
			normalize(row);
			System.arraycopy(row, 0, data, q * DIM, DIM);
		}
		return TokenVectors.of(data, count, DIM);
	}

	private TokenVectors around(float[] center, int count, double noise) {
		float[] data = new float[count * DIM];
		for (int v = 0; v < count; v++) {
			float[] row = new float[DIM];
			for (int i = 0; i < DIM; i++) {
				row[i] = (float) (center[i] + noise * this.random.nextGaussian() / Math.sqrt(DIM));
			}
			normalize(row);
			System.arraycopy(row, 0, data, v * DIM, DIM);
		}
		return TokenVectors.of(data, count, DIM);
	}

	private float[] randomUnitVector() {
		float[] v = new float[DIM];
		for (int i = 0; i < DIM; i++) {
			v[i] = (float) this.random.nextGaussian();
		}
		normalize(v);
		return v;
	}

	private static float[] unit(int dim) {
		float[] v = new float[dim];
		v[0] = 1f;
		return v;
	}

	private static void normalize(float[] v) {
		double sum = 0;
		for (float x : v) {
			sum += (double) x * x;
		}
		float norm = (float) Math.sqrt(sum);
		for (int i = 0; i < v.length; i++) {
			v[i] /= norm;
		}
	}

}
