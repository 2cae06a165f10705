package dev.colbert.search;

import dev.colbert.index.codec.CentroidScores;
import dev.colbert.index.format.SegmentVectors;

/**
 * PLAID stages 2 and 3: a document's approximate score from its centroid ids alone, {@code sum_i max_j S[code_j, i]},
 * optionally ignoring centroids whose best query score is below the threshold (as colbert/search/filter_pids.cpp).
 *
 * <p>A document left without any centroid reaching the threshold scores {@value #NO_CENTROID} per query vector in the
 * reference, so all such documents tie. Here they keep that offset but are ordered among themselves by their unpruned
 * score, so when fewer than {@code ndocs} candidates reach the threshold (a query far from every centroid) stage 2
 * still keeps the best of the rest. Documents with a reaching centroid are unaffected.
 *
 * <p>Not thread-safe (scratch buffer): one instance per thread.
 */
final class CentroidInteraction {

	static final float NO_CENTROID = -9999f;

	private final ScoringKernels kernels;

	private final float[] scores;

	private final int queryVectors;

	private final int stride;

	private final float[] scratch;

	CentroidInteraction(CentroidScores centroidScores) {
		this(SimdSupport.kernels(), centroidScores);
	}

	CentroidInteraction(ScoringKernels kernels, CentroidScores centroidScores) {
		this.kernels = kernels;
		this.scores = centroidScores.scores();
		this.queryVectors = centroidScores.queryVectors();
		this.stride = centroidScores.stride();
		this.scratch = new float[this.stride];
	}

	/**
	 * @param reaching centroids to consider, or null for all
	 */
	float score(SegmentVectors segment, int doc, boolean[] reaching) {
		int start = segment.docStart(doc);
		int end = start + segment.docLength(doc);
		float score = this.kernels.centroidInteraction(this.scores, this.stride, this.queryVectors, segment.codes(),
				start, end, reaching, NO_CENTROID, this.scratch);
		if (Float.isNaN(score)) {
			// no centroid reaches the threshold
			return this.kernels.centroidInteraction(this.scores, this.stride, this.queryVectors, segment.codes(), start,
					end, null, NO_CENTROID, this.scratch) + NO_CENTROID * this.queryVectors;
		}
		return score;
	}

}
