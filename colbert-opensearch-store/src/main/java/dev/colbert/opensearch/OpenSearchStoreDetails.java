package dev.colbert.opensearch;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.colbert.index.codec.CodecTrainer;
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
 * @param codec the PLAID codec in force, or {@code null} for the k-NN layouts and a PLAID index without one yet
 */
public record OpenSearchStoreDetails(String index, String modelFingerprint, int dim,
		CandidateGeneration candidateGeneration, int candidatesPerQueryVector, int pooledCandidates, int rescoreWindow,
		LexicalSettings lexical, IndexState state, CodecState codec) implements StoreStats.Details {

	/**
	 * The PLAID codec in force and whether the collection has outgrown it.
	 *
	 * @param centroids its centroids
	 * @param nbits bits per residual dimension
	 * @param plannedVectors the token vectors it was trained for (its centroid count follows from them)
	 * @param retrainReason why the collection has outgrown it, or {@code null} while it has not
	 */
	public record CodecState(int centroids, int nbits, long plannedVectors, String retrainReason) {

		/**
		 * The codec's state for an index of {@code vectors} token vectors: outgrown beyond {@code growthFactor} times
		 * its planned size, the embedded index's re-clustering rule.
		 */
		static CodecState of(int centroids, int nbits, long plannedVectors, long vectors, double growthFactor) {
			String reason = null;
			if (vectors > growthFactor * plannedVectors) {
				reason = "the PLAID codec was trained for " + plannedVectors + " token vectors (" + centroids
						+ " centroids) and the index now holds " + vectors + " (the reference formula asks for "
						+ CodecTrainer.referenceCentroidCount(vectors) + " centroids), so candidates are coarser "
						+ "than planned; retrain it: build a new index whose codec is trained on a sample of the "
						+ "collection (OpenSearchTokenVectorStore.trainCodec before the first add), add the "
						+ "documents to it and point the application at it";
			}
			return new CodecState(centroids, nbits, plannedVectors, reason);
		}

	}

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

	/**
	 * The figures the monitoring views show: the dimension, the PLAID codec's centroids, bits, bytes per vector and
	 * whether it needs retraining, and, when the engine reports them, pending deletes.
	 * @param tokenVectors the index's token vectors
	 * @param bytes the primaries' bytes on disk, negative when unknown
	 */
	StoreStats.IndexFigures figures(long tokenVectors, long bytes) {
		Integer centroids = (this.codec != null) ? this.codec.centroids() : null;
		Integer nbits = (this.codec != null) ? this.codec.nbits() : null;
		Double bytesPerVector = (this.codec != null && tokenVectors > 0 && bytes > 0) ? (double) bytes / tokenVectors
				: null;
		Double ratio = (bytesPerVector != null) ? 2.0 * this.dim / bytesPerVector : null;
		Boolean retrain = (this.codec != null) ? this.codec.retrainReason() != null : null;
		return new StoreStats.IndexFigures(this.dim, centroids, nbits, bytesPerVector, ratio, null, null, null,
				(this.state != null) ? this.state.pendingDeletes() : null, retrain,
				(this.codec != null) ? this.codec.retrainReason() : null);
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
		if (this.codec != null) {
			details.put("codecCentroids", this.codec.centroids());
			details.put("codecNbits", this.codec.nbits());
			details.put("codecPlannedVectors", this.codec.plannedVectors());
			if (this.codec.retrainReason() != null) {
				details.put("codecRetrainReason", this.codec.retrainReason());
			}
		}
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
