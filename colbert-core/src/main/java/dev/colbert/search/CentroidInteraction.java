package dev.colbert.search;

import java.util.Arrays;

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
 */
final class CentroidInteraction {

	static final float NO_CENTROID = -9999f;

	private final float[] scores;

	private final int queryVectors;

	private final float[] accumulator;

	CentroidInteraction(CentroidScores centroidScores) {
		this.scores = centroidScores.scores();
		this.queryVectors = centroidScores.queryVectors();
		this.accumulator = new float[this.queryVectors];
	}

	/**
	 * @param reaching centroids to consider, or null for all
	 */
	float score(SegmentVectors segment, int doc, boolean[] reaching) {
		int[] codes = segment.codes();
		int start = segment.docStart(doc);
		int end = start + segment.docLength(doc);
		int nq = this.queryVectors;
		float[] acc = this.accumulator;
		float[] s = this.scores;
		Arrays.fill(acc, NO_CENTROID);
		int previous = -1;
		boolean any = false;
		for (int j = start; j < end; j++) {
			int code = codes[j];
			if (code == previous || (reaching != null && !reaching[code])) {
				continue;
			}
			previous = code;
			any = true;
			int base = code * nq;
			for (int i = 0; i < nq; i++) {
				float v = s[base + i];
				if (v > acc[i]) {
					acc[i] = v;
				}
			}
		}
		if (!any && reaching != null) {
			return score(segment, doc, null) + NO_CENTROID * nq;
		}
		float total = 0f;
		for (int i = 0; i < nq; i++) {
			total += acc[i];
		}
		return total;
	}

}
