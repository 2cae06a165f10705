package dev.colbert.store;

import java.time.Instant;
import java.util.Map;

/**
 * Counts and sizes of a {@link TokenVectorStore}, typed: the counts every store knows, the index figures a monitoring
 * view shows ({@link IndexFigures}, {@code null} where a store does not know one), and the implementation's own
 * figures ({@code details}, a record of the implementation).
 *
 * @param <D> the implementation's figures: {@code EmbeddedStoreDetails} or {@code OpenSearchStoreDetails}
 * @param type the implementation ({@code embedded} or {@code opensearch})
 * @param documents live documents
 * @param tokenVectors live token vectors
 * @param bytesOnDisk bytes the store occupies on disk (for OpenSearch: primary store size), -1 when unknown
 * @param index the index figures shared by the stores
 * @param details implementation-specific figures (centroids, nbits, pending deletes, last commit, ...)
 */
public record StoreStats<D extends StoreStats.Details>(String type, long documents, long tokenVectors,
		long bytesOnDisk, IndexFigures index, D details) {

	/**
	 * The index figures a monitoring view shows (the actuator {@code colbert} endpoint); each is {@code null} where
	 * the store does not know it (OpenSearch has no centroids, residual bits or commits of its own).
	 *
	 * @param dim token-vector dimension
	 * @param centroids centroids of the residual codec
	 * @param nbits bits per residual dimension
	 * @param bytesPerVector bytes per stored token vector
	 * @param compressionRatioVsFp16 size of fp16 vectors divided by the stored size
	 * @param averageDocumentLength average token vectors per document
	 * @param maxDocumentLength most token vectors of one document
	 * @param lastCommitTime when the index was last committed
	 * @param pendingDeletes deletes not yet committed (OpenSearch: deleted documents not yet merged away)
	 * @param reclusterAdvisable whether the collection outgrew its centroids
	 * @param reclusterReason why a re-cluster is advisable; {@code null} when it is not
	 */
	public record IndexFigures(Integer dim, Integer centroids, Integer nbits, Double bytesPerVector,
			Double compressionRatioVsFp16, Double averageDocumentLength, Integer maxDocumentLength,
			Instant lastCommitTime, Long pendingDeletes, Boolean reclusterAdvisable, String reclusterReason) {

		/** No figure known. */
		public static final IndexFigures UNKNOWN = new IndexFigures(null, null, null, null, null, null, null, null,
				null, null, null);

	}

	/** The figures of one implementation, a record of that implementation. */
	public interface Details {

		/**
		 * Every figure by name, in a fixed order, for views that list them all (the sample application's status,
		 * the evaluation report); code that reads a figure uses the record's accessors.
		 * @return an ordered map of names to numbers, strings and booleans
		 */
		Map<String, Object> asMap();

	}

}
