package dev.colbert.autoconfigure.store;

import dev.colbert.autoconfigure.PropertyChecks;

/**
 * PLAID search parameters. Unset values follow the reference defaults by top-K: k <= 10: ncells 1, threshold 0.5,
 * ndocs 256; k <= 100: 2, 0.45, 1024; larger: 4, 0.4, max(4k, 4096).
 */
public class PlaidProperties {

	/** Centroids probed per query vector for candidate generation. */
	private Integer ncells;

	/** Centroids whose score with every query vector is below this are pruned in the first ranking stage. */
	private Double centroidScoreThreshold;

	/**
	 * Candidates kept after the approximate stage; a quarter of them are scored exactly. Raised to 4 x top-K for a
	 * query that asks for more documents.
	 */
	private Integer ndocs;

	public Integer getNcells() {
		return this.ncells;
	}

	public void setNcells(Integer ncells) {
		this.ncells = ncells;
	}

	public Double getCentroidScoreThreshold() {
		return this.centroidScoreThreshold;
	}

	public void setCentroidScoreThreshold(Double centroidScoreThreshold) {
		this.centroidScoreThreshold = centroidScoreThreshold;
	}

	public Integer getNdocs() {
		return this.ndocs;
	}

	public void setNdocs(Integer ndocs) {
		this.ndocs = ndocs;
	}

	/** Checks the values that are set. */
	public void validate(PropertyChecks checks) {
		checks.range("ncells", this.ncells, 1, 1 << 24);
		checks.range("ndocs", this.ndocs, 1, Integer.MAX_VALUE);
		checks.between("centroidScoreThreshold", this.centroidScoreThreshold, -1, 1);
	}

}
