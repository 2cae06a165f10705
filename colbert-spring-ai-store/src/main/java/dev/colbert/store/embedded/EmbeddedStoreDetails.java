package dev.colbert.store.embedded;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.colbert.index.IndexStats;
import dev.colbert.lexical.LexicalIndex;
import dev.colbert.store.StoreStats;

/**
 * The figures of an {@link EmbeddedTokenVectorStore}: its index's and, when it keeps one, its lexical index's.
 *
 * @param index the token-vector index's figures
 * @param lexical the lexical (BM25) index's figures, or {@code null} when the store keeps none
 */
public record EmbeddedStoreDetails(IndexStats index, Lexical lexical) implements StoreStats.Details {

	/**
	 * The lexical index's figures.
	 *
	 * @param documents documents in the lexical index
	 * @param bytes bytes the lexical index occupies on disk
	 * @param generation the token-vector generation the lexical index was last committed with
	 * @param analyzer the analyzer that turns texts into terms
	 */
	public record Lexical(int documents, long bytes, long generation, String analyzer) {

		static Lexical of(LexicalIndex lexical) {
			return new Lexical(lexical.documents(), lexical.sizeInBytes(), lexical.generation(),
					lexical.settings().analyzer());
		}

	}

	/** Bytes on disk: the vector index, the document store, the kept source vectors and the lexical index. */
	long bytesOnDisk() {
		return this.index.indexBytes() + this.index.documentStoreBytes() + this.index.sourceVectorBytes()
				+ ((this.lexical != null) ? this.lexical.bytes() : 0);
	}

	/** The figures the monitoring views show. */
	StoreStats.IndexFigures figures() {
		String reason = this.index.reclusterReason();
		return new StoreStats.IndexFigures(this.index.dim(), this.index.centroids(), this.index.nbits(),
				this.index.bytesPerVector(), this.index.compressionRatioVsFp16(), this.index.averageDocumentLength(),
				this.index.maxDocumentLength(), this.index.lastCommitTime(), (long) this.index.pendingDeletes(),
				this.index.reclusterAdvisable(), (reason != null && !reason.isEmpty()) ? reason : null);
	}

	@Override
	public Map<String, Object> asMap() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("directory", this.index.directory().toString());
		details.put("generation", this.index.generation());
		details.put("lastCommitTime", this.index.lastCommitTime().toString());
		details.put("segments", this.index.segments());
		details.put("centroids", this.index.centroids());
		details.put("nbits", this.index.nbits());
		details.put("dim", this.index.dim());
		details.put("centroidBits", this.index.centroidBits());
		details.put("indexBytes", this.index.indexBytes());
		details.put("documentStoreBytes", this.index.documentStoreBytes());
		details.put("bytesPerVector", this.index.bytesPerVector());
		details.put("compressionRatioVsFp16", this.index.compressionRatioVsFp16());
		details.put("averageDocumentLength", this.index.averageDocumentLength());
		details.put("maxDocumentLength", this.index.maxDocumentLength());
		details.put("deletedDocuments", this.index.deletedDocuments());
		details.put("pendingAdds", this.index.pendingAdds());
		details.put("pendingDeletes", this.index.pendingDeletes());
		details.put("heapBytes", this.index.heapBytes());
		details.put("codecPlannedVectors", this.index.codecPlannedVectors());
		details.put("reclusterAdvisable", this.index.reclusterAdvisable());
		details.put("reclusterReason", this.index.reclusterReason());
		details.put("sourceVectorBytes", this.index.sourceVectorBytes());
		details.put("nextRetrainVectors", this.index.nextRetrainVectors());
		if (this.lexical != null) {
			details.put("lexicalDocuments", this.lexical.documents());
			details.put("lexicalBytes", this.lexical.bytes());
			details.put("lexicalGeneration", this.lexical.generation());
			details.put("lexicalAnalyzer", this.lexical.analyzer());
		}
		return details;
	}

}
