package dev.colbert.opensearch;

import java.util.ArrayList;
import java.util.List;

import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.query_dsl.ChildScoreMode;
import org.opensearch.client.opensearch._types.query_dsl.KnnQuery;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.opensearch.client.opensearch.core.search.Rescore;
import org.opensearch.client.opensearch.core.search.ScoreMode;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.search.SearchMode;

/**
 * Builds the search request of a MaxSim top-K query.
 *
 * <pre>
 * PLAID, TOKEN_KNN:   bool { should: one nested k-NN query per query vector on tokens.vector (k candidatesPerQueryVector,
 *                            the filter inside each k-NN query), filter: the filter }
 *                     ranked by the sum of each query vector's best similarity among its k-NN hits, then
 *                     rescore { window: max(rescoreWindow, topK) per shard, exact MaxSim with lateInteractionScore,
 *                               query_weight 0 }
 * PLAID, POOLED_KNN:  k-NN query on pooled_vector with the normalized mean query vector (k pooledCandidates, filter
 *                     inside), then the same rescore
 * EXHAUSTIVE:         script_score { bool { filter: the filter } or match_all, lateInteractionScore }
 * </pre>
 *
 * The filter is applied inside the k-NN queries (Lucene's filtered HNSW search, exact when the filter is selective),
 * so the candidates are the best matching documents, not the best documents afterwards filtered.
 */
final class MaxSimSearchRequests {

	private final OpenSearchStoreSettings settings;

	MaxSimSearchRequests(OpenSearchStoreSettings settings) {
		this.settings = settings;
	}

	SearchRequest build(TokenVectors queryVectors, int topK, SearchMode mode, Query filter) {
		float[][] rows = TokenVectorChecks.rows(queryVectors);
		Query exact = exactMaxSim(rows, (filter != null) ? Query.of((q) -> q.bool((b) -> b.filter(filter)))
				: Query.of((q) -> q.matchAll((m) -> m)));
		SearchRequest.Builder request = new SearchRequest.Builder().index(this.settings.indexName())
			.size(topK)
			.trackTotalHits((t) -> t.enabled(false))
			.source((s) -> s.filter((f) -> f.includes(IndexLayout.TEXT, IndexLayout.METADATA, IndexLayout.METADATA_TYPES)));
		limitRunningTime(request);
		if (mode == SearchMode.EXHAUSTIVE) {
			return request.query(exact).build();
		}
		Query candidates = (this.settings.candidateGeneration() == CandidateGeneration.TOKEN_KNN)
				? tokenCandidates(rows, filter) : pooledCandidates(queryVectors, filter);
		int window = Math.max(this.settings.rescoreWindow(), topK);
		Query rescore = exactMaxSim(rows, Query.of((q) -> q.matchAll((m) -> m)));
		return request.query(candidates)
			.rescore(Rescore.of((r) -> r.windowSize(window)
				.query((q) -> q.rescoreQuery(rescore)
					.queryWeight(0f)
					.rescoreQueryWeight(1f)
					.scoreMode(ScoreMode.Total))))
			.build();
	}

	/**
	 * The candidate stage alone, without exact rescoring: the best {@code size} passages by the first-stage score, ids
	 * only. For tuning {@code candidatesPerQueryVector}, {@code pooledCandidates} and {@code rescoreWindow}.
	 */
	SearchRequest candidates(TokenVectors queryVectors, int size, Query filter) {
		float[][] rows = TokenVectorChecks.rows(queryVectors);
		Query candidates = (this.settings.candidateGeneration() == CandidateGeneration.TOKEN_KNN)
				? tokenCandidates(rows, filter) : pooledCandidates(queryVectors, filter);
		SearchRequest.Builder request = new SearchRequest.Builder().index(this.settings.indexName())
			.size(size)
			.trackTotalHits((t) -> t.enabled(false))
			.source((s) -> s.fetch(false))
			.query(candidates);
		limitRunningTime(request);
		return request.build();
	}

	/**
	 * Exact MaxSim ({@code lateInteractionScore}) of the documents with these ids that the filter accepts: a
	 * script_score over an {@code ids} query, as many hits as ids.
	 */
	SearchRequest exactOfIds(TokenVectors queryVectors, List<String> ids, Query filter) {
		float[][] rows = TokenVectorChecks.rows(queryVectors);
		Query byId = Query.of((q) -> q.ids((i) -> i.values(ids)));
		Query documents = Query.of((q) -> q.bool((b) -> {
			b.filter(byId);
			if (filter != null) {
				b.filter(filter);
			}
			return b;
		}));
		SearchRequest.Builder request = new SearchRequest.Builder().index(this.settings.indexName())
			.size(ids.size())
			.trackTotalHits((t) -> t.enabled(false))
			.source((s) -> s.filter((f) -> f.includes(IndexLayout.TEXT, IndexLayout.METADATA, IndexLayout.METADATA_TYPES)))
			.query(exactMaxSim(rows, documents));
		limitRunningTime(request);
		return request.build();
	}

	/**
	 * BM25 over the text field: a {@code match} query of the query text (its analysed terms as SHOULD clauses, a
	 * repeated term counted as often as it occurs), the filter as a filter clause, the best {@code size}.
	 */
	SearchRequest bm25(String text, int size, Query filter) {
		Query match = Query.of((q) -> q.match((m) -> m.field(IndexLayout.TEXT).query(FieldValue.of(text))));
		Query query = (filter == null) ? match : Query.of((q) -> q.bool((b) -> b.must(match).filter(filter)));
		SearchRequest.Builder request = new SearchRequest.Builder().index(this.settings.indexName())
			.size(size)
			.trackTotalHits((t) -> t.enabled(false))
			.source((s) -> s.filter((f) -> f.includes(IndexLayout.TEXT, IndexLayout.METADATA, IndexLayout.METADATA_TYPES)))
			.query(query);
		limitRunningTime(request);
		return request.build();
	}

	/** {@code cancel_after_time_interval}: the cluster cancels the search's tasks when it runs longer. */
	private void limitRunningTime(SearchRequest.Builder request) {
		limitRunningTime(request, this.settings);
	}

	/** {@code cancel_after_time_interval} from the settings' search timeout, unless it is zero. */
	static void limitRunningTime(SearchRequest.Builder request, OpenSearchStoreSettings settings) {
		String interval = cancelAfter(settings);
		if (interval != null) {
			request.cancelAfterTimeInterval((t) -> t.time(interval));
		}
	}

	/** The {@code cancel_after_time_interval} of the settings' search timeout, {@code null} when it is zero. */
	static String cancelAfter(OpenSearchStoreSettings settings) {
		return settings.searchTimeout().isZero() ? null : settings.searchTimeout().toMillis() + "ms";
	}

	private static Query exactMaxSim(float[][] rows, Query documents) {
		return Query.of((q) -> q.scriptScore((s) -> s.query(documents)
			.script((script) -> script.inline((i) -> i.source(LateInteractionScores.SCRIPT)
				.params(LateInteractionScores.QUERY_VECTORS_PARAM, JsonData.of(rows))))));
	}

	private Query tokenCandidates(float[][] rows, Query filter) {
		List<Query> perVector = new ArrayList<>(rows.length);
		for (float[] row : rows) {
			KnnQuery knn = knn(IndexLayout.TOKEN_VECTOR_PATH, row, this.settings.candidatesPerQueryVector(), filter);
			perVector.add(Query.of((q) -> q.nested((n) -> n.path(IndexLayout.TOKENS)
				.scoreMode(ChildScoreMode.Max)
				.query((inner) -> inner.knn(knn)))));
		}
		return Query.of((q) -> q.bool((b) -> {
			b.should(perVector).minimumShouldMatch("1");
			if (filter != null) {
				b.filter(filter);
			}
			return b;
		}));
	}

	private Query pooledCandidates(TokenVectors queryVectors, Query filter) {
		KnnQuery knn = knn(IndexLayout.POOLED_VECTOR, TokenVectorChecks.normalizedMean(queryVectors),
				this.settings.pooledCandidates(), filter);
		return Query.of((q) -> q.knn(knn));
	}

	private KnnQuery knn(String field, float[] vector, int k, Query filter) {
		List<Float> values = new ArrayList<>(vector.length);
		for (float v : vector) {
			values.add(v);
		}
		return KnnQuery.of((knn) -> {
			knn.field(field).vector(values).k(k);
			if (filter != null) {
				knn.filter(filter);
			}
			if (this.settings.efSearch() > 0) {
				knn.methodParameters("ef_search", JsonData.of(this.settings.efSearch()));
			}
			return knn;
		});
	}

}
