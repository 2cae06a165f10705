package dev.colbert.opensearch;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import org.opensearch.client.json.JsonData;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.ErrorResponse;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.ScrollRequest;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;
import org.opensearch.client.opensearch.core.search.Rescore;
import org.opensearch.client.opensearch.generic.Bodies;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.Request;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.SearchHit;
import dev.colbert.index.codec.CentroidScores;
import dev.colbert.opensearch.codes.CodeBlob;
import dev.colbert.opensearch.codes.MaxSimScript;
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

	/** How long the cluster keeps an exhaustive scroll between two pages. */
	private static final String SCROLL_KEEP_ALIVE = "1m";

	private final OpenSearchClient client;

	private final OpenSearchStoreSettings settings;

	/** Whether candidates are rescored on the shards; null until the first search decides (AUTO). */
	private volatile Boolean onShards;

	PlaidSearch(OpenSearchClient client, OpenSearchStoreSettings settings) {
		this.client = client;
		this.settings = settings;
		PlaidRescoring rescoring = settings.plaid().rescoring();
		this.onShards = (rescoring == PlaidRescoring.AUTO) ? null : rescoring == PlaidRescoring.SHARDS;
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
		if (rescoresOnShards()) {
			try {
				return shardRescored(codec, query, scores, k, filter);
			}
			catch (OpenSearchException ex) {
				if (this.settings.plaid().rescoring() != PlaidRescoring.AUTO || !lacksPlugin(ex)) {
					throw ex;
				}
				logger.warn("A shard of index '{}' lacks the ColBERT plugin ({}): PLAID candidates are rescored on "
						+ "the client from now on; install {} on every data node and restart the application to "
						+ "rescore on the shards", this.settings.indexName(), ex.getMessage(), MaxSimScript.PLUGIN_NAME);
				this.onShards = false;
			}
		}
		long t0 = System.nanoTime();
		SearchRequest request = candidates(scores, nq, this.settings.plaid().rescored(k), filter);
		CodedHits.Page page = searchCoded(request);
		long t1 = System.nanoTime();
		List<SearchHit> results = best(rescore(codec, scorer, nq, page.hits()), k);
		if (logger.isDebugEnabled()) {
			logger.debug("PLAID search of {} query vectors: {} candidates, engine took {} ms, round trip {} ms, "
					+ "exact rescoring {} ms", nq, page.hits().size(), page.tookMillis(), (t1 - t0) / 1_000_000,
					(System.nanoTime() - t1) / 1_000_000);
		}
		return results;
	}

	/** Whether this search rescores on the shards: settled by the first search in AUTO mode. */
	boolean rescoresOnShards() throws IOException {
		Boolean decided = this.onShards;
		if (decided != null) {
			return decided;
		}
		ShardPluginProbe.Presence presence = ShardPluginProbe.check(this.client);
		if (presence.everywhere()) {
			logger.info("PLAID candidates of index '{}' are rescored on the shards: all {} data nodes have the "
					+ "ColBERT plugin", this.settings.indexName(), presence.dataNodes());
		}
		else {
			logger.info("PLAID candidates of index '{}' are rescored on the client: data nodes {} lack the ColBERT "
					+ "plugin ({}); installing it on every data node saves the transfer of every candidate's codes",
					this.settings.indexName(), presence.without(), MaxSimScript.PLUGIN_NAME);
		}
		this.onShards = presence.everywhere();
		return this.onShards;
	}

	private static boolean lacksPlugin(OpenSearchException ex) {
		String message = String.valueOf(ex.getMessage());
		return message.contains("script_lang not supported") || message.contains("[" + MaxSimScript.LANG + "]");
	}

	/**
	 * PLAID with the exact stage on the shards: the candidate query, and as its {@code rescore} over each shard's best
	 * {@code ndocs / 4} the plugin's score script; the best K come back with MaxSim (plus the script's offset) as
	 * their score.
	 */
	private List<SearchHit> shardRescored(PlaidCodec codec, TokenVectors query, CentroidScores scores, int k,
			Query filter) throws IOException {
		int nq = query.count();
		if (codec.sha256() == null) {
			throw new IllegalStateException("the codec of index '" + this.settings.indexName() + "' has no checksum");
		}
		Map<String, JsonData> params = new LinkedHashMap<>();
		MaxSimScript.params(query.data(), nq, query.dim(), PlaidCodecStore.codecIndex(this.settings.indexName()),
				codec.sha256(), IndexLayout.CODES)
			.forEach((name, value) -> params.put(name, JsonData.of(value)));
		Query exact = Query.of((q) -> q.scriptScore((s) -> s.query((all) -> all.matchAll((m) -> m))
			.script((script) -> script.inline((i) -> i.lang((l) -> l.custom(MaxSimScript.LANG)).source(MaxSimScript.SOURCE)
				.params(params)))));
		int window = this.settings.plaid().rescored(k);
		SearchRequest.Builder request = passages(k).query(candidateQuery(scores, nq, filter))
			.rescore(Rescore.of((r) -> r.windowSize(window)
				.query((q) -> q.rescoreQuery(exact).queryWeight(0f).rescoreQueryWeight(1f))));
		long t0 = System.nanoTime();
		@SuppressWarnings("rawtypes")
		SearchResponse<Map> response = this.client.search(request.build(), Map.class);
		double offset = MaxSimScript.offset(nq);
		List<SearchHit> results = new ArrayList<>(response.hits().hits().size());
		for (Hit<Map> hit : response.hits().hits()) {
			double maxSim = ((hit.score() != null) ? hit.score() : 0) - offset;
			results.add(searchHit(hit.id(), maxSim, nq, (hit.source() != null) ? hit.source() : Map.of()));
		}
		if (logger.isDebugEnabled()) {
			logger.debug("PLAID search of {} query vectors rescored on the shards (window {} per shard): engine took "
					+ "{} ms, round trip {} ms", nq, window, response.took(), (System.nanoTime() - t0) / 1_000_000);
		}
		return best(results, k);
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
		return best(rescore(codec, scorer, nq, searchCoded(request.build()).hits()), ids.size());
	}

	/** The candidate request: stage 2 in the engine, the best {@code size} with their blobs. */
	SearchRequest candidates(CentroidScores scores, int nq, int size, Query filter) {
		return base(size).query(candidateQuery(scores, nq, filter)).build();
	}

	/** Stage 2 as a query: each query vector's probed centroids, boosted by its centroid scores. */
	private Query candidateQuery(CentroidScores scores, int nq, Query filter) {
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
		return Query.of((q) -> q.bool((b) -> {
			b.should(perVector).minimumShouldMatch("1");
			if (filter != null) {
				b.filter(filter);
			}
			return b;
		}));
	}

	/** A search of {@code size} passages with their codes (the client scores them). */
	private SearchRequest.Builder base(int size) {
		return passages(size).docvalueFields((f) -> f.field(IndexLayout.CODES));
	}

	/** A search of {@code size} passages with their text and metadata, within the store's time limit. */
	private SearchRequest.Builder passages(int size) {
		SearchRequest.Builder request = new SearchRequest.Builder().index(this.settings.indexName())
			.size(size)
			.trackTotalHits((t) -> t.enabled(false))
			.source((s) -> s.filter((f) -> f.includes(IndexLayout.TEXT, IndexLayout.METADATA,
					IndexLayout.METADATA_TYPES)));
		MaxSimSearchRequests.limitRunningTime(request, this.settings);
		return request;
	}

	/**
	 * Runs a search whose hits carry code blobs and reads the response as a stream ({@link CodedHits}): the typed
	 * client would map the blobs into JSON values and strings before they could be decoded.
	 * @throws OpenSearchException as the typed client throws it when the cluster answers with an error
	 */
	private CodedHits.Page searchCoded(SearchRequest request) throws IOException {
		return coded("/" + this.settings.indexName() + "/_search", request, null);
	}

	/** A request whose response carries code blobs, read by {@link CodedHits}; {@code scroll} opens a scroll. */
	private CodedHits.Page coded(String endpoint, Object body, String scroll) throws IOException {
		JsonpMapper mapper = this.client._transport().jsonpMapper();
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("filter_path", CodedHits.FILTER_PATH);
		String interval = MaxSimSearchRequests.cancelAfter(this.settings);
		if (interval != null && body instanceof SearchRequest) {
			parameters.put("cancel_after_time_interval", interval);
		}
		if (scroll != null) {
			parameters.put("scroll", scroll);
		}
		Request call = Requests.builder().method("POST").endpoint(endpoint).query(parameters).json(body, mapper).build();
		try (Response response = this.client.generic().execute(call)) {
			Body content = response.getBody().orElseThrow(() -> new IOException("search of index '"
					+ this.settings.indexName() + "' answered HTTP " + response.getStatus() + " without a body"));
			if (response.getStatus() >= 300) {
				throw new OpenSearchException(Bodies.json(content, ErrorResponse._DESERIALIZER, mapper));
			}
			try (InputStream stream = content.body()) {
				return CodedHits.read(stream);
			}
		}
	}

	/** Every filtered passage, page by page through a scroll, the best {@code k} kept. */
	private List<SearchHit> exhaustive(PlaidCodec codec, CompressedMaxSim scorer, int nq, int k, Query filter)
			throws IOException {
		Query all = (filter != null) ? Query.of((q) -> q.bool((b) -> b.filter(filter)))
				: Query.of((q) -> q.matchAll((m) -> m));
		SearchRequest request = base(SCROLL_PAGE).query(all).trackTotalHits((t) -> t.enabled(true)).build();
		CodedHits.Page page = coded("/" + this.settings.indexName() + "/_search", request, SCROLL_KEEP_ALIVE);
		PriorityQueue<SearchHit> best = new PriorityQueue<>(Comparator.comparingDouble(SearchHit::maxSim));
		String scrollId = page.scrollId();
		try {
			long total = (page.total() >= 0) ? page.total() : Long.MAX_VALUE / SCROLL_PAGE;
			// bounded: the passages that matched when the scroll started, page by page, plus one empty page
			for (long pages = 0; pages <= total / SCROLL_PAGE + 1 && !page.hits().isEmpty(); pages++) {
				for (SearchHit hit : rescore(codec, scorer, nq, page.hits())) {
					best.add(hit);
					if (best.size() > k) {
						best.poll();
					}
				}
				if (scrollId == null) {
					throw new IOException("the exhaustive search of index '" + this.settings.indexName()
							+ "' got a page without a scroll id");
				}
				String id = scrollId;
				page = coded("/_search/scroll", ScrollRequest.of((r) -> r.scrollId(id)), SCROLL_KEEP_ALIVE);
				scrollId = (page.scrollId() != null) ? page.scrollId() : scrollId;
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

	/** Exact MaxSim of each hit from its blob and the blob's inverse norms. */
	private static List<SearchHit> rescore(PlaidCodec codec, CompressedMaxSim scorer, int nq,
			List<CodedHits.CodedHit> hits) {
		List<SearchHit> results = new ArrayList<>(hits.size());
		for (CodedHits.CodedHit hit : hits) {
			CodeBlob.Decoded decoded = codec.decode(hit.id(), hit.requireBlob());
			double maxSim = scorer.maxSim(decoded.codes(), 0, decoded.residuals(), decoded.inverseNorms(),
					decoded.length());
			results.add(searchHit(hit.id(), maxSim, nq, hit.source()));
		}
		return results;
	}

	/** A result with its MaxSim and the text and metadata of its {@code _source}. */
	private static SearchHit searchHit(String id, double maxSim, int nq, Map<?, ?> source) {
		Object text = source.get(IndexLayout.TEXT);
		Map<String, Object> metadata = MetadataValues.fromSource(source.get(IndexLayout.METADATA),
				source.get(IndexLayout.METADATA_TYPES));
		return new SearchHit(id, maxSim, maxSim / nq, (text != null) ? text.toString() : "", metadata);
	}

	/** The best {@code k} by MaxSim, best first (ties by id, for a stable order). */
	private static List<SearchHit> best(List<SearchHit> hits, int k) {
		List<SearchHit> sorted = new ArrayList<>(hits);
		sorted.sort(Comparator.comparingDouble(SearchHit::maxSim).reversed().thenComparing(SearchHit::id));
		return (sorted.size() > k) ? new ArrayList<>(sorted.subList(0, k)) : sorted;
	}

}
