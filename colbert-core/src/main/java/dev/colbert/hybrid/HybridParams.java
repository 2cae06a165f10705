package dev.colbert.hybrid;

import java.util.Objects;

/**
 * Parameters of one hybrid search.
 *
 * @param fusion how the two rankings are combined
 * @param candidates the depth of each ranking that is fused: the BM25 top {@code candidates}, and as many of late
 * interaction's (at least top-K; PLAID gives at most the {@code ndocs / 4} documents it scores exactly, so fusion
 * adds no MaxSim work); 1 to {@value #MAX_CANDIDATES}. Bounds the cost of a request: {@link FusionMode#CANDIDATES}
 * scores up to this many extra documents with exact MaxSim.
 * @param rrfK the rank constant of {@link FusionMode#RRF}, at least 1 (60 in the paper; 20 measured better here)
 * @param lexicalWeight the weight of BM25 in {@link FusionMode#WEIGHTED_SUM}, 0 to 1
 */
public record HybridParams(FusionMode fusion, int candidates, int rrfK, double lexicalWeight) {

	/**
	 * The default fusion: the weighted sum, the best of the three on the validation collections (held-out SQuAD
	 * questions and the Perl FAQ; docs/BENCHMARKS.md, hybrid retrieval).
	 */
	public static final FusionMode DEFAULT_FUSION = FusionMode.WEIGHTED_SUM;

	public static final int MAX_CANDIDATES = 10_000;

	public static final int DEFAULT_CANDIDATES = 100;

	public static final int DEFAULT_RRF_K = 20;

	public static final double DEFAULT_LEXICAL_WEIGHT = 0.2;

	public HybridParams {
		Objects.requireNonNull(fusion, "fusion");
		if (candidates < 1 || candidates > MAX_CANDIDATES) {
			throw new IllegalArgumentException(
					"hybrid candidates must be between 1 and " + MAX_CANDIDATES + ", was " + candidates);
		}
		if (rrfK < 1) {
			throw new IllegalArgumentException("the RRF rank constant must be at least 1, was " + rrfK);
		}
		if (!(lexicalWeight >= 0 && lexicalWeight <= 1)) {
			throw new IllegalArgumentException("the lexical weight must be between 0 and 1, was " + lexicalWeight);
		}
	}

	/** The defaults (100 candidates, RRF constant 20, lexical weight 0.2) with this fusion. */
	public static HybridParams of(FusionMode fusion) {
		return new HybridParams(fusion, DEFAULT_CANDIDATES, DEFAULT_RRF_K, DEFAULT_LEXICAL_WEIGHT);
	}

	public HybridParams withCandidates(int candidates) {
		return new HybridParams(this.fusion, candidates, this.rrfK, this.lexicalWeight);
	}

	public HybridParams withRrfK(int rrfK) {
		return new HybridParams(this.fusion, this.candidates, rrfK, this.lexicalWeight);
	}

	public HybridParams withLexicalWeight(double lexicalWeight) {
		return new HybridParams(this.fusion, this.candidates, this.rrfK, lexicalWeight);
	}

}
