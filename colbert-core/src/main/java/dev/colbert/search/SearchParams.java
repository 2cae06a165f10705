package dev.colbert.search;

import java.util.Objects;

/**
 * Parameters of one search.
 *
 * @param k number of documents to return, 1 to {@value #MAX_K}
 * @param ncells PLAID stage 1: centroids probed per query vector, at least 1 (capped at the centroid count)
 * @param centroidScoreThreshold PLAID stage 2: centroids whose best query score is below this are ignored, in [-1, 1]
 * @param ndocs PLAID stage 2 keeps the best {@code ndocs} candidates and stage 3 the best {@code ndocs / 4}; at least
 * {@code 4 * k}
 * @param mode PLAID or exhaustive
 */
public record SearchParams(int k, int ncells, float centroidScoreThreshold, int ndocs, SearchMode mode) {

	/** Largest supported k. */
	public static final int MAX_K = 100_000;

	public SearchParams {
		Objects.requireNonNull(mode, "mode");
		if (k < 1 || k > MAX_K) {
			throw new IllegalArgumentException("k must be between 1 and " + MAX_K + ", was " + k);
		}
		if (ncells < 1) {
			throw new IllegalArgumentException("ncells must be at least 1, was " + ncells);
		}
		if (!(centroidScoreThreshold >= -1f && centroidScoreThreshold <= 1f)) {
			throw new IllegalArgumentException(
					"centroidScoreThreshold must be between -1 and 1 (a cosine), was " + centroidScoreThreshold);
		}
		if (ndocs < 4L * k) {
			throw new IllegalArgumentException("ndocs must be at least 4 x k = " + 4L * k
					+ " so that stage 3 keeps k documents, was " + ndocs);
		}
	}

	/**
	 * The reference defaults by k (colbert/searcher.py): k <= 10: ncells 1, threshold 0.5, ndocs 256; k <= 100: 2,
	 * 0.45, 1024; larger: 4, 0.4, max(4k, 4096).
	 */
	public static SearchParams forK(int k) {
		if (k < 1 || k > MAX_K) {
			throw new IllegalArgumentException("k must be between 1 and " + MAX_K + ", was " + k);
		}
		if (k <= 10) {
			return new SearchParams(k, 1, 0.5f, 256, SearchMode.PLAID);
		}
		if (k <= 100) {
			return new SearchParams(k, 2, 0.45f, 1024, SearchMode.PLAID);
		}
		return new SearchParams(k, 4, 0.4f, Math.max(4 * k, 4096), SearchMode.PLAID);
	}

	/** Exact MaxSim over every document. */
	public static SearchParams exhaustive(int k) {
		return forK(k).withMode(SearchMode.EXHAUSTIVE);
	}

	public SearchParams withMode(SearchMode mode) {
		return new SearchParams(this.k, this.ncells, this.centroidScoreThreshold, this.ndocs, mode);
	}

	public SearchParams withNcells(int ncells) {
		return new SearchParams(this.k, ncells, this.centroidScoreThreshold, this.ndocs, this.mode);
	}

	public SearchParams withCentroidScoreThreshold(float threshold) {
		return new SearchParams(this.k, this.ncells, threshold, this.ndocs, this.mode);
	}

	public SearchParams withNdocs(int ndocs) {
		return new SearchParams(this.k, this.ncells, this.centroidScoreThreshold, ndocs, this.mode);
	}

}
