package dev.colbert.opensearch.codes;

import dev.colbert.index.codec.ResidualCodec;

/**
 * The layout of a passage's code blob in a PLAID index on OpenSearch (a binary doc value), written by the store's
 * client and read by the client and by the shard plugin.
 *
 * <p>A passage of {@code n} token vectors: {@code n} centroid ids ({@link #codeBytes} bytes each, big-endian: 2 up to
 * 65,536 centroids, else 4), then {@code n} packed residuals of {@link ResidualCodec#bytesPerVector()} bytes in the
 * embedded index's bit layout, then {@code n} inverse norms {@code 1 / |c + w|} of the decompressed vectors
 * (big-endian float32, {@link ResidualCodec#inverseNorm}). The inverse norms travel with the codes so that a reader
 * rescoring a candidate does not recompute them (about 45% of the rescoring time otherwise).
 */
public final class CodeBlob {

	/** Bytes of one stored inverse norm. */
	public static final int NORM_BYTES = Float.BYTES;

	private CodeBlob() {
	}

	/** Bytes of one centroid id for a codec of {@code numCentroids} centroids. */
	public static int codeBytes(int numCentroids) {
		return (numCentroids <= 65_536) ? 2 : 4;
	}

	/** Blob bytes per token vector under {@code codec}. */
	public static int bytesPerVector(ResidualCodec codec) {
		return codeBytes(codec.numCentroids()) + codec.bytesPerVector() + NORM_BYTES;
	}

	/**
	 * Reads the blob {@code bytes[offset, offset + length)} of document {@code id}.
	 * @throws IllegalStateException naming the document when the blob does not fit this codec (an index written with
	 * another codec, or damaged)
	 */
	public static Decoded decode(ResidualCodec codec, String id, byte[] bytes, int offset, int length) {
		int perVector = bytesPerVector(codec);
		if (length <= 0 || length % perVector != 0 || offset < 0 || offset + length > bytes.length) {
			throw new IllegalStateException("document '" + id + "': its compressed vectors have " + length
					+ " bytes, not a multiple of the codec's " + perVector + " bytes per vector; the index was written "
					+ "with another codec: reindex it");
		}
		int n = length / perVector;
		int codeBytes = codeBytes(codec.numCentroids());
		int[] codes = new int[n];
		for (int j = 0; j < n; j++) {
			codes[j] = readCode(bytes, offset + j * codeBytes, codeBytes);
			if (codes[j] >= codec.numCentroids()) {
				throw new IllegalStateException("document '" + id + "' refers to centroid " + codes[j]
						+ " but the codec has " + codec.numCentroids() + ": the index was written with another "
						+ "codec; reindex it");
			}
		}
		byte[] residuals = new byte[n * codec.bytesPerVector()];
		System.arraycopy(bytes, offset + n * codeBytes, residuals, 0, residuals.length);
		float[] inverseNorms = new float[n];
		int normBase = offset + n * codeBytes + residuals.length;
		for (int j = 0; j < n; j++) {
			inverseNorms[j] = readFloat(bytes, normBase + j * NORM_BYTES);
			if (!(inverseNorms[j] > 0f) || Float.isInfinite(inverseNorms[j])) {
				throw new IllegalStateException("document '" + id + "': the inverse norm of its vector " + j + " is "
						+ inverseNorms[j] + ", not a positive number: its compressed vectors are damaged or were "
						+ "written by another version of this store; reindex it");
			}
		}
		return new Decoded(codes, residuals, inverseNorms, n);
	}

	/** Writes centroid id {@code code} at {@code at} in {@code codeBytes} bytes, big-endian. */
	public static void writeCode(byte[] blob, int at, int code, int codeBytes) {
		if (codeBytes == 2) {
			blob[at] = (byte) (code >>> 8);
			blob[at + 1] = (byte) code;
		}
		else {
			writeInt(blob, at, code);
		}
	}

	/** Writes {@code value} at {@code at}, big-endian float32. */
	public static void writeFloat(byte[] blob, int at, float value) {
		writeInt(blob, at, Float.floatToRawIntBits(value));
	}

	private static void writeInt(byte[] blob, int at, int bits) {
		blob[at] = (byte) (bits >>> 24);
		blob[at + 1] = (byte) (bits >>> 16);
		blob[at + 2] = (byte) (bits >>> 8);
		blob[at + 3] = (byte) bits;
	}

	private static int readCode(byte[] blob, int at, int codeBytes) {
		if (codeBytes == 2) {
			return ((blob[at] & 0xFF) << 8) | (blob[at + 1] & 0xFF);
		}
		return readInt(blob, at);
	}

	private static float readFloat(byte[] blob, int at) {
		return Float.intBitsToFloat(readInt(blob, at));
	}

	private static int readInt(byte[] blob, int at) {
		return ((blob[at] & 0xFF) << 24) | ((blob[at + 1] & 0xFF) << 16) | ((blob[at + 2] & 0xFF) << 8)
				| (blob[at + 3] & 0xFF);
	}

	/**
	 * A blob read back.
	 *
	 * @param codes centroid id per vector
	 * @param residuals packed residuals, {@code bytesPerVector} per vector
	 * @param inverseNorms {@code 1 / |c + w|} per vector
	 * @param length vectors
	 */
	public record Decoded(int[] codes, byte[] residuals, float[] inverseNorms, int length) {

	}

}
