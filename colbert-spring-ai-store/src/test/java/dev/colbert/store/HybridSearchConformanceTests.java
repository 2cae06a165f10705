package dev.colbert.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.hybrid.FusionMode;
import dev.colbert.hybrid.HybridParams;
import dev.colbert.index.IndexDocument;
import dev.colbert.index.SearchHit;
import dev.colbert.search.SearchMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * What every {@link TokenVectorStore} that keeps a lexical index shows in hybrid mode (BM25 beside late interaction,
 * fused), for each {@link FusionMode}: the filter contract of {@link FilterContract} holds on both sides, a document
 * only BM25 finds joins the results with its exact MaxSim and its BM25 score, deletes (by id and by filter) and
 * replacements reach the lexical side, results are ranked by the fused score and the minimum score applies to the
 * normalized MaxSim.
 *
 * <p>An implementation's test extends this class and returns a new, empty store with a lexical index (English
 * analyzer) from {@link #createStore()}, for {@value #DIM}-dimensional vectors of model {@value #FINGERPRINT}.
 */
public abstract class HybridSearchConformanceTests {

	protected static final int DIM = 16;

	protected static final String FINGERPRINT = "hybrid-conformance-model-v1";

	private static final int TOPICS = 4;

	private static final double TOLERANCE_PER_QUERY_VECTOR = 1e-4;

	private final Random random = new Random(7);

	private final float[][] topics = new float[TOPICS][];

	private TokenVectorStore store;

	/** A new, empty store with a lexical index, for {@value #DIM}-dimensional vectors of model {@value #FINGERPRINT}. */
	protected abstract TokenVectorStore createStore();

	/** Releases a store made by {@link #createStore()}; closes it by default. */
	protected void destroyStore(TokenVectorStore store) {
		store.close();
	}

	@BeforeEach
	void createStoreAndTopics() {
		for (int t = 0; t < TOPICS; t++) {
			this.topics[t] = around(randomUnit(), 1, 0).vector(0);
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
	void theStoreKeepsALexicalIndex() {
		assertThat(this.store.supportsLexicalSearch()).isTrue();
		assertThat(this.store.lexicalExplainer()).isPresent();
	}

	@ParameterizedTest
	@EnumSource(FusionMode.class)
	void theFilterContractHoldsOnBothSides(FusionMode fusion) {
		List<IndexDocument> documents = corpus(40);
		this.store.add(documents);
		// every text has "passage": BM25 alone would return every document
		for (FilterContract.Case contract : FilterContract.cases()) {
			Set<String> expected = documents.stream()
				.filter((d) -> contract.expected().test(d.metadata()))
				.map(IndexDocument::id)
				.collect(Collectors.toSet());
			StoreQuery query = new StoreQuery(query(0, 3), 40, Double.NEGATIVE_INFINITY, contract.filter(),
					SearchMode.EXHAUSTIVE)
				.withHybrid("passage", HybridParams.of(fusion));
			assertThat(ids(this.store.search(query))).as("%s, %s", fusion, contract.name())
				.containsExactlyInAnyOrderElementsOf(expected);
		}
	}

	@ParameterizedTest
	@EnumSource(value = FusionMode.class, names = { "RRF", "WEIGHTED_SUM" })
	void aDocumentOnlyBm25FindsJoinsTheResultsWithItsExactMaxSim(FusionMode fusion) {
		List<IndexDocument> documents = corpus(30);
		IndexDocument zanzibar = zanzibar(2);
		documents.add(zanzibar);
		this.store.add(documents);
		TokenVectors query = query(0, 4);
		List<SearchHit> late = this.store.search(new StoreQuery(query, 3, Double.NEGATIVE_INFINITY, null,
				SearchMode.EXHAUSTIVE));
		assertThat(ids(late)).doesNotContain(zanzibar.id());

		// an even lexical weight, so that the weighted sum too lets a document only BM25 finds into a top 3
		List<SearchHit> hybrid = this.store.search(StoreQuery.of(query, 3)
			.withHybrid("zanzibar", HybridParams.of(fusion).withLexicalWeight(0.5)));
		// the store's own exact MaxSim (over its compressed vectors, for the embedded store)
		Map<String, Double> exact = this.store.search(new StoreQuery(query, documents.size(), Double.NEGATIVE_INFINITY,
				null, SearchMode.EXHAUSTIVE))
			.stream()
			.collect(Collectors.toMap(SearchHit::id, SearchHit::maxSim));

		assertThat(ids(hybrid)).hasSize(3).contains(zanzibar.id());
		assertThat(hybrid).isSortedAccordingTo(Comparator.comparingDouble(SearchHit::fusedScore).reversed());
		for (SearchHit result : hybrid) {
			IndexDocument original = documents.stream().filter((d) -> d.id().equals(result.id())).findFirst()
				.orElseThrow();
			assertThat(result.maxSim()).as("MaxSim of %s", result.id())
				.isCloseTo(exact.get(result.id()), within(tolerance(query)));
			assertThat(result.score()).isCloseTo(result.maxSim() / query.count(), within(1e-6));
			assertThat(result.lexicalMatch()).as("BM25 score of %s", result.id())
				.isEqualTo(result.id().equals(zanzibar.id()));
			assertThat(result.text()).isEqualTo(original.text());
			assertThat(result.metadata()).isEqualTo(original.metadata());
		}
		assertThat(hybrid.stream().filter(SearchHit::lexicalMatch).findFirst().orElseThrow().lexicalScore())
			.isPositive();
	}

	@Test
	void candidatesModeRanksByExactMaxSim() {
		List<IndexDocument> documents = corpus(30);
		this.store.add(documents);
		TokenVectors query = query(1, 4);
		List<SearchHit> results = this.store.search(StoreQuery.of(query, 5)
			.withHybrid("passage topic", HybridParams.of(FusionMode.CANDIDATES)));
		List<SearchHit> exhaustive = this.store.search(new StoreQuery(query, 5, Double.NEGATIVE_INFINITY, null,
				SearchMode.EXHAUSTIVE));
		// every document matches "passage": the candidates are the whole collection
		assertThat(ids(results)).containsExactlyElementsOf(ids(exhaustive));
		assertThat(results).allSatisfy((r) -> assertThat(r.fusedScore()).isCloseTo(r.score(), within(1e-9)));
	}

	@ParameterizedTest
	@EnumSource(FusionMode.class)
	void deletesAndReplacementsReachTheLexicalSide(FusionMode fusion) {
		List<IndexDocument> documents = corpus(20);
		IndexDocument zanzibar = zanzibar(0);
		documents.add(zanzibar);
		this.store.add(documents);
		assertThat(lexicalIds("zanzibar", fusion)).contains(zanzibar.id());

		this.store.delete(List.of(zanzibar.id()));
		assertThat(lexicalIds("zanzibar", fusion)).isEmpty();

		this.store.add(List.of(zanzibar));
		this.store.delete(new FilterExpressionBuilder().eq("place", "island").build());
		assertThat(lexicalIds("zanzibar", fusion)).isEmpty();

		this.store.add(List.of(zanzibar));
		this.store.add(List.of(new IndexDocument(zanzibar.id(), "now a page about okapis", Map.of(),
				zanzibar.vectors())));
		assertThat(lexicalIds("zanzibar", fusion)).isEmpty();
		assertThat(lexicalIds("okapis", fusion)).containsExactly(zanzibar.id());
	}

	@ParameterizedTest
	@EnumSource(FusionMode.class)
	void theMinimumScoreAppliesToTheNormalizedMaxSim(FusionMode fusion) {
		this.store.add(corpus(20));
		TokenVectors query = query(0, 4);
		List<SearchHit> all = this.store.search(new StoreQuery(query, 20, Double.NEGATIVE_INFINITY, null,
				SearchMode.EXHAUSTIVE).withHybrid("passage", HybridParams.of(fusion)));
		double threshold = all.stream().mapToDouble(SearchHit::score).sorted().skip(10).findFirst().orElseThrow();
		List<SearchHit> above = this.store.search(new StoreQuery(query, 20, threshold, null, SearchMode.EXHAUSTIVE)
			.withHybrid("passage", HybridParams.of(fusion)));
		assertThat(above).isNotEmpty()
			.hasSizeLessThan(all.size())
			.allSatisfy((r) -> assertThat(r.score()).isGreaterThanOrEqualTo(threshold));
	}

	@ParameterizedTest
	@EnumSource(FusionMode.class)
	void aQueryOfStopWordsOnlyFallsBackToLateInteraction(FusionMode fusion) {
		this.store.add(corpus(12));
		TokenVectors query = query(2, 4);
		List<SearchHit> hybrid = this.store.search(new StoreQuery(query, 4, Double.NEGATIVE_INFINITY, null,
				SearchMode.EXHAUSTIVE).withHybrid("the of and", HybridParams.of(fusion)));
		List<SearchHit> late = this.store.search(new StoreQuery(query, 4, Double.NEGATIVE_INFINITY, null,
				SearchMode.EXHAUSTIVE));
		assertThat(ids(hybrid)).containsExactlyElementsOf(ids(late));
		assertThat(hybrid).noneMatch(SearchHit::lexicalMatch);
	}

	@Test
	void anEmptyStoreReturnsNothing() {
		assertThat(this.store.search(StoreQuery.of(query(0, 3), 5).withHybrid("zanzibar",
				HybridParams.of(FusionMode.RRF)))).isEmpty();
	}

	private List<String> lexicalIds(String text, FusionMode fusion) {
		return this.store.search(new StoreQuery(query(3, 3), 30, Double.NEGATIVE_INFINITY, null, SearchMode.EXHAUSTIVE)
			.withHybrid(text, HybridParams.of(fusion)))
			.stream()
			.filter(SearchHit::lexicalMatch)
			.map(SearchHit::id)
			.toList();
	}

	private static List<String> ids(List<SearchHit> results) {
		return results.stream().map(SearchHit::id).toList();
	}

	private static double tolerance(TokenVectors query) {
		return TOLERANCE_PER_QUERY_VECTOR * query.count();
	}

	/** A document about topic {@code topic} whose text alone has the word "zanzibar". */
	private IndexDocument zanzibar(int topic) {
		return new IndexDocument("zanzibar", "A trip to Zanzibar", Map.of("place", "island"),
				around(this.topics[topic], 6, 0.9));
	}

	/** Documents {@code doc-i} about topic {@code i % 4}, texts "Passage i about topic t", {@link FilterContract} metadata. */
	private List<IndexDocument> corpus(int n) {
		List<IndexDocument> documents = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			documents.add(new IndexDocument("doc-" + i, "Passage " + i + " about topic " + (i % TOPICS),
					FilterContract.metadata(i), around(this.topics[i % TOPICS], 3 + this.random.nextInt(8), 0.9)));
		}
		return documents;
	}

	private TokenVectors query(int topic, int count) {
		return around(this.topics[topic], count, 1.0);
	}

	private TokenVectors around(float[] center, int count, double noise) {
		float[] data = new float[count * DIM];
		for (int v = 0; v < count; v++) {
			double norm = 0;
			float[] row = new float[DIM];
			for (int i = 0; i < DIM; i++) {
				row[i] = (float) (center[i] + noise * this.random.nextGaussian() / Math.sqrt(DIM));
				norm += (double) row[i] * row[i];
			}
			for (int i = 0; i < DIM; i++) {
				data[v * DIM + i] = (float) (row[i] / Math.sqrt(norm));
			}
		}
		return TokenVectors.of(data, count, DIM);
	}

	private float[] randomUnit() {
		float[] v = new float[DIM];
		for (int i = 0; i < DIM; i++) {
			v[i] = (float) this.random.nextGaussian();
		}
		return v;
	}

}
