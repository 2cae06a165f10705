package dev.colbert.index.format;

/**
 * A segment as recorded in a commit.
 *
 * @param name segment name (file name prefix)
 * @param docCount documents in the segment, deleted ones included
 * @param vectorCount token vectors in the segment, deleted documents' included
 * @param vectorsFile the {@code .vec} file
 * @param documentsFile the {@code .dst} file
 * @param deletesFile the current {@code .del} file, or null when no document is deleted
 * @param deletedCount deleted documents
 * @param deletedVectors token vectors of the deleted documents
 * @param sourceFile the {@code .src} file of the documents' uncompressed vectors while the index trains its codec
 * adaptively, or null (always null in format version 1)
 */
public record SegmentInfo(String name, int docCount, long vectorCount, FileRef vectorsFile, FileRef documentsFile,
		FileRef deletesFile, int deletedCount, long deletedVectors, FileRef sourceFile) {

	/** This segment without its source vectors. */
	public SegmentInfo withoutSource() {
		return new SegmentInfo(this.name, this.docCount, this.vectorCount, this.vectorsFile, this.documentsFile,
				this.deletesFile, this.deletedCount, this.deletedVectors, null);
	}

}
