package dev.colbert.autoconfigure.actuate;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the {@code colbert} actuator endpoint returns: the token-vector store's index statistics, the encoder's model
 * and the application's query latencies. Values a store type does not know are {@code null} (and written as
 * {@code null}, whatever the application's Jackson inclusion setting).
 *
 * @param store the store type ({@code embedded} or {@code opensearch})
 * @param index the index statistics
 * @param model the encoder's model
 * @param queries searches run since start-up
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ColbertDescriptor(String store, IndexDescriptor index, ModelDescriptor model, QueriesDescriptor queries) {

	/**
	 * Index statistics.
	 *
	 * @param documents live documents
	 * @param tokenVectors live token vectors
	 * @param centroids centroids of the residual codec
	 * @param nbits bits per residual dimension
	 * @param dim token-vector dimension
	 * @param bytesOnDisk bytes the index occupies on disk
	 * @param bytesPerVector bytes per stored token vector
	 * @param compressionRatioVsFp16 size of fp16 vectors divided by the stored size
	 * @param averageDocumentLength average token vectors per document
	 * @param maxDocumentLength most token vectors of one document
	 * @param lastCommit when the index was last committed (ISO-8601)
	 * @param pendingDeletes deletes not yet committed
	 * @param reclusterAdvisable whether the collection outgrew its centroids
	 * @param reclusterReason why a re-cluster is advisable, or {@code null}
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public record IndexDescriptor(Long documents, Long tokenVectors, Integer centroids, Integer nbits, Integer dim,
			Long bytesOnDisk, Double bytesPerVector, Double compressionRatioVsFp16, Double averageDocumentLength,
			Integer maxDocumentLength, String lastCommit, Integer pendingDeletes, Boolean reclusterAdvisable,
			String reclusterReason) {

	}

	/**
	 * The encoder's model.
	 *
	 * @param source where the model was loaded from (the {@code colbert.model} value)
	 * @param backbone the backbone model name
	 * @param dim token-vector dimension
	 * @param fingerprint the encoder fingerprint an index records
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public record ModelDescriptor(String source, String backbone, Integer dim, String fingerprint) {

	}

	/**
	 * Searches (vector-store searches and retrievals) since start-up.
	 *
	 * @param count searches observed
	 * @param meanMs mean latency in milliseconds, {@code null} before the first search
	 * @param p50Ms median latency in milliseconds, {@code null} before the first search
	 * @param p95Ms 95th percentile latency in milliseconds
	 * @param p99Ms 99th percentile latency in milliseconds
	 * @param percentiles where the percentiles come from: {@code micrometer} (the timer's published percentiles) or
	 * {@code last-N} (the last N searches), {@code null} before the first search
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public record QueriesDescriptor(long count, Double meanMs, Double p50Ms, Double p95Ms, Double p99Ms,
			String percentiles) {

	}

}
