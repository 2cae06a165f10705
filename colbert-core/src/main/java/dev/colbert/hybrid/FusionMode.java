package dev.colbert.hybrid;

import java.util.Locale;

/** How a hybrid search combines BM25 with late interaction. */
public enum FusionMode {

	/**
	 * Reciprocal rank fusion (Cormack et al., SIGIR 2009): {@code sum over both rankings of 1 / (rrfK + rank)}, ranks
	 * from 1; a document missing from a ranking adds nothing. Reported scaled to [0, 1] by its maximum,
	 * {@code 2 / (rrfK + 1)} (first in both rankings).
	 */
	RRF,

	/**
	 * A weighted sum of min-max normalized scores (the convex combination of Bruch et al., TOIS 2023):
	 * {@code lexicalWeight * bm25' + (1 - lexicalWeight) * maxsim'}, each normalized over its own ranking to [0, 1]; a
	 * document missing from a ranking scores 0 there.
	 */
	WEIGHTED_SUM,

	/**
	 * BM25's candidates join PLAID's before exact MaxSim: the result is ranked by exact MaxSim over the union of the
	 * documents PLAID scores exactly and the BM25 top {@code candidates}. Lexical matches can only add recall here;
	 * the order stays late interaction's.
	 */
	CANDIDATES;

	/** The mode for a name: {@code rrf}, {@code weighted-sum} (or {@code sum}), {@code candidates}; any case. */
	public static FusionMode parse(String name) {
		String key = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
		return switch (key) {
			case "rrf" -> RRF;
			case "weighted-sum", "sum" -> WEIGHTED_SUM;
			case "candidates" -> CANDIDATES;
			default -> throw new IllegalArgumentException(
					"Unknown fusion '" + name + "': use rrf, weighted-sum or candidates");
		};
	}

	/** The name {@link #parse} reads: {@code rrf}, {@code weighted-sum}, {@code candidates}. */
	public String externalName() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
