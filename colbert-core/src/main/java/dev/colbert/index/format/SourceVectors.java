package dev.colbert.index.format;

import dev.colbert.encoder.TokenVectors;

/**
 * The memory-mapped source vectors of a segment (see {@link SourceVectorsFormat}). Thread-safe.
 */
public final class SourceVectors {

	private final MappedFile file;

	private final SegmentVectors segment;

	private final int dim;

	private final long start;

	SourceVectors(MappedFile file, SegmentVectors segment, int dim, long start) {
		this.file = file;
		this.segment = segment;
		this.dim = dim;
		this.start = start;
	}

	/** The original token vectors of document {@code doc} (token order), at half precision. */
	public TokenVectors vectors(int doc) {
		int length = this.segment.docLength(doc);
		int values = length * this.dim;
		byte[] bytes = new byte[2 * values];
		this.file.readBytes(this.start + 2L * this.segment.docStart(doc) * this.dim, bytes, 0, bytes.length);
		float[] data = new float[values];
		for (int i = 0; i < values; i++) {
			data[i] = HalfFloat.toFloat((short) ((bytes[2 * i] & 0xff) | (bytes[2 * i + 1] << 8)));
		}
		return TokenVectors.of(data, length, this.dim);
	}

	/** The memory-mapped file this reads from (its holders keep it mapped). */
	public MappedFile file() {
		return this.file;
	}

	/** Bytes of the file. */
	public long length() {
		return this.file.length();
	}

}
