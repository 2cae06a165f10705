package dev.colbert.training;

import java.util.Locale;

/**
 * The ranking losses a training job can optimize, over the MaxSim scores {@code S(q, d)} of each query against its
 * positive and negatives (and, with in-batch negatives, every other document of the batch).
 */
public enum LossType {

	/** The pairwise ranking (hinge) loss {@code max(0, 1 - S(q,d+) + S(q,d-))}, averaged over all (d+, d-) pairs. */
	PAIRWISE_HINGE,

	/**
	 * N-way cross-entropy with the positive as the label (ColBERTv2), over the query's own documents or, with in-batch
	 * negatives, over every document of the batch.
	 */
	NWAY_CROSS_ENTROPY,

	/**
	 * KL divergence from the teacher's score distribution to the student's over the query's own documents (ColBERTv2
	 * distillation); needs teacher scores in the training data.
	 */
	KL_DISTILLATION;

	/**
	 * Parses {@code pairwise}/{@code hinge}, {@code nway}/{@code cross-entropy}/{@code ce}, {@code kl}/{@code distillation}
	 * or the constant names, case-insensitive.
	 */
	public static LossType parse(String text) {
		String value = (text != null) ? text.strip().toLowerCase(Locale.ROOT).replace('_', '-') : "";
		return switch (value) {
			case "pairwise", "hinge", "pairwise-hinge" -> PAIRWISE_HINGE;
			case "nway", "n-way", "cross-entropy", "ce", "nway-cross-entropy" -> NWAY_CROSS_ENTROPY;
			case "kl", "distillation", "kl-distillation" -> KL_DISTILLATION;
			default -> throw new IllegalArgumentException("loss must be 'pairwise-hinge', 'nway-cross-entropy' or "
					+ "'kl-distillation', was '" + text + "'");
		};
	}

}
