package dev.colbert.opensearch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.filter.Filter.ExpressionType;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.IndexDocument;
import dev.colbert.index.SearchHit;
import dev.colbert.opensearch.testsupport.LocalOpenSearchCluster;
import dev.colbert.opensearch.testsupport.SharedOpenSearchCluster;
import dev.colbert.search.SearchMode;
import dev.colbert.store.StoreQuery;
import dev.colbert.store.StoreStats;
import dev.colbert.testing.ReferenceMaxSim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

/**
 * OpenSearch-specific behaviour against a real node: exactness of the engine's MaxSim, filtered candidate search,
 * model checks on existing indexes, per-document engine errors, bulk ingestion and metadata details.
 */
@ExtendWith(SharedOpenSearchCluster.class)
class OpenSearchTokenVectorStoreIT {

	private static final AtomicInteger indexCounter = new AtomicInteger();

	private static final double TOLERANCE_PER_QUERY_VECTOR = 1e-4;

	private final LocalOpenSearchCluster cluster;

	private final OpenSearchClient client;

	private final List<OpenSearchTokenVectorStore> stores = new ArrayList<>();

	private final Set<String> indexes = new HashSet<>();

	OpenSearchTokenVectorStoreIT(LocalOpenSearchCluster cluster) {
		this.cluster = cluster;
		this.client = cluster.client();
	}

	@AfterEach
	void cleanUp() throws IOException {
		this.stores.forEach(OpenSearchTokenVectorStore::close);
		for (String index : this.indexes) {
			this.client.indices().delete((d) -> d.index(index).ignoreUnavailable(true));
		}
	}

	private String newIndex() {
		String index = "it-" + indexCounter.incrementAndGet();
		this.indexes.add(index);
		return index;
	}

	private OpenSearchStoreSettings.Builder settings(String index) {
		return OpenSearchStoreSettings.builder()
			.indexName(index)
			.shards(2)
			.replicas(0)
			.candidateGeneration(CandidateGeneration.TOKEN_KNN);
	}

	private OpenSearchTokenVectorStore store(OpenSearchStoreSettings settings, String fingerprint, int dim) {
		this.indexes.add(settings.indexName());
		OpenSearchTokenVectorStore store = OpenSearchTokenVectorStore.builder(this.client)
			.settings(settings)
			.model(fingerprint, dim)
			.build();
		this.stores.add(store);
		return store;
	}

	@Test
	void returnedMaxSimIsExactInBothModesAlsoWhenSimilaritiesAreNegative() {
		SyntheticCorpus corpus = new SyntheticCorpus(7, 64, 6);
		List<IndexDocument> documents = corpus.documents("d", 240, 4, 40, 1.2);
		OpenSearchTokenVectorStore store = store(settings(newIndex()).build(), "fp", 64);
		store.add(documents);
		Map<String, IndexDocument> byId = documents.stream()
			.collect(Collectors.toMap(IndexDocument::id, (d) -> d));
		int recalled = 0;
		int expectedTotal = 0;
		for (int q = 0; q < 12; q++) {
			// Every third query points away from its topic.
			int sign = (q % 3 == 2) ? -1 : 1;
			TokenVectors query = corpus.vectors(q % corpus.topicCount(), 8, 0.8, sign);
			double tolerance = TOLERANCE_PER_QUERY_VECTOR * query.count();
			List<String> exact = SyntheticCorpus.exactTopK(query, documents, 10);

			List<SearchHit> exhaustive = store.search(new StoreQuery(query, 10, Double.NEGATIVE_INFINITY, null,
					SearchMode.EXHAUSTIVE));
			assertThat(exhaustive).hasSize(10);
			for (int rank = 0; rank < 10; rank++) {
				SearchHit result = exhaustive.get(rank);
				assertThat(result.maxSim()).as("query %d rank %d", q, rank)
					.isCloseTo(ReferenceMaxSim.maxSim(query, byId.get(result.id()).vectors()), within(tolerance))
					.isCloseTo(ReferenceMaxSim.maxSim(query, byId.get(exact.get(rank)).vectors()), within(tolerance));
			}

			List<SearchHit> plaid = store.search(StoreQuery.of(query, 10));
			for (SearchHit result : plaid) {
				assertThat(result.maxSim()).isCloseTo(ReferenceMaxSim.maxSim(query, byId.get(result.id()).vectors()),
						within(tolerance));
				assertThat(result.score()).isCloseTo(result.maxSim() / query.count(), within(1e-12));
			}
			recalled += plaid.stream().filter((r) -> exact.contains(r.id())).count();
			expectedTotal += exact.size();
		}
		assertThat((double) recalled / expectedTotal).as("PLAID recall@10 against exhaustive").isGreaterThan(0.9);
	}

	@Test
	void maxSimIsExactWhenEverySimilarityIsNegative() {
		// The engine maps a negative best cosine m to (1 + m) / 2, a positive score: undoing it must give m back.
		SyntheticCorpus corpus = new SyntheticCorpus(37, 32, 2);
		List<IndexDocument> documents = corpus.documents("d", 10, 3, 9, 0.2);
		OpenSearchTokenVectorStore store = store(settings(newIndex()).build(), "fp", 32);
		store.add(documents);
		TokenVectors away = corpus.vectors(0, 5, 0.2, -1);
		Map<String, IndexDocument> byId = documents.stream()
			.collect(Collectors.toMap(IndexDocument::id, (d) -> d));
		for (SearchMode mode : SearchMode.values()) {
			List<SearchHit> results = store.search(new StoreQuery(away, 10, Double.NEGATIVE_INFINITY, null, mode));
			assertThat(results).isNotEmpty();
			for (SearchHit result : results) {
				double exact = ReferenceMaxSim.maxSim(away, byId.get(result.id()).vectors());
				assertThat(result.maxSim()).as("%s %s", mode, result.id())
					.isCloseTo(exact, within(TOLERANCE_PER_QUERY_VECTOR * away.count()));
				if (byId.get(result.id()).metadata().get("topic").equals(0)) {
					assertThat(result.maxSim()).as("MaxSim of a document the query points away from").isLessThan(-2.0);
				}
			}
		}
	}

	@Test
	void filteredPlaidSearchFindsTheBestMatchingDocumentsOutsideTheUnfilteredCandidates() {
		SyntheticCorpus corpus = new SyntheticCorpus(11, 32, 4);
		List<IndexDocument> documents = new ArrayList<>(corpus.documents("d", 300, 5, 12, 0.7));
		// Five rare documents of topic 3; the query is about topic 0, so the rare ones are far from it.
		for (int i = 0; i < 5; i++) {
			documents.add(new IndexDocument("rare-" + i, "rare", Map.of("rare", true), corpus.vectors(3, 6, 0.7, 1)));
		}
		OpenSearchTokenVectorStore store = store(settings(newIndex()).candidatesPerQueryVector(5).build(), "fp", 32);
		store.add(documents);
		TokenVectors query = corpus.vectors(0, 6, 0.5, 1);
		Filter.Expression rare = new FilterExpressionBuilder().eq("rare", true).build();

		List<SearchHit> unfiltered = store.search(StoreQuery.of(query, 10));
		assertThat(unfiltered).noneMatch((r) -> r.id().startsWith("rare"));

		List<SearchHit> filtered = store.search(new StoreQuery(query, 3, Double.NEGATIVE_INFINITY, rare,
				SearchMode.PLAID));
		List<SearchHit> exhaustive = store.search(new StoreQuery(query, 3, Double.NEGATIVE_INFINITY, rare,
				SearchMode.EXHAUSTIVE));
		assertThat(filtered).extracting(SearchHit::id)
			.containsExactlyElementsOf(exhaustive.stream().map(SearchHit::id).toList())
			.allMatch((id) -> id.startsWith("rare-"));
	}

	@Test
	void anExistingIndexOfAnotherModelDimensionOrLayoutIsRefused() throws IOException {
		String index = newIndex();
		store(settings(index).build(), "model-a", 16);
		assertThatIllegalStateException().isThrownBy(() -> store(settings(index).build(), "model-b", 16))
			.withMessageContaining("index '" + index + "' holds vectors of model model-a, but the configured encoder"
					+ " is model-b");
		assertThatIllegalStateException().isThrownBy(() -> store(settings(index).build(), "model-a", 32))
			.withMessageContaining("holds 16-dimensional vectors, the configured encoder produces 32");
		assertThatIllegalStateException()
			.isThrownBy(() -> store(settings(index).candidateGeneration(CandidateGeneration.POOLED_KNN).build(),
					"model-a", 16))
			.withMessageContaining("was created for candidate generation TOKEN_KNN");

		String foreign = newIndex();
		this.client.indices().create((c) -> c.index(foreign));
		assertThatIllegalStateException().isThrownBy(() -> store(settings(foreign).build(), "model-a", 16))
			.withMessageContaining("index '" + foreign + "' exists but was not created by this store");
	}

	@Test
	void aStoreReopenedWithTheSameModelServesTheExistingDocuments() {
		SyntheticCorpus corpus = new SyntheticCorpus(3, 16, 3);
		List<IndexDocument> documents = corpus.documents("d", 20, 3, 8, 0.8);
		String index = newIndex();
		store(settings(index).build(), "fp", 16).add(documents);
		OpenSearchTokenVectorStore reopened = store(settings(index).build(), "fp", 16);
		assertThat(reopened.stats().documents()).isEqualTo(20);
		TokenVectors query = corpus.vectors(1, 4, 0.5, 1);
		assertThat(reopened.search(StoreQuery.of(query, 3))).extracting(SearchHit::id)
			.containsExactlyElementsOf(SyntheticCorpus.exactTopK(query, documents, 3));
	}

	@Test
	void documentsTheEngineRefusesAreReportedByIdAndTheOthersAreStored() {
		SyntheticCorpus corpus = new SyntheticCorpus(5, 16, 2);
		OpenSearchTokenVectorStore store = store(settings(newIndex()).build(), "fp", 16);
		store.add(List.of(new IndexDocument("first", "t", Map.of("year", 2020), corpus.vectors(0, 3, 0.5, 1))));
		List<IndexDocument> batch = List.of(
				new IndexDocument("ok-1", "t", Map.of("year", 2021), corpus.vectors(0, 3, 0.5, 1)),
				new IndexDocument("bad", "t", Map.of("year", "two thousand"), corpus.vectors(0, 3, 0.5, 1)),
				new IndexDocument("ok-2", "t", Map.of("year", 2022), corpus.vectors(1, 3, 0.5, 1)));
		assertThatExceptionOfType(OpenSearchStoreException.class).isThrownBy(() -> store.add(batch))
			.withMessageContaining("add: 1 of 3 documents failed")
			.withMessageContaining("'bad': status 400 mapper_parsing_exception")
			.satisfies((ex) -> assertThat(ex.failures()).containsOnlyKeys("bad"));
		List<SearchHit> all = store.search(new StoreQuery(corpus.vectors(0, 2, 0.5, 1), 10,
				Double.NEGATIVE_INFINITY, null, SearchMode.EXHAUSTIVE));
		assertThat(all).extracting(SearchHit::id).containsExactlyInAnyOrder("first", "ok-1", "ok-2");
	}

	@Test
	void anIndexDeletedUnderTheStoreIsRecreatedByTheNextAdd() throws IOException {
		SyntheticCorpus corpus = new SyntheticCorpus(9, 16, 2);
		String index = newIndex();
		OpenSearchTokenVectorStore store = store(settings(index).build(), "fp", 16);
		store.add(corpus.documents("a", 3, 2, 4, 0.5));
		this.client.indices().delete((d) -> d.index(index));
		assertThat(store.search(StoreQuery.of(corpus.vectors(0, 2, 0.5, 1), 3))).isEmpty();
		assertThat(store.stats().documents()).isZero();
		store.add(corpus.documents("b", 4, 2, 4, 0.5));
		assertThat(store.stats().documents()).isEqualTo(4);
		String mapping = JsonText.of(this.client.indices().getMapping((m) -> m.index(index)).result().get(index));
		assertThat(mapping).contains("\"model_fingerprint\":\"fp\"").contains("knn_vector");
	}

	@Test
	void manySmallBulkRequestsInFlightStoreEveryDocument() {
		SyntheticCorpus corpus = new SyntheticCorpus(13, 24, 5);
		List<IndexDocument> documents = corpus.documents("d", 150, 2, 30, 0.9);
		OpenSearchTokenVectorStore store = store(settings(newIndex()).bulkDocuments(7).maxInFlightBulkRequests(3)
			.build(), "fp", 24);
		store.add(documents);
		StoreStats<OpenSearchStoreDetails> stats = store.stats();
		assertThat(stats.documents()).isEqualTo(150);
		assertThat(stats.tokenVectors()).isEqualTo(documents.stream().mapToLong((d) -> d.vectors().count()).sum());
		assertThat(stats.bytesOnDisk()).isPositive();
		assertThat(stats.type()).isEqualTo("opensearch");
		assertThat(stats.details().asMap()).containsEntry("health", "green")
			.containsEntry("candidateGeneration", "TOKEN_KNN")
			.containsEntry("dim", 24)
			.containsKeys("segments", "luceneDocuments");
	}

	@Test
	void everyRefreshPolicyMakesDocumentsVisible() throws IOException {
		SyntheticCorpus corpus = new SyntheticCorpus(17, 16, 2);
		OpenSearchTokenVectorStore waitFor = store(settings(newIndex()).refreshPolicy(RefreshPolicy.WAIT_FOR).build(),
				"fp", 16);
		waitFor.add(corpus.documents("w", 5, 2, 4, 0.5));
		assertThat(waitFor.search(StoreQuery.of(corpus.vectors(0, 2, 0.5, 1), 10))).hasSize(5);

		String index = newIndex();
		OpenSearchTokenVectorStore none = store(settings(index).refreshPolicy(RefreshPolicy.NONE).build(), "fp", 16);
		none.add(corpus.documents("n", 5, 2, 4, 0.5));
		this.client.indices().refresh((r) -> r.index(index));
		assertThat(none.search(StoreQuery.of(corpus.vectors(0, 2, 0.5, 1), 10))).hasSize(5);
	}

	@Test
	void metadataKeepsJavaTypesThatJsonLoses() {
		SyntheticCorpus corpus = new SyntheticCorpus(19, 16, 2);
		OpenSearchTokenVectorStore store = store(settings(newIndex()).build(), "fp", 16);
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("float", 0.1f);
		metadata.put("short", (short) 7);
		metadata.put("byte", (byte) -3);
		metadata.put("longs", List.of(1L, 2L));
		metadata.put("author.name", "Mann");
		store.add(List.of(new IndexDocument("typed", "t", metadata, corpus.vectors(0, 3, 0.5, 1))));
		SearchHit result = store.search(StoreQuery.of(corpus.vectors(0, 2, 0.5, 1), 1)).get(0);
		assertThat(result.metadata()).isEqualTo(metadata);
		assertThat(store.search(new StoreQuery(corpus.vectors(0, 2, 0.5, 1), 1, Double.NEGATIVE_INFINITY,
				new FilterExpressionBuilder().eq("author.name", "Mann").build(), SearchMode.PLAID))).hasSize(1);
	}

	@Test
	void filtersOnListsMissingKeysAndStringRanges() {
		SyntheticCorpus corpus = new SyntheticCorpus(23, 16, 2);
		OpenSearchTokenVectorStore store = store(settings(newIndex()).build(), "fp", 16);
		store.add(List.of(
				new IndexDocument("a", "t", Map.of("tags", List.of("x", "y"), "name", "alpha"),
						corpus.vectors(0, 2, 0.5, 1)),
				new IndexDocument("b", "t", Map.of("tags", List.of("y", "z"), "name", "beta"),
						corpus.vectors(0, 2, 0.5, 1)),
				new IndexDocument("c", "t", Map.of("name", "gamma"), corpus.vectors(0, 2, 0.5, 1))));
		FilterExpressionBuilder b = new FilterExpressionBuilder();
		assertThat(ids(store, b.eq("tags", "x").build())).containsExactlyInAnyOrder("a");
		assertThat(ids(store, b.eq("tags", "y").build())).containsExactlyInAnyOrder("a", "b");
		assertThat(ids(store, b.ne("tags", "x").build())).containsExactlyInAnyOrder("b", "c");
		assertThat(ids(store, b.nin("tags", "x", "z").build())).containsExactlyInAnyOrder("c");
		assertThat(ids(store, new Filter.Expression(ExpressionType.ISNULL, new Filter.Key("tags"))))
			.containsExactlyInAnyOrder("c");
		assertThat(ids(store, new Filter.Expression(ExpressionType.ISNOTNULL, new Filter.Key("tags"))))
			.containsExactlyInAnyOrder("a", "b");
		assertThat(ids(store, b.lt("name", "b").build())).containsExactlyInAnyOrder("a");
		assertThat(ids(store, b.gte("name", "beta").build())).containsExactlyInAnyOrder("b", "c");
		assertThat(ids(store, b.eq("unknown", "x").build())).isEmpty();
		assertThat(ids(store, b.ne("unknown", "x").build())).containsExactlyInAnyOrder("a", "b", "c");
	}

	private static List<String> ids(OpenSearchTokenVectorStore store, Filter.Expression filter) {
		TokenVectors query = TokenVectors.of(unit(16), 1, 16);
		return store.search(new StoreQuery(query, 10, Double.NEGATIVE_INFINITY, filter, SearchMode.EXHAUSTIVE))
			.stream()
			.map(SearchHit::id)
			.toList();
	}

	@Test
	void pooledCandidateGenerationServesExactMaxSimToo() {
		SyntheticCorpus corpus = new SyntheticCorpus(29, 32, 4);
		List<IndexDocument> documents = corpus.documents("d", 80, 3, 20, 0.8);
		OpenSearchTokenVectorStore store = store(settings(newIndex()).candidateGeneration(CandidateGeneration.POOLED_KNN)
			.build(), "fp", 32);
		store.add(documents);
		Map<String, IndexDocument> byId = documents.stream()
			.collect(Collectors.toMap(IndexDocument::id, (d) -> d));
		TokenVectors query = corpus.vectors(2, 6, 0.6, 1);
		List<SearchHit> results = store.search(StoreQuery.of(query, 5));
		assertThat(results).hasSize(5);
		for (SearchHit result : results) {
			assertThat(result.maxSim()).isCloseTo(ReferenceMaxSim.maxSim(query, byId.get(result.id()).vectors()),
					within(TOLERANCE_PER_QUERY_VECTOR * query.count()));
		}
		assertThat(store.stats().details().candidateGeneration()).isEqualTo(CandidateGeneration.POOLED_KNN);
	}

	@Test
	void queriesWithTheWrongDimensionOrUnnormalizedVectorsAreRefused() {
		OpenSearchTokenVectorStore store = store(settings(newIndex()).build(), "fp", 16);
		float[] twice = unit(16);
		twice[0] = 2f;
		assertThatIllegalArgumentException().isThrownBy(() -> store.search(StoreQuery.of(TokenVectors.of(twice, 1, 16),
				3)))
			.withMessageStartingWith("the query: token vector 0 has L2 norm 2.0");
		assertThatIllegalArgumentException().isThrownBy(() -> store.search(StoreQuery.of(TokenVectors.of(unit(8), 1, 8),
				3)))
			.withMessage("the query: token vectors have 8 dimensions, the store holds 16-dimensional vectors");
	}

	@Test
	void aStoreBuiltFromConnectionSettingsOwnsAndClosesItsClient() {
		String index = newIndex();
		OpenSearchTokenVectorStore store = OpenSearchTokenVectorStore.builder(this.cluster.connectionSettings())
			.settings(settings(index).build())
			.model("fp", 8)
			.build();
		store.add(List.of(new IndexDocument("x", "t", Map.of(), TokenVectors.of(unit(8), 1, 8))));
		assertThat(store.stats().documents()).isEqualTo(1);
		store.close();
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(store::stats);
	}

	private static float[] unit(int dim) {
		float[] v = new float[dim];
		v[0] = 1f;
		return v;
	}

}
