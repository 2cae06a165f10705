package dev.colbert.opensearch;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.colbert.lexical.LexicalSettings;
import dev.colbert.store.StoreStats;

/**
 * The figures of an {@link OpenSearchTokenVectorStore}: its index, its search settings and, when the index exists, the
 * engine's figures for it.
 *
 * @param index the index name
 * @param modelFingerprint the fingerprint of the encoder whose vectors the index holds
 * @param dim token-vector dimension
 * @param candidateGeneration how the engine finds the candidates MaxSim rescores
 * @param candidatesPerQueryVector passages each query vector's k-NN search returns ({@code TOKEN_KNN})
 * @param pooledCandidates passages the pooled k-NN search returns ({@code POOLED_KNN})
 * @param rescoreWindow candidates per shard rescored with exact MaxSim
 * @param lexical the BM25 settings of the index's text field, or {@code null} for an index created before hybrid
 * search
 * @param state the engine's figures for the index, or {@code null} when the index does not exist (yet)
 */
public record OpenSearchStoreDetails(String index, String modelFingerprint, int dim,
		CandidateGeneration candidateGeneration, int candidatesPerQueryVector, int pooledCandidates, int rescoreWindow,
		LexicalSettings lexical, IndexState state) implements StoreStats.Details {

	/**
	 * The engine's figures for an existing index; a figure the engine did not report is {@code null}.
	 *
	 * @param bytesOnDiskWithReplicas bytes of the primaries and the replicas
	 * @param luceneDocuments Lucene documents of the primaries (nested token documents included)
	 * @param pendingDeletes deleted Lucene documents of the primaries not yet merged away
	 * @param segments Lucene segments of the primaries
	 * @param health the index's cluster health ({@code green}, {@code yellow} or {@code red})
	 * @param activeShards active shards
	 * @param unassignedShards unassigned shards
	 */
	public record IndexState(Long bytesOnDiskWithReplicas, Long luceneDocuments, Long pendingDeletes, Integer segments,
			String health, int activeShards, int unassignedShards) {

	}

	/** Whether the index exists. */
	public boolean exists() {
		return this.state != null;
	}

	/** The figures the monitoring views show: the dimension and, when the engine reports them, pending deletes. */
	StoreStats.IndexFigures figures() {
		return new StoreStats.IndexFigures(this.dim, null, null, null, null, null, null, null,
				(this.state != null) ? this.state.pendingDeletes() : null, null, null);
	}

	@Override
	public Map<String, Object> asMap() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("index", this.index);
		details.put("modelFingerprint", this.modelFingerprint);
		details.put("dim", this.dim);
		details.put("candidateGeneration", this.candidateGeneration.name());
		details.put("candidatesPerQueryVector", this.candidatesPerQueryVector);
		details.put("pooledCandidates", this.pooledCandidates);
		details.put("rescoreWindow", this.rescoreWindow);
		details.put("lexical", (this.lexical != null) ? this.lexical.toString()
				: "none (index created before hybrid search)");
		details.put("exists", exists());
		if (this.state != null) {
			if (this.state.bytesOnDiskWithReplicas() != null) {
				details.put("bytesOnDiskWithReplicas", this.state.bytesOnDiskWithReplicas());
			}
			if (this.state.luceneDocuments() != null) {
				details.put("luceneDocuments", this.state.luceneDocuments());
				details.put("pendingDeletes", this.state.pendingDeletes());
			}
			if (this.state.segments() != null) {
				details.put("segments", this.state.segments());
			}
			details.put("health", this.state.health());
			details.put("activeShards", this.state.activeShards());
			details.put("unassignedShards", this.state.unassignedShards());
		}
		return details;
	}

}
