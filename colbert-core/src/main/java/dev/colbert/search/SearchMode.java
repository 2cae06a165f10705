package dev.colbert.search;

/** How a search finds its top-k. */
public enum SearchMode {

	/** PLAID: centroid-based candidate generation and pruning, then exact MaxSim on the survivors. */
	PLAID,

	/** Exact MaxSim against every (accepted) document: for verification and small collections. */
	EXHAUSTIVE

}
