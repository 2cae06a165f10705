package dev.colbert.autoconfigure.ai;

import dev.colbert.autoconfigure.PropertyChecks;
import dev.colbert.hybrid.FusionMode;
import dev.colbert.hybrid.HybridParams;

/**
 * Hybrid retrieval ({@code colbert.retriever.hybrid.*}): how BM25 and late interaction are fused when
 * {@code colbert.retriever.mode} is {@code hybrid}, or per query.
 */
public class HybridProperties {

	/**
	 * How BM25 and late interaction are fused: "rrf" (reciprocal rank fusion), "weighted-sum" (a weighted sum of
	 * min-max normalized scores, see lexical-weight) or "candidates" (BM25's candidates join PLAID's before exact
	 * MaxSim; the ranking stays late interaction's).
	 */
	private FusionMode fusion = HybridParams.DEFAULT_FUSION;

	/**
	 * Depth of each ranking that is fused, 1 to 10000: the BM25 top candidates, and as many late-interaction results
	 * (PLAID gives at most those it scores exactly anyway). Bounds the cost of a query: "candidates" fusion scores up
	 * to this many extra documents with exact MaxSim.
	 */
	private int candidates = HybridParams.DEFAULT_CANDIDATES;

	/** The rank constant k of reciprocal rank fusion, 1/(k + rank), at least 1. */
	private int rrfK = HybridParams.DEFAULT_RRF_K;

	/** The weight of BM25 in the "weighted-sum" fusion, 0 to 1 (late interaction gets 1 minus it). */
	private double lexicalWeight = HybridParams.DEFAULT_LEXICAL_WEIGHT;

	public FusionMode getFusion() {
		return this.fusion;
	}

	public void setFusion(FusionMode fusion) {
		this.fusion = fusion;
	}

	public int getCandidates() {
		return this.candidates;
	}

	public void setCandidates(int candidates) {
		this.candidates = candidates;
	}

	public int getRrfK() {
		return this.rrfK;
	}

	public void setRrfK(int rrfK) {
		this.rrfK = rrfK;
	}

	public double getLexicalWeight() {
		return this.lexicalWeight;
	}

	public void setLexicalWeight(double lexicalWeight) {
		this.lexicalWeight = lexicalWeight;
	}

	public HybridParams toParams() {
		return new HybridParams(this.fusion, this.candidates, this.rrfK, this.lexicalWeight);
	}

	/** Checks the fusion and its parameters. */
	public void validate(PropertyChecks checks) {
		checks.require(this.fusion != null, "fusion", "must be rrf, weighted-sum or candidates");
		checks.range("candidates", this.candidates, 1, HybridParams.MAX_CANDIDATES);
		checks.range("rrfK", this.rrfK, 1, 1_000_000);
		checks.between("lexicalWeight", this.lexicalWeight, 0, 1);
	}

}
