package dev.colbert.hybrid;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.Candidates;
import dev.colbert.index.ColbertIndex;
import dev.colbert.index.DocumentFilter;
import dev.colbert.index.SearchHit;
import dev.colbert.lexical.LexicalHit;
import dev.colbert.lexical.LexicalIndex;
import dev.colbert.search.SearchMode;
import dev.colbert.search.SearchParams;

/**
 * Hybrid search over a token-vector index and its lexical index: BM25 beside late interaction, fused.
 *
 * <pre>
 * query text ──► BM25 top {@code candidates} (metadata filter applied in Lucene) ─────────┐
 * query vectors ──► PLAID (or exhaustive) with the parameters for top-K ─────────────────┤
 *                                                                                         ▼
 *   RRF / WEIGHTED_SUM: fuse the two rankings (late interaction: as many of the documents PLAID scores exactly as
 *                       {@code candidates}, at least top-K), keep top-K, and score the kept BM25-only documents
 *                       with exact MaxSim (at most top-K documents, looked up by id)
 *   CANDIDATES:         exact MaxSim of the BM25 candidates PLAID did not return, merged with PLAID's results by
 *                       MaxSim, top-K
 * </pre>
 *
 * Every result carries its exact MaxSim and its BM25 score (when BM25 found it). The cost of a request is bounded by
 * the PLAID search for top-K, one BM25 query for {@code candidates} documents and exact MaxSim for at most
 * {@code candidates} (CANDIDATES) or top-K (the others) further documents. A BM25 candidate that the token-vector
 * index does not hold (deleted there a moment before the lexical commit that follows) is dropped. Thread-safe.
 */
public final class HybridSearcher {

	/** Fused documents beyond top-K looked at, to make up for BM25 candidates the token-vector index no longer holds. */
	private static final int SLACK = 8;

	private final ColbertIndex index;

	private final LexicalIndex lexical;

	public HybridSearcher(ColbertIndex index, LexicalIndex lexical) {
		this.index = Objects.requireNonNull(index, "index");
		this.lexical = Objects.requireNonNull(lexical, "lexical");
	}

	/**
	 * The hybrid top-K, best first.
	 * @param query the query token vectors
	 * @param text the query text (for BM25)
	 * @param params the late-interaction search for top-K ({@code params.k()} is K)
	 * @param filter a metadata filter applied to both sides, or {@code null}
	 * @param hybrid the fusion and its parameters
	 */
	public List<SearchHit> search(TokenVectors query, String text, SearchParams params, DocumentFilter filter,
			HybridParams hybrid) {
		Objects.requireNonNull(query, "query");
		Objects.requireNonNull(text, "text");
		Objects.requireNonNull(params, "params");
		Objects.requireNonNull(hybrid, "hybrid");
		List<LexicalHit> lexicalHits = this.lexical.search(text, hybrid.candidates(), filter);
		Map<String, Float> bm25 = new HashMap<>();
		for (LexicalHit hit : lexicalHits) {
			bm25.putIfAbsent(hit.id(), hit.score());
		}
		return (hybrid.fusion() == FusionMode.CANDIDATES) ? candidates(query, params, filter, lexicalHits, bm25)
				: fused(query, params, filter, hybrid, lexicalHits, bm25);
	}

	private List<SearchHit> candidates(TokenVectors query, SearchParams params, DocumentFilter filter,
			List<LexicalHit> lexicalHits, Map<String, Float> bm25) {
		List<SearchHit> late = this.index.search(query, params, filter);
		Set<String> seen = new LinkedHashSet<>();
		late.forEach((hit) -> seen.add(hit.id()));
		List<String> extra = lexicalHits.stream().map(LexicalHit::id).filter((id) -> !seen.contains(id)).toList();
		List<SearchHit> merged = new ArrayList<>(late);
		merged.addAll(exactMaxSim(query, extra, filter));
		// stable: PLAID's own results first among equal MaxSim
		merged.sort(Comparator.comparingDouble((SearchHit hit) -> -hit.maxSim()));
		List<SearchHit> hits = new ArrayList<>(params.k());
		for (SearchHit hit : merged.subList(0, Math.min(params.k(), merged.size()))) {
			hits.add(hit(hit, bm25, hit.score()));
		}
		return hits;
	}

	private List<SearchHit> fused(TokenVectors query, SearchParams params, DocumentFilter filter, HybridParams hybrid,
			List<LexicalHit> lexicalHits, Map<String, Float> bm25) {
		List<SearchHit> late = this.index.search(query, deeper(params, hybrid.candidates()), filter);
		Map<String, SearchHit> byId = new HashMap<>();
		List<Ranked> lateRanking = new ArrayList<>(late.size());
		for (SearchHit hit : late) {
			byId.put(hit.id(), hit);
			lateRanking.add(new Ranked(hit.id(), hit.maxSim()));
		}
		List<Ranked> lexicalRanking = lexicalHits.stream().map((hit) -> new Ranked(hit.id(), hit.score())).toList();
		List<Ranked> fused = (hybrid.fusion() == FusionMode.RRF)
				? RankFusion.reciprocalRank(lateRanking, lexicalRanking, hybrid.rrfK())
				: RankFusion.weightedSum(lateRanking, lexicalRanking, hybrid.lexicalWeight());
		List<Ranked> head = fused.subList(0, Math.min(fused.size(), params.k() + SLACK));
		List<String> missing = head.stream().map(Ranked::id).filter((id) -> !byId.containsKey(id)).toList();
		for (SearchHit hit : exactMaxSim(query, missing, filter)) {
			byId.put(hit.id(), hit);
		}
		List<SearchHit> hits = new ArrayList<>(params.k());
		for (Ranked ranked : head) {
			SearchHit hit = byId.get(ranked.id());
			if (hit != null && hits.size() < params.k()) {
				hits.add(hit(hit, bm25, ranked.score()));
			}
		}
		return hits;
	}

	/**
	 * The late-interaction search that feeds fusion: {@code max(k, candidates)} documents, for PLAID at most the
	 * {@code ndocs / 4} it scores exactly anyway, with the same candidate generation as the top-K search.
	 */
	static SearchParams deeper(SearchParams params, int candidates) {
		int depth = Math.min(SearchParams.MAX_K, Math.max(params.k(), candidates));
		if (params.mode() == SearchMode.PLAID) {
			depth = Math.max(params.k(), Math.min(depth, params.ndocs() / 4));
		}
		return new SearchParams(depth, params.ncells(), params.centroidScoreThreshold(),
				Math.max(params.ndocs(), 4 * depth), params.mode());
	}

	/** Exact MaxSim of the documents with these ids that the filter accepts (a search restricted to them by id). */
	private List<SearchHit> exactMaxSim(TokenVectors query, List<String> ids, DocumentFilter filter) {
		if (ids.isEmpty()) {
			return List.of();
		}
		Set<String> wanted = Set.copyOf(ids);
		Candidates candidates = (filter != null) ? Candidates.and(Candidates.ids(wanted), filter.candidates())
				: Candidates.ids(wanted);
		DocumentFilter byId = DocumentFilter.withCandidates(candidates,
				(id, metadata) -> wanted.contains(id) && (filter == null || filter.matches(id, metadata)));
		return this.index.search(query, SearchParams.exhaustive(Math.min(wanted.size(), SearchParams.MAX_K)), byId);
	}

	private static SearchHit hit(SearchHit hit, Map<String, Float> bm25, double fusedScore) {
		return new SearchHit(hit.id(), hit.maxSim(), hit.score(), hit.text(), hit.metadata(),
				bm25.getOrDefault(hit.id(), Float.NaN), fusedScore);
	}

}
