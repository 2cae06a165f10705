package dev.colbert.opensearch;

/**
 * Settings of {@link CandidateGeneration#PLAID}: the residual codec trained on the client and PLAID's search knobs.
 *
 * @param nbits residual bits per dimension of a new codec (1, 2 or 4; the embedded index's default is 2): about
 * {@code dim * nbits / 8 + 2} bytes per token vector in the cluster
 * @param ncells centroids probed per query vector (1 to 1024): each query vector's best {@code ncells} centroids are
 * the inverted lists the engine searches; more finds more candidates at a higher engine cost
 * @param ndocs PLAID's {@code ndocs} (0 to 100,000): the engine ranks the candidates by centroid interaction and the
 * best {@code ndocs / 4} (at least top-K) are rescored with exact MaxSim (per shard, or overall on the client); 0
 * takes the embedded store's value for the query's K (256 up to K 10, 1,024 up to K 100, {@code max(4K, 4096)}
 * beyond)
 * @param rescoring where those candidates are rescored: on the shards with the ColBERT plugin, or on the client
 */
public record OpenSearchPlaidSettings(int nbits, int ncells, int ndocs, PlaidRescoring rescoring) {

	/** Default residual bits per dimension. */
	public static final int DEFAULT_NBITS = 2;

	/** Default centroids probed per query vector. */
	public static final int DEFAULT_NCELLS = 4;

	/** Default {@code ndocs}: 0, by K as the embedded store does. */
	public static final int DEFAULT_NDOCS = 0;

	public OpenSearchPlaidSettings {
		if (nbits != 1 && nbits != 2 && nbits != 4) {
			throw new IllegalArgumentException("plaid nbits must be 1, 2 or 4, was " + nbits);
		}
		if (ncells < 1 || ncells > 1024) {
			throw new IllegalArgumentException("plaid ncells must be between 1 and 1024, was " + ncells);
		}
		if (ndocs < 0 || ndocs > 100_000) {
			throw new IllegalArgumentException("plaid ndocs must be 0 (by K) or between 1 and 100000, was " + ndocs);
		}
		if (rescoring == null) {
			throw new IllegalArgumentException("plaid rescoring must be auto, shards or client, was null");
		}
	}

	/** Rescoring where the cluster allows ({@link PlaidRescoring#AUTO}). */
	public OpenSearchPlaidSettings(int nbits, int ncells, int ndocs) {
		this(nbits, ncells, ndocs, PlaidRescoring.AUTO);
	}

	/** The defaults: 2 bits, 4 cells, ndocs by K, rescoring on the shards where the plugin is installed. */
	public static OpenSearchPlaidSettings defaults() {
		return new OpenSearchPlaidSettings(DEFAULT_NBITS, DEFAULT_NCELLS, DEFAULT_NDOCS, PlaidRescoring.AUTO);
	}

	/** How many of the engine's best candidates are rescored exactly for a top-{@code k} query. */
	int rescored(int k) {
		int n = (this.ndocs > 0) ? this.ndocs : (k <= 10) ? 256 : (k <= 100) ? 1024 : Math.max(4 * k, 4096);
		return Math.max(k, n / 4);
	}

}
