package dev.colbert.index.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import dev.colbert.index.codec.ResidualCodec;

/**
 * One segment's compressed vectors, ready for search: centroid ids and document boundaries in memory, the inverted
 * file (centroid to documents) derived from them, residuals memory-mapped. Immutable and thread-safe.
 *
 * <p>Memory: 4 bytes per vector for the codes, 4 bytes per distinct (centroid, document) pair for the inverted file,
 * 4 bytes per document, and 4 bytes per vector for inverse norms of decompressed vectors, computed when a document is
 * first scored exactly ({@link #inverseNorms(int, ResidualCodec, byte[])}).
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

	private static final VarHandle FLOATS = MethodHandles.arrayElementVarHandle(float[].class);

	/**
	 * 1 / |centroid + bucket weights| per vector; 0 until the document is first scored. A memo: a document's last entry
	 * is written with release semantics after the others and read with acquire semantics, so a reader that sees it set
	 * sees the whole document; concurrent first computations write the same values.
	 */
	private final float[] inverseNorms;

	SegmentVectors(MappedFile file, int[] docStart, int[] codes, int numCentroids, long residualsOffset,
			int bytesPerVector, int maxDocLength) {
		this.file = file;
		this.docStart = docStart;
		this.codes = codes;
		this.numCentroids = numCentroids;
		this.residualsOffset = residualsOffset;
		this.bytesPerVector = bytesPerVector;
		this.maxDocLength = maxDocLength;
		this.inverseNorms = new float[codes.length];
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

	/** The memory-mapped file this reads from (its holders keep it mapped). */
	public MappedFile file() {
		return this.file;
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

	/**
	 * The inverse norms of the document's decompressed (not yet normalized) vectors, {@code 1 / |c + w|}, starting at
	 * {@link #docStart(int)} in the returned array; computed from {@code residuals} (the document's packed residuals)
	 * on first use and remembered.
	 */
	public float[] inverseNorms(int doc, ResidualCodec codec, byte[] residuals) {
		int start = this.docStart[doc];
		int end = this.docStart[doc + 1];
		if (end > start && (float) FLOATS.getAcquire(this.inverseNorms, end - 1) == 0f) {
			int bpv = this.bytesPerVector;
			for (int j = start; j < end; j++) {
				float inverse = codec.inverseNorm(this.codes[j], residuals, (j - start) * bpv);
				if (j < end - 1) {
					this.inverseNorms[j] = inverse;
				}
				else {
					FLOATS.setRelease(this.inverseNorms, j, inverse);
				}
			}
		}
		return this.inverseNorms;
	}

	/** Approximate heap bytes held by this instance. */
	public long memoryBytes() {
		return 4L * (this.docStart.length + 2L * this.codes.length + this.ivfStart.length + this.ivfDocs.length);
	}

}
