package dev.colbert.store;

/** How a store finds its top-K. */
public enum SearchMode {

	/** Approximate candidate generation (PLAID centroid pruning, or the engine's k-NN), then exact MaxSim. */
	PLAID,

	/** Exact MaxSim against every stored document: slow, for verification and small collections. */
	EXHAUSTIVE

}
