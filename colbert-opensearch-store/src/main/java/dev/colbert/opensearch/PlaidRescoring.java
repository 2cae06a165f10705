package dev.colbert.opensearch;

/**
 * Where a {@link CandidateGeneration#PLAID} search computes exact MaxSim for the engine's best candidates.
 */
public enum PlaidRescoring {

	/**
	 * On the shards when every data node has the ColBERT plugin ({@code colbert-opensearch-plugin}), else on the
	 * client: checked at the first search, and the client takes over (with a warning) if a shard later lacks it.
	 */
	AUTO,

	/**
	 * On the shards, with the plugin's score script as a {@code rescore}: only ids, scores, text and metadata of the top
	 * K leave the cluster. Searches fail, naming the plugin, where a node lacks it.
	 */
	SHARDS,

	/**
	 * On the client: the candidates' code blobs are fetched and scored with the embedded store's kernels. Needs no
	 * plugin; costs the transfer of every candidate's codes.
	 */
	CLIENT

}
