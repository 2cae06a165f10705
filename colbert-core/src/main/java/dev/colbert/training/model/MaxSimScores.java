package dev.colbert.training.model;

import ai.djl.ndarray.NDArray;

/**
 * Differentiable MaxSim between padded batches: {@code S(q, d) = sum_i max_j <q_i, d_j>} for every query against every
 * document.
 */
public final class MaxSimScores {

	private static final float PADDING_PENALTY = 1e4f;

	private MaxSimScores() {
	}

	/**
	 * @param queries {@code [B, Lq, dim]} L2-normalized query vectors; padding rows are zero (they add 0 to every
	 * score)
	 * @param documents {@code [N, Ld, dim]} L2-normalized document vectors
	 * @param documentMask {@code [N, Ld]} float, 1 for real document tokens and 0 for padding (never matched)
	 * @return {@code [B, N]} scores
	 */
	public static NDArray scores(NDArray queries, NDArray documents, NDArray documentMask) {
		long batch = queries.getShape().get(0);
		long queryLength = queries.getShape().get(1);
		long dim = queries.getShape().get(2);
		long docs = documents.getShape().get(0);
		long docLength = documents.getShape().get(1);
		if (documents.getShape().get(2) != dim || !documentMask.getShape().equals(documents.getShape().slice(0, 2))) {
			throw new IllegalArgumentException("shapes do not fit: queries " + queries.getShape() + ", documents "
					+ documents.getShape() + ", mask " + documentMask.getShape());
		}
		NDArray similarities = queries.reshape(batch * queryLength, dim)
			.matMul(documents.reshape(docs * docLength, dim).transpose())
			.reshape(batch, queryLength, docs, docLength);
		NDArray penalty = documentMask.sub(1f).mul(PADDING_PENALTY).reshape(1, 1, docs, docLength);
		return similarities.add(penalty).max(new int[] { 3 }).sum(new int[] { 1 });
	}

}
