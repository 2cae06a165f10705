package dev.colbert.autoconfigure.store;

import dev.colbert.autoconfigure.PropertyChecks;
import dev.colbert.opensearch.OpenSearchPlaidSettings;

/**
 * The PLAID layout of the OpenSearch store ({@code colbert.store.opensearch.plaid.*}), used when
 * {@code candidate-generation} is {@code plaid}.
 */
public class OpenSearchPlaidProperties {

	/** Residual bits per dimension of the codec trained for a new index: 1, 2 or 4. */
	private int nbits = OpenSearchPlaidSettings.DEFAULT_NBITS;

	/** Centroids probed per query vector (the inverted lists the engine searches), 1 to 1024. */
	private int ncells = OpenSearchPlaidSettings.DEFAULT_NCELLS;

	/**
	 * PLAID's ndocs: the best ndocs / 4 candidates by centroid interaction are rescored exactly on the client; 0 takes
	 * the embedded store's value for the query's K.
	 */
	private int ndocs = OpenSearchPlaidSettings.DEFAULT_NDOCS;

	public int getNbits() {
		return this.nbits;
	}

	public void setNbits(int nbits) {
		this.nbits = nbits;
	}

	public int getNcells() {
		return this.ncells;
	}

	public void setNcells(int ncells) {
		this.ncells = ncells;
	}

	public int getNdocs() {
		return this.ndocs;
	}

	public void setNdocs(int ndocs) {
		this.ndocs = ndocs;
	}

	public OpenSearchPlaidSettings toSettings() {
		return new OpenSearchPlaidSettings(this.nbits, this.ncells, this.ndocs);
	}

	/** Checks nbits, ncells and ndocs. */
	public void validate(PropertyChecks checks) {
		checks.require(this.nbits == 1 || this.nbits == 2 || this.nbits == 4, "nbits", "must be 1, 2 or 4");
		checks.range("ncells", this.ncells, 1, 1024);
		checks.range("ndocs", this.ndocs, 0, 100_000);
	}

}
