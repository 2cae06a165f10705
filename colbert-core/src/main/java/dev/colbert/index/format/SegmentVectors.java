package dev.colbert.index.format;

/**
 * One segment's compressed vectors, ready for search: centroid ids and document boundaries in memory, the inverted
 * file (centroid to documents) derived from them, residuals memory-mapped. Immutable and thread-safe.
 *
 * <p>Memory: 4 bytes per vector for the codes plus 4 bytes per distinct (centroid, document) pair for the inverted
 * file, plus 4 bytes per document.
 */
public final class SegmentVectors {

	private final MappedFile file;

	private final int[] docStart;

	private final int[] codes;

	private final int numCentroids;

	private final int[] ivfStart;

	private final int[] ivfDocs;

	private final long residualsOffset;

	private final int bytesPerVector;

	private final int maxDocLength;

	SegmentVectors(MappedFile file, int[] docStart, int[] codes, int numCentroids, long residualsOffset,
			int bytesPerVector, int maxDocLength) {
		this.file = file;
		this.docStart = docStart;
		this.codes = codes;
		this.numCentroids = numCentroids;
		this.residualsOffset = residualsOffset;
		this.bytesPerVector = bytesPerVector;
		this.maxDocLength = maxDocLength;
		int docCount = docStart.length - 1;
		// inverted file: for every centroid the ascending documents having at least one vector assigned to it
		int[] counts = new int[numCentroids + 1];
		for (int d = 0; d < docCount; d++) {
			int previous = -1;
			for (int j = docStart[d]; j < docStart[d + 1]; j++) {
				int c = codes[j];
				if (c != previous) {
					counts[c + 1]++;
					previous = c;
				}
			}
		}
		for (int c = 0; c < numCentroids; c++) {
			counts[c + 1] += counts[c];
		}
		this.ivfStart = counts.clone();
		int[] fill = counts;
		this.ivfDocs = new int[this.ivfStart[numCentroids]];
		for (int d = 0; d < docCount; d++) {
			int previous = -1;
			for (int j = docStart[d]; j < docStart[d + 1]; j++) {
				int c = codes[j];
				if (c != previous) {
					this.ivfDocs[fill[c]++] = d;
					previous = c;
				}
			}
		}
	}

	public int docCount() {
		return this.docStart.length - 1;
	}

	public int vectorCount() {
		return this.docStart[this.docStart.length - 1];
	}

	public int numCentroids() {
		return this.numCentroids;
	}

	public int maxDocLength() {
		return this.maxDocLength;
	}

	public int bytesPerVector() {
		return this.bytesPerVector;
	}

	/** Index of the document's first vector in {@link #codes()}. */
	public int docStart(int doc) {
		return this.docStart[doc];
	}

	public int docLength(int doc) {
		return this.docStart[doc + 1] - this.docStart[doc];
	}

	/** Centroid ids of all vectors, documents consecutive, each document's ids ascending. Do not modify. */
	public int[] codes() {
		return this.codes;
	}

	/** Start of each centroid's list in {@link #ivfDocs()} ({@code numCentroids + 1} entries). Do not modify. */
	public int[] ivfStart() {
		return this.ivfStart;
	}

	/** Documents per centroid, ascending within each list. Do not modify. */
	public int[] ivfDocs() {
		return this.ivfDocs;
	}

	/** Copies the document's packed residuals into {@code dst[0, docLength * bytesPerVector)}. */
	public void readResiduals(int doc, byte[] dst) {
		long start = this.residualsOffset + (long) this.docStart[doc] * this.bytesPerVector;
		this.file.readBytes(start, dst, 0, docLength(doc) * this.bytesPerVector);
	}

	/** Approximate heap bytes held by this instance. */
	public long memoryBytes() {
		return 4L * (this.docStart.length + this.codes.length + this.ivfStart.length + this.ivfDocs.length);
	}

}
