package dev.colbert.index;

import java.nio.file.Path;
import java.time.Instant;

/**
 * Figures of an index at its last commit (plus the uncommitted changes), for monitoring.
 *
 * @param directory the index directory
 * @param generation commit generation
 * @param lastCommitTime when the last commit was made
 * @param documents live (committed, not deleted) documents
 * @param tokenVectors token vectors of live documents
 * @param segments segments in the commit
 * @param centroids centroids of the codec (0 before the first vectors are committed)
 * @param nbits residual bits per dimension
 * @param dim vector dimension
 * @param centroidBits bits per stored centroid coordinate
 * @param indexBytes bytes on disk of the vector index: codec, vectors, tombstones and commit files
 * @param documentStoreBytes bytes on disk of stored ids, texts and metadata
 * @param bytesPerVector {@code indexBytes / tokenVectors}
 * @param compressionRatioVsFp16 {@code 2 * dim / bytesPerVector}
 * @param averageDocumentLength average token vectors per live document
 * @param maxDocumentLength most token vectors in a live document
 * @param deletedDocuments committed deletes still occupying space (reclaimed by merges and {@code compact()})
 * @param pendingAdds documents added but not committed
 * @param pendingDeletes documents deleted but not committed
 * @param heapBytes approximate heap held for search (codes, inverted files, centroids, ids and metadata excluded)
 * @param modelFingerprint the encoder fingerprint recorded in the index
 * @param codecPlannedVectors the collection size the centroid count was planned for
 * @param reclusterAdvisable whether the collection outgrew its centroids
 * @param reclusterReason why a re-cluster is advisable, or an empty string
 * @param sourceVectorBytes bytes on disk of the original vectors kept for adaptive codec training (not part of
 * {@code indexBytes}; 0 once the index has outgrown {@code IndexSettings.adaptiveTrainingMaxVectors})
 * @param nextRetrainVectors the live token vector count at which a commit retrains the codec automatically, or 0 when
 * it no longer will
 */
public record IndexStats(Path directory, long generation, Instant lastCommitTime, long documents, long tokenVectors,
		int segments, int centroids, int nbits, int dim, int centroidBits, long indexBytes, long documentStoreBytes,
		double bytesPerVector, double compressionRatioVsFp16, double averageDocumentLength, int maxDocumentLength,
		long deletedDocuments, int pendingAdds, int pendingDeletes, long heapBytes, String modelFingerprint,
		long codecPlannedVectors, boolean reclusterAdvisable, String reclusterReason, long sourceVectorBytes,
		long nextRetrainVectors) {

}
