package dev.colbert.search;

import java.util.List;

import dev.colbert.index.codec.CentroidMatrix;
import dev.colbert.index.codec.CentroidScores;
import dev.colbert.index.codec.ResidualCodec;

/**
 * Late-interaction search over one commit's segments, split as FastPlaid splits its search: stage 0 scores the query
 * against every centroid ({@link CentroidScoring}) and builds the query's {@link QueryScorer}, shared by both
 * searchers; then {@link #search} chooses between exact exhaustive scoring ({@link ExhaustiveSearcher}) and PLAID
 * ({@link PlaidSearcher}).
 */
public final class LateInteractionSearch {

	private LateInteractionSearch() {
	}

	/** Stage 0's outcome: the query's scorer over its centroid scores, and the nanoseconds scoring the centroids took. */
	public record Stage0(QueryScorer scorer, long centroidNanos) {

	}

	/** Stage 0: the query's centroid scores (keeping each query vector's top {@code ncells}) and its scorer. */
	public static Stage0 stage0(ResidualCodec codec, CentroidMatrix centroids, float[] query, int nq, int ncells,
			SearchThreads threads) {
		long start = System.nanoTime();
		CentroidScores centroidScores = CentroidScoring.score(centroids, query, nq, ncells, threads);
		long centroidNanos = System.nanoTime() - start;
		QueryScorer scorer = new QueryScorer(codec, query, nq, centroidScores);
		return new Stage0(scorer, centroidNanos);
	}

	/**
	 * The top {@code k}: exhaustive when {@link SearchParams#mode()} asks for it or when a filter leaves at most
	 * {@code ndocs} accepted documents (they are all scored exactly), PLAID over the accepted documents otherwise.
	 * @param filtered whether a filter restricted the segments' accepted documents
	 */
	public static SearchResult search(QueryScorer scorer, List<SearchSegment> segments, boolean filtered,
			SearchParams params, SearchThreads threads) {
		long accepted = 0;
		for (SearchSegment segment : segments) {
			accepted += segment.accepted().count();
		}
		if (params.mode() == SearchMode.EXHAUSTIVE || (filtered && accepted <= params.ndocs())) {
			return ExhaustiveSearcher.search(scorer, segments, params.k(), threads);
		}
		return PlaidSearcher.search(scorer, segments, params, threads);
	}

}
