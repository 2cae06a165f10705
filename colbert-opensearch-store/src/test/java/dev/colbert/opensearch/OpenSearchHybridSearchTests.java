package dev.colbert.opensearch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch._types.query_dsl.Query;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.hybrid.FusionMode;
import dev.colbert.hybrid.HybridParams;
import dev.colbert.index.SearchHit;
import dev.colbert.search.SearchMode;
import dev.colbert.store.StoreQuery;

import static org.assertj.core.api.Assertions.assertThat;

/** Client-side fusion of the OpenSearch store, over a fake engine. */
class OpenSearchHybridSearchTests {

	private static final TokenVectors QUERY = TokenVectors.of(new float[] { 1, 0, 0, 1 }, 2, 2);

	/** MaxSim ranks a > b > c > d > e; BM25 finds z (not in MaxSim's list) and c. */
	private final FakeEngine engine = new FakeEngine();

	@Test
	void rrfFusesBothRankingsAndScoresTheBm25OnlyDocumentsExactly() {
		List<SearchHit> results = search(FusionMode.RRF, 4, SearchMode.PLAID);
		// c: 1/63 + 1/61; a: 1/61; b and z: 1/62 each, the tie to the late-interaction rank
		assertThat(results).extracting(SearchHit::id).containsExactly("c", "a", "b", "z");
		assertThat(results).isSortedAccordingTo(Comparator.comparingDouble(SearchHit::fusedScore).reversed());
		assertThat(results.get(3).maxSim()).isEqualTo(0.5);
		assertThat(results.get(3).lexicalScore()).isEqualTo(9.0);
		assertThat(results.get(1).lexicalMatch()).isFalse();
		assertThat(this.engine.exactRequests).containsExactly(List.of("z"));
		assertThat(this.engine.maxSimSizes).as("depth: min(candidates, rescore window)").containsExactly(4);
	}

	@Test
	void candidatesMergesByExactMaxSim() {
		List<SearchHit> results = search(FusionMode.CANDIDATES, 3, SearchMode.PLAID);
		assertThat(results).extracting(SearchHit::id).containsExactly("a", "b", "c");
		assertThat(this.engine.exactRequests).containsExactly(List.of("z"));
		assertThat(this.engine.maxSimSizes).containsExactly(3);
		assertThat(results).allSatisfy((r) -> assertThat(r.fusedScore()).isEqualTo(r.score()));
	}

	@Test
	void theMinimumScoreAppliesToTheNormalizedMaxSimAndTheFilterReachesEveryRequest() {
		Query filter = Query.of((q) -> q.matchAll((m) -> m));
		StoreQuery query = new StoreQuery(QUERY, 3, 1.5, null, SearchMode.EXHAUSTIVE)
			.withHybrid("text", HybridParams.of(FusionMode.WEIGHTED_SUM).withCandidates(10));
		List<SearchHit> results = new OpenSearchHybridSearch(this.engine, 4).search(query, filter);
		assertThat(results).allSatisfy((r) -> assertThat(r.score()).isGreaterThanOrEqualTo(1.5));
		assertThat(this.engine.filters).hasSize(3).allSatisfy((f) -> assertThat(f).isSameAs(filter));
		assertThat(this.engine.maxSimSizes).as("exhaustive: candidates deep").containsExactly(10);
	}

	private List<SearchHit> search(FusionMode fusion, int topK, SearchMode mode) {
		StoreQuery query = new StoreQuery(QUERY, topK, Double.NEGATIVE_INFINITY, null, mode)
			.withHybrid("text", HybridParams.of(fusion).withCandidates(10));
		return new OpenSearchHybridSearch(this.engine, 4).search(query, null);
	}

	private static SearchHit late(String id, double maxSim) {
		return new SearchHit(id, maxSim, maxSim / 2, "text " + id, Map.of());
	}

	static final class FakeEngine implements OpenSearchHybridSearch.Engine {

		final List<SearchHit> late = List.of(late("a", 4), late("b", 3.5), late("c", 3), late("d", 2),
				late("e", 1));

		final List<Integer> maxSimSizes = new ArrayList<>();

		final List<List<String>> exactRequests = new ArrayList<>();

		final List<Query> filters = new ArrayList<>();

		@Override
		public List<SearchHit> maxSim(TokenVectors query, int size, SearchMode mode, Query filter) {
			this.maxSimSizes.add(size);
			this.filters.add(filter);
			return this.late.subList(0, Math.min(size, this.late.size()));
		}

		@Override
		public List<SearchHit> exactMaxSim(TokenVectors query, List<String> ids, Query filter) {
			this.exactRequests.add(ids);
			this.filters.add(filter);
			List<SearchHit> hits = new ArrayList<>();
			for (String id : ids) {
				hits.add(id.equals("z") ? late("z", 0.5) : this.late.stream().filter((d) -> d.id().equals(id))
					.findFirst()
					.orElseThrow());
			}
			return hits;
		}

		@Override
		public List<SearchHit> bm25(String text, int size, Query filter) {
			this.filters.add(filter);
			return List.of(lexical("c", 12), lexical("z", 9));
		}

		private static SearchHit lexical(String id, double bm25) {
			return new SearchHit(id, Double.NaN, Double.NaN, "text " + id, Map.of(), bm25, bm25);
		}

	}

}
