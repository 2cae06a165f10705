package dev.colbert.opensearch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;
import org.opensearch.client.opensearch.core.search.HitsMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.SearchHit;
import dev.colbert.index.codec.CentroidScores;
import dev.colbert.search.CompressedMaxSim;
import dev.colbert.search.SearchMode;

/**
 * Searches a {@link CandidateGeneration#PLAID} index: PLAID's stages split between the engine and the client.
 *
 * <ol>
 * <li>Client: the query's centroid scores ({@link PlaidCodec#score}) and each query vector's best {@code ncells}
 * centroids.</li>
 * <li>Engine, on every shard: one {@code bool} with a {@code dis_max} per query vector over {@code constant_score}
 * {@code term} clauses on its probed centroids, each boosted by {@code 1 + score(query vector, centroid)} (boosts
 * must not be negative; a cosine is at least -1), the metadata filter as the bool's filter and
 * {@code minimum_should_match: 1}. A passage's engine score is thus the sum over query vectors of {@code 1 +} its
 * best probed-centroid score (query vectors none of whose probed centroids the passage has add 0): PLAID's centroid
 * interaction restricted to the probed cells, shifted by a constant per matched query vector. The best
 * {@code ndocs / 4} (at least K) come back with their code blobs ({@code docvalue_fields}).</li>
 * <li>Client: exact MaxSim over the decompressed vectors with the embedded store's kernels ({@link CompressedMaxSim});
 * the best K are returned with that score.</li>
 * </ol>
 * {@link SearchMode#EXHAUSTIVE} scrolls through every (filtered) passage's blob and scores it on the client: for
 * verification and small collections.
 */
final class PlaidSearch {

	private static final Logger logger = LoggerFactory.getLogger(PlaidSearch.class);

	/** The most term clauses one query may hold (OpenSearch's default {@code max_clause_count} is 1024). */
	static final int MAX_TERM_CLAUSES = 1000;

	/** Passages per page of an exhaustive scroll. */
	private static final int SCROLL_PAGE = 500;

	private final OpenSearchClient client;

	private final OpenSearchStoreSettings settings;

	PlaidSearch(OpenSearchClient client, OpenSearchStoreSettings settings) {
		this.client = client;
		this.settings = settings;
	}

	/** The best {@code k} passages by exact MaxSim over their decompressed vectors, PLAID or exhaustive. */
	List<SearchHit> search(PlaidCodec codec, TokenVectors query, int k, SearchMode mode, Query filter)
			throws IOException {
		int nq = query.count();
		CentroidScores scores = codec.score(query.data(), nq);
		CompressedMaxSim scorer = new CompressedMaxSim(codec.codec(), query.data(), nq, scores);
		if (mode == SearchMode.EXHAUSTIVE) {
			return exhaustive(codec, scorer, nq, k, filter);
		}
		long t0 = System.nanoTime();
		SearchRequest request = candidates(scores, nq, this.settings.plaid().rescored(k), filter);
		@SuppressWarnings("rawtypes")
		SearchResponse<Map> response = this.client.search(request, Map.class);
		long t1 = System.nanoTime();
		List<SearchHit> results = best(rescore(codec, scorer, nq, response.hits().hits()), k);
		if (logger.isDebugEnabled()) {
			logger.debug("PLAID search of {} query vectors: {} candidates, engine took {} ms, round trip {} ms, "
					+ "exact rescoring {} ms", nq, response.hits().hits().size(), response.took(),
					(t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
		}
		return results;
	}

	/** Exact MaxSim of the passages with these ids that the filter accepts. */
	List<SearchHit> exactOfIds(PlaidCodec codec, TokenVectors query, List<String> ids, Query filter)
			throws IOException {
		int nq = query.count();
		CentroidScores scores = codec.score(query.data(), nq);
		CompressedMaxSim scorer = new CompressedMaxSim(codec.codec(), query.data(), nq, scores);
		Query byId = Query.of((q) -> q.ids((i) -> i.values(ids)));
		SearchRequest.Builder request = base(ids.size()).query((q) -> q.bool((b) -> {
			b.filter(byId);
			if (filter != null) {
				b.filter(filter);
			}
			return b;
		}));
		return best(rescore(codec, scorer, nq, search(request.build())), ids.size());
	}

	/** The candidate request: stage 2 in the engine, the best {@code size} with their blobs. */
	SearchRequest candidates(CentroidScores scores, int nq, int size, Query filter) {
		if (nq > MAX_TERM_CLAUSES) {
			throw new IllegalArgumentException("the query has " + nq + " vectors; a PLAID search over OpenSearch "
					+ "takes at most " + MAX_TERM_CLAUSES + " (one term clause at least per query vector)");
		}
		// each query vector's cells, fewer when the query would exceed the engine's clause limit
		int cells = Math.max(1, Math.min(Math.min(this.settings.plaid().ncells(), scores.centroids()),
				MAX_TERM_CLAUSES / nq));
		int[] top = scores.topCells(cells);
		float[] matrix = scores.scores();
		int stride = scores.stride();
		List<Query> perVector = new ArrayList<>(nq);
		for (int i = 0; i < nq; i++) {
			List<Query> probed = new ArrayList<>(cells);
			for (int j = 0; j < cells; j++) {
				int centroid = top[i * cells + j];
				float boost = Math.max(0f, 1f + matrix[centroid * stride + i]);
				Query term = Query.of((q) -> q.term((t) -> t.field(IndexLayout.CENTROIDS)
					.value(FieldValue.of(PlaidCodec.term(centroid)))));
				probed.add(Query.of((q) -> q.constantScore((c) -> c.filter(term).boost(boost))));
			}
			perVector.add(Query.of((q) -> q.disMax((d) -> d.queries(probed).tieBreaker(0f))));
		}
		Query query = Query.of((q) -> q.bool((b) -> {
			b.should(perVector).minimumShouldMatch("1");
			if (filter != null) {
				b.filter(filter);
			}
			return b;
		}));
		return base(size).query(query).build();
	}

	private SearchRequest.Builder base(int size) {
		SearchRequest.Builder request = new SearchRequest.Builder().index(this.settings.indexName())
			.size(size)
			.trackTotalHits((t) -> t.enabled(false))
			.source((s) -> s.filter((f) -> f.includes(IndexLayout.TEXT, IndexLayout.METADATA,
					IndexLayout.METADATA_TYPES)))
			.docvalueFields((f) -> f.field(IndexLayout.CODES));
		MaxSimSearchRequests.limitRunningTime(request, this.settings);
		return request;
	}

	@SuppressWarnings("rawtypes")
	private List<Hit<Map>> search(SearchRequest request) throws IOException {
		return this.client.search(request, Map.class).hits().hits();
	}

	/** Every filtered passage, page by page through a scroll, the best {@code k} kept. */
	@SuppressWarnings("rawtypes")
	private List<SearchHit> exhaustive(PlaidCodec codec, CompressedMaxSim scorer, int nq, int k, Query filter)
			throws IOException {
		Query all = (filter != null) ? Query.of((q) -> q.bool((b) -> b.filter(filter)))
				: Query.of((q) -> q.matchAll((m) -> m));
		SearchRequest request = base(SCROLL_PAGE).query(all)
			.trackTotalHits((t) -> t.enabled(true))
			.scroll((t) -> t.time("1m"))
			.build();
		var first = this.client.search(request, Map.class);
		PriorityQueue<SearchHit> best = new PriorityQueue<>(Comparator.comparingDouble(SearchHit::maxSim));
		String scrollId = first.scrollId();
		try {
			HitsMetadata<Map> page = first.hits();
			long total = (page.total() != null) ? page.total().value() : Long.MAX_VALUE / SCROLL_PAGE;
			// bounded: the passages that matched when the scroll started, page by page, plus one empty page
			for (long pages = 0; pages <= total / SCROLL_PAGE + 1 && !page.hits().isEmpty(); pages++) {
				for (SearchHit hit : rescore(codec, scorer, nq, page.hits())) {
					best.add(hit);
					if (best.size() > k) {
						best.poll();
					}
				}
				String id = scrollId;
				var next = this.client.scroll((s) -> s.scrollId(id).scroll((t) -> t.time("1m")), Map.class);
				scrollId = next.scrollId();
				page = next.hits();
			}
		}
		finally {
			if (scrollId != null) {
				String id = scrollId;
				this.client.clearScroll((c) -> c.scrollId(id));
			}
		}
		return best(new ArrayList<>(best), k);
	}

	/** Exact MaxSim of each hit from its blob. */
	@SuppressWarnings("rawtypes")
	private static List<SearchHit> rescore(PlaidCodec codec, CompressedMaxSim scorer, int nq, List<Hit<Map>> hits) {
		List<SearchHit> results = new ArrayList<>(hits.size());
		for (Hit<Map> hit : hits) {
			PlaidCodec.Decoded decoded = codec.decode(hit.id(), blob(hit));
			double maxSim = scorer.maxSim(decoded.codes(), 0, decoded.residuals(), decoded.length());
			Map<?, ?> source = (hit.source() != null) ? hit.source() : Map.of();
			Object text = source.get(IndexLayout.TEXT);
			Map<String, Object> metadata = MetadataValues.fromSource(source.get(IndexLayout.METADATA),
					source.get(IndexLayout.METADATA_TYPES));
			results.add(new SearchHit(hit.id(), maxSim, maxSim / nq, (text != null) ? text.toString() : "", metadata));
		}
		return results;
	}

	@SuppressWarnings("rawtypes")
	private static byte[] blob(Hit<Map> hit) {
		JsonData field = (hit.fields() != null) ? hit.fields().get(IndexLayout.CODES) : null;
		if (field == null) {
			throw new IllegalStateException("document '" + hit.id() + "' has no compressed vectors (field '"
					+ IndexLayout.CODES + "'): it was not written by this store");
		}
		var values = field.toJson().asJsonArray();
		if (values.size() != 1) {
			throw new IllegalStateException("document '" + hit.id() + "' has " + values.size()
					+ " compressed vector blobs, expected 1");
		}
		return Base64.getDecoder().decode(values.getString(0));
	}

	/** The best {@code k} by MaxSim, best first (ties by id, for a stable order). */
	private static List<SearchHit> best(List<SearchHit> hits, int k) {
		List<SearchHit> sorted = new ArrayList<>(hits);
		sorted.sort(Comparator.comparingDouble(SearchHit::maxSim).reversed().thenComparing(SearchHit::id));
		return (sorted.size() > k) ? new ArrayList<>(sorted.subList(0, k)) : sorted;
	}

}
