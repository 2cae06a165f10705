package dev.colbert.opensearch;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch._types.query_dsl.Query;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.search.SearchMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MaxSimSearchRequests}: the shape of PLAID and exhaustive requests.
 */
class MaxSimSearchRequestsTests {

	private static final OpenSearchStoreSettings TOKEN_KNN_DEFAULTS = OpenSearchStoreSettings.builder()
		.candidateGeneration(CandidateGeneration.TOKEN_KNN)
		.build();

	private static final TokenVectors query = TokenVectors.of(new float[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 }, 3, 3);

	private static final Query filter = Query.of((q) -> q.term((t) -> t.field("metadata.color").value((v) -> v
		.stringValue("red"))));

	@Test
	void tokenPlaidRunsOneNestedKnnPerQueryVectorThenRescoresExactly() {
		OpenSearchStoreSettings settings = OpenSearchStoreSettings.builder().indexName("p").candidateGeneration(CandidateGeneration.TOKEN_KNN)
			.candidatesPerQueryVector(50).rescoreWindow(20).efSearch(100).build();
		String json = JsonText.of(new MaxSimSearchRequests(settings).build(query, 5, SearchMode.PLAID, null));
		assertThat(JsonText.occurrences(json, "\"nested\":{\"path\":\"tokens\"")).isEqualTo(3);
		assertThat(JsonText.occurrences(json, "\"score_mode\":\"max\"")).isEqualTo(3);
		assertThat(JsonText.occurrences(json, "\"k\":50")).isEqualTo(3);
		assertThat(JsonText.occurrences(json, "\"ef_search\":100")).isEqualTo(3);
		assertThat(json).contains("\"tokens.vector\":{\"k\":50,\"method_parameters\":{\"ef_search\":100},"
				+ "\"vector\":[1.0,0.0,0.0]")
			.contains("\"rescore\":[{\"query\":{", "\"window_size\":20}]")
			.contains("\"query_weight\":0.0", "\"rescore_query_weight\":1.0", "\"score_mode\":\"total\"")
			.contains("lateInteractionScore(params.query_vectors, 'vectors', params._source, 'cosinesimil')")
			.contains("\"query_vectors\":[[1.0,0.0,0.0],[0.0,1.0,0.0],[0.0,0.0,1.0]]")
			.contains("\"size\":5", "\"includes\":[\"text\",\"metadata\",\"metadata_types\"]")
			.doesNotContain("filter");
	}

	@Test
	void bm25IsAMatchQueryOnTheTextWithTheFilterAsAFilterClause() {
		MaxSimSearchRequests requests = new MaxSimSearchRequests(OpenSearchStoreSettings.builder().indexName("p").candidateGeneration(CandidateGeneration.TOKEN_KNN).build());
		String json = JsonText.of(requests.bm25("foghorn blasts", 30, filter));
		assertThat(json).contains("\"match\":{\"text\":{\"query\":\"foghorn blasts\"}}")
			.contains("\"filter\":[{\"term\":{\"metadata.color\"")
			.contains("\"size\":30", "\"includes\":[\"text\",\"metadata\",\"metadata_types\"]");
		assertThat(JsonText.of(requests.bm25("fog", 5, null))).doesNotContain("filter").contains("\"match\"");
	}

	@Test
	void exactMaxSimOfIdsScoresExactlyThoseDocumentsThatPassTheFilter() {
		MaxSimSearchRequests requests = new MaxSimSearchRequests(OpenSearchStoreSettings.builder().indexName("p").candidateGeneration(CandidateGeneration.TOKEN_KNN).build());
		String json = JsonText.of(requests.exactOfIds(query, java.util.List.of("a", "b"), filter));
		assertThat(json).contains("\"ids\":{\"values\":[\"a\",\"b\"]}", "\"size\":2", "lateInteractionScore")
			.contains("\"term\":{\"metadata.color\"")
			.doesNotContain("rescore");
	}

	@Test
	void everySearchAsksTheClusterToCancelItAfterTheSearchTimeout() {
		OpenSearchStoreSettings settings = OpenSearchStoreSettings.builder().candidateGeneration(CandidateGeneration.TOKEN_KNN).searchTimeout(Duration.ofSeconds(7)).build();
		MaxSimSearchRequests requests = new MaxSimSearchRequests(settings);
		for (SearchMode mode : SearchMode.values()) {
			assertThat(requests.build(query, 5, mode, null).cancelAfterTimeInterval().time()).isEqualTo("7000ms");
		}
		assertThat(requests.candidates(query, 5, null).cancelAfterTimeInterval().time()).isEqualTo("7000ms");
		assertThat(requests.bm25("fog", 5, null).cancelAfterTimeInterval().time()).isEqualTo("7000ms");
		assertThat(requests.exactOfIds(query, java.util.List.of("a"), null).cancelAfterTimeInterval().time())
			.isEqualTo("7000ms");
		OpenSearchStoreSettings unlimited = settings.toBuilder().searchTimeout(Duration.ZERO).build();
		assertThat(new MaxSimSearchRequests(unlimited).build(query, 5, SearchMode.PLAID, null).cancelAfterTimeInterval())
			.isNull();
	}

	@Test
	void rescoreWindowIsAtLeastTopK() {
		OpenSearchStoreSettings settings = OpenSearchStoreSettings.builder().candidateGeneration(CandidateGeneration.TOKEN_KNN).rescoreWindow(10).build();
		String json = JsonText.of(new MaxSimSearchRequests(settings).build(query, 40, SearchMode.PLAID, null));
		assertThat(json).contains("\"window_size\":40").contains("\"size\":40");
	}

	@Test
	void theFilterGoesInsideEveryKnnQueryAndTheCandidateQuery() {
		String json = JsonText.of(new MaxSimSearchRequests(TOKEN_KNN_DEFAULTS).build(query, 5,
				SearchMode.PLAID, filter));
		assertThat(JsonText.occurrences(json, "\"filter\":{\"term\":{\"metadata.color\"")).isEqualTo(3);
		assertThat(json).contains("\"filter\":[{\"term\":{\"metadata.color\"");
	}

	@Test
	void pooledPlaidRunsOneKnnWithTheNormalizedMeanQueryVector() {
		OpenSearchStoreSettings settings = OpenSearchStoreSettings.builder()
			.candidateGeneration(CandidateGeneration.POOLED_KNN).pooledCandidates(300).build();
		String json = JsonText.of(new MaxSimSearchRequests(settings).build(query, 5, SearchMode.PLAID, filter));
		double third = (float) (1 / Math.sqrt(3));
		assertThat(json).contains("\"vector\":[" + third + "," + third + "," + third + "]")
			.contains("\"knn\":{\"pooled_vector\":{")
			.contains("\"k\":300").contains("\"filter\":{\"term\"").doesNotContain("nested");
	}

	@Test
	void exhaustiveScoresEveryFilteredDocumentWithoutKnn() {
		String json = JsonText.of(new MaxSimSearchRequests(TOKEN_KNN_DEFAULTS).build(query, 5,
				SearchMode.EXHAUSTIVE, filter));
		assertThat(json).startsWith("{\"_source\"")
			.contains("\"query\":{\"script_score\":{\"query\":{\"bool\":{\"filter\":[{\"term\":{\"metadata.color\"")
			.doesNotContain("knn").doesNotContain("rescore");
		String all = JsonText.of(new MaxSimSearchRequests(TOKEN_KNN_DEFAULTS).build(query, 5,
				SearchMode.EXHAUSTIVE, null));
		assertThat(all).contains("\"script_score\":{\"query\":{\"match_all\":{}}");
	}

}
