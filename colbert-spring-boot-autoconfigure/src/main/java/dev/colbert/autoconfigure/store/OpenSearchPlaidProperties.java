package dev.colbert.autoconfigure.store;

import dev.colbert.autoconfigure.PropertyChecks;
import dev.colbert.opensearch.OpenSearchPlaidSettings;
import dev.colbert.opensearch.PlaidRescoring;

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
	 * PLAID's ndocs: the best ndocs / 4 candidates by centroid interaction are rescored exactly (per shard, or overall
	 * on the client); 0 takes the embedded store's value for the query's K.
	 */
	private int ndocs = OpenSearchPlaidSettings.DEFAULT_NDOCS;

	/**
	 * Where the candidates are rescored: "shards" (the ColBERT plugin, colbert-opensearch-plugin, on every data node:
	 * only the top K leave the cluster), "client" (the candidates' codes are fetched and scored here), or "auto" (the
	 * shards when every data node has the plugin, else the client).
	 */
	private PlaidRescoring rescoring = PlaidRescoring.AUTO;

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

	public PlaidRescoring getRescoring() {
		return this.rescoring;
	}

	public void setRescoring(PlaidRescoring rescoring) {
		this.rescoring = rescoring;
	}

	public OpenSearchPlaidSettings toSettings() {
		return new OpenSearchPlaidSettings(this.nbits, this.ncells, this.ndocs, this.rescoring);
	}

	/** Checks nbits, ncells, ndocs and rescoring. */
	public void validate(PropertyChecks checks) {
		checks.require(this.rescoring != null, "rescoring", "must be auto, shards or client");
		checks.require(this.nbits == 1 || this.nbits == 2 || this.nbits == 4, "nbits", "must be 1, 2 or 4");
		checks.range("ncells", this.ncells, 1, 1024);
		checks.range("ndocs", this.ndocs, 0, 100_000);
	}

}
