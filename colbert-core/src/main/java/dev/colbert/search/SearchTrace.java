package dev.colbert.search;

/**
 * What a search did, for diagnostics and benchmarks.
 *
 * @param mode the mode that ran (a filtered PLAID search may fall back to exhaustive)
 * @param ncells centroids probed per query vector (after any widening)
 * @param candidates documents after stage 1 (PLAID) or documents scored (exhaustive)
 * @param exactlyScored documents scored with decompressed residuals
 * @param candidateNanos time of candidate generation (stage 1 without the centroid scores)
 * @param approximateNanos time of stages 2 and 3
 * @param exactNanos time of exact scoring (stage 4, or everything in exhaustive mode)
 */
public record SearchTrace(SearchMode mode, int ncells, int candidates, int exactlyScored, long candidateNanos,
		long approximateNanos, long exactNanos) {

}
