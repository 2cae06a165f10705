package dev.colbert.opensearch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.opensearch.client.opensearch._types.query_dsl.Query;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.hybrid.FusionMode;
import dev.colbert.hybrid.HybridParams;
import dev.colbert.hybrid.RankFusion;
import dev.colbert.hybrid.Ranked;
import dev.colbert.index.SearchHit;
import dev.colbert.search.SearchMode;
import dev.colbert.store.StoreQuery;

/**
 * Hybrid search on OpenSearch, fused on the client with the arithmetic of the embedded store
 * ({@link RankFusion}): the engine answers a BM25 query on the text field and the MaxSim query, both with the filter
 * inside, and this class fuses them.
 *
 * <pre>
 * RRF / WEIGHTED_SUM: MaxSim top max(topK, min(candidates, rescoreWindow)) (the documents the engine rescored with
 *                     exact MaxSim) + BM25 top candidates, fused; the BM25-only documents among the fused top-K get
 *                     their exact MaxSim from one more request (script_score over their ids)
 * CANDIDATES:         MaxSim top-K + exact MaxSim of the BM25 top candidates the first did not return, merged by
 *                     MaxSim
 * </pre>
 */
final class OpenSearchHybridSearch {

	/** The requests the engine answers. */
	interface Engine {

		/** MaxSim top {@code size}, best first (exact MaxSim within the rescore window). */
		List<SearchHit> maxSim(TokenVectors query, int size, SearchMode mode, Query filter);

		/** Exact MaxSim of the documents with these ids that the filter accepts, any order. */
		List<SearchHit> exactMaxSim(TokenVectors query, List<String> ids, Query filter);

		/** BM25 top {@code size} over the text, best first; {@code lexicalScore} set, MaxSim not. */
		List<SearchHit> bm25(String text, int size, Query filter);

	}

	private static final int SLACK = 8;

	private final Engine engine;

	private final int rescoreWindow;

	OpenSearchHybridSearch(Engine engine, int rescoreWindow) {
		this.engine = engine;
		this.rescoreWindow = rescoreWindow;
	}

	List<SearchHit> search(StoreQuery query, Query filter) {
		HybridParams hybrid = query.hybrid();
		List<SearchHit> lexical = this.engine.bm25(query.text(), hybrid.candidates(), filter);
		Map<String, Double> bm25 = new HashMap<>();
		lexical.forEach((hit) -> bm25.putIfAbsent(hit.id(), hit.lexicalScore()));
		List<SearchHit> results = (hybrid.fusion() == FusionMode.CANDIDATES)
				? candidates(query, filter, lexical, bm25) : fused(query, filter, lexical, bm25);
		return results.stream().filter((hit) -> hit.score() >= query.minScore()).toList();
	}

	private List<SearchHit> candidates(StoreQuery query, Query filter, List<SearchHit> lexical,
			Map<String, Double> bm25) {
		List<SearchHit> late = this.engine.maxSim(query.vectors(), query.topK(), query.mode(), filter);
		Set<String> seen = new LinkedHashSet<>();
		late.forEach((hit) -> seen.add(hit.id()));
		List<String> extra = lexical.stream().map(SearchHit::id).filter((id) -> !seen.contains(id)).distinct()
			.toList();
		List<SearchHit> merged = new ArrayList<>(late);
		if (!extra.isEmpty()) {
			merged.addAll(this.engine.exactMaxSim(query.vectors(), extra, filter));
		}
		merged.sort(Comparator.comparingDouble((SearchHit hit) -> -hit.maxSim()));
		List<SearchHit> results = new ArrayList<>(query.topK());
		for (SearchHit hit : merged.subList(0, Math.min(query.topK(), merged.size()))) {
			results.add(withScores(hit, bm25, hit.score()));
		}
		return results;
	}

	private List<SearchHit> fused(StoreQuery query, Query filter, List<SearchHit> lexical,
			Map<String, Double> bm25) {
		HybridParams hybrid = query.hybrid();
		int depth = Math.max(query.topK(), (query.mode() == SearchMode.PLAID)
				? Math.min(hybrid.candidates(), this.rescoreWindow) : hybrid.candidates());
		List<SearchHit> late = this.engine.maxSim(query.vectors(), depth, query.mode(), filter);
		Map<String, SearchHit> byId = new HashMap<>();
		List<Ranked> lateRanking = new ArrayList<>(late.size());
		for (SearchHit hit : late) {
			if (byId.putIfAbsent(hit.id(), hit) == null) {
				lateRanking.add(new Ranked(hit.id(), hit.maxSim()));
			}
		}
		List<Ranked> lexicalRanking = lexical.stream().map((hit) -> new Ranked(hit.id(), hit.lexicalScore())).toList();
		List<Ranked> fused = (hybrid.fusion() == FusionMode.RRF)
				? RankFusion.reciprocalRank(lateRanking, lexicalRanking, hybrid.rrfK())
				: RankFusion.weightedSum(lateRanking, lexicalRanking, hybrid.lexicalWeight());
		List<Ranked> head = fused.subList(0, Math.min(fused.size(), query.topK() + SLACK));
		List<String> missing = head.stream().map(Ranked::id).filter((id) -> !byId.containsKey(id)).toList();
		if (!missing.isEmpty()) {
			for (SearchHit hit : this.engine.exactMaxSim(query.vectors(), missing, filter)) {
				byId.putIfAbsent(hit.id(), hit);
			}
		}
		List<SearchHit> results = new ArrayList<>(query.topK());
		for (Ranked ranked : head) {
			SearchHit hit = byId.get(ranked.id());
			if (hit != null && results.size() < query.topK()) {
				results.add(withScores(hit, bm25, ranked.score()));
			}
		}
		return results;
	}

	private static SearchHit withScores(SearchHit hit, Map<String, Double> bm25, double fused) {
		return new SearchHit(hit.id(), hit.maxSim(), hit.score(), hit.text(), hit.metadata(),
				bm25.getOrDefault(hit.id(), Double.NaN), fused);
	}

}
