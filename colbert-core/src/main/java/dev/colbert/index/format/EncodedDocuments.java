package dev.colbert.index.format;

/**
 * Compressed documents to write into a segment: per document its centroid ids sorted ascending and the packed
 * residuals in the same order.
 */
public interface EncodedDocuments {

	/** Number of documents. */
	int size();

	/** Number of token vectors of document {@code doc}. */
	int length(int doc);

	/** Copies the document's sorted centroid ids into {@code out[offset...]}. */
	void codes(int doc, int[] out, int offset);

	/** Copies the document's {@code length(doc) * bytesPerVector} residual bytes into {@code out[offset...]}. */
	void residuals(int doc, byte[] out, int offset);

}
