package dev.colbert.opensearch;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.codec.CentroidMatrix;
import dev.colbert.index.codec.CentroidScores;
import dev.colbert.index.codec.CodecTrainingOptions;
import dev.colbert.index.codec.ResidualCodec;
import dev.colbert.search.CentroidScoring;
import dev.colbert.search.SearchThreads;

/**
 * The residual codec of a {@link CandidateGeneration#PLAID} index on the client: compresses documents into the
 * centroid terms and the packed code blob the index holds, reads blobs back, and scores queries against the
 * centroids.
 *
 * <p>Blob of a passage with {@code n} token vectors (base64 in the bulk request, a binary doc value in the index):
 * {@code n} centroid ids ({@link #codeBytes()} bytes each, big-endian: 2 up to 65,536 centroids, else 4), then
 * {@code n} packed residuals of {@link ResidualCodec#bytesPerVector()} bytes in the embedded index's bit layout, then
 * {@code n} inverse norms {@code 1 / |c + w|} of the decompressed vectors (big-endian float32,
 * {@link ResidualCodec#inverseNorm}). The embedded index computes the inverse norms once when it opens a segment; a
 * client rescoring passages fetched from the cluster would compute them for every candidate of every query, so they
 * travel with the codes (4 bytes per vector; about 45% of the client's rescoring time otherwise).
 *
 * <p>Thread-safe; {@link #close()} releases the centroid matrix (native memory) once no call is in flight.
 */
final class PlaidCodec implements AutoCloseable {

	private final ResidualCodec codec;

	private final CentroidMatrix matrix;

	private final int codeBytes;

	/** Bytes of one stored inverse norm. */
	static final int NORM_BYTES = Float.BYTES;

	PlaidCodec(ResidualCodec codec) {
		this.codec = Objects.requireNonNull(codec, "codec");
		this.matrix = CentroidMatrix.of(codec.centroids(), codec.numCentroids(), codec.dim(),
				CodecTrainingOptions.defaults().assignmentProbes());
		this.codeBytes = (codec.numCentroids() <= 65_536) ? 2 : 4;
	}

	ResidualCodec codec() {
		return this.codec;
	}

	/** Bytes of one centroid id in a blob. */
	int codeBytes() {
		return this.codeBytes;
	}

	/** Blob bytes per token vector. */
	int bytesPerVector() {
		return this.codeBytes + this.codec.bytesPerVector() + NORM_BYTES;
	}

	/** The term of a centroid in the centroid-id field. */
	static String term(int centroid) {
		return Integer.toString(centroid);
	}

	/**
	 * Compresses documents' vectors: each vector's nearest centroid (as the embedded index assigns them) and packed
	 * residual.
	 */
	List<Compressed> compress(List<TokenVectors> documents) {
		long total = 0;
		for (TokenVectors vectors : documents) {
			total += vectors.count();
		}
		if (total > Integer.MAX_VALUE / this.codec.dim()) {
			throw new IllegalArgumentException("too many token vectors in one add (" + total + "): split the batch");
		}
		int dim = this.codec.dim();
		float[] all = new float[(int) total * dim];
		int offset = 0;
		for (TokenVectors vectors : documents) {
			System.arraycopy(vectors.data(), 0, all, offset, vectors.count() * dim);
			offset += vectors.count() * dim;
		}
		int[] codes = this.matrix.nearest(all, 0, (int) total);
		List<Compressed> result = new ArrayList<>(documents.size());
		int start = 0;
		int bpv = this.codec.bytesPerVector();
		for (TokenVectors vectors : documents) {
			int n = vectors.count();
			byte[] blob = new byte[n * bytesPerVector()];
			int residualBase = n * this.codeBytes;
			int normBase = residualBase + n * bpv;
			boolean[] seen = new boolean[this.codec.numCentroids()];
			List<String> terms = new ArrayList<>();
			for (int j = 0; j < n; j++) {
				int code = codes[start + j];
				writeCode(blob, j * this.codeBytes, code);
				this.codec.encodeResidual(all, (start + j) * dim, code, blob, residualBase + j * bpv);
				writeFloat(blob, normBase + j * NORM_BYTES, this.codec.inverseNorm(code, blob, residualBase + j * bpv));
				if (!seen[code]) {
					seen[code] = true;
					terms.add(term(code));
				}
			}
			result.add(new Compressed(Base64.getEncoder().encodeToString(blob), terms, n));
			start += n;
		}
		return result;
	}

	/**
	 * Reads a blob back.
	 * @throws IllegalStateException naming the document when the blob does not fit this codec (an index written with
	 * another codec)
	 */
	Decoded decode(String id, byte[] blob) {
		int perVector = bytesPerVector();
		if (blob.length == 0 || blob.length % perVector != 0) {
			throw new IllegalStateException("document '" + id + "': its compressed vectors have " + blob.length
					+ " bytes, not a multiple of the codec's " + perVector + " bytes per vector; the index was written "
					+ "with another codec: reindex it");
		}
		int n = blob.length / perVector;
		int[] codes = new int[n];
		for (int j = 0; j < n; j++) {
			codes[j] = readCode(blob, j * this.codeBytes);
			if (codes[j] >= this.codec.numCentroids()) {
				throw new IllegalStateException("document '" + id + "' refers to centroid " + codes[j]
						+ " but the codec has " + this.codec.numCentroids() + ": the index was written with another "
						+ "codec; reindex it");
			}
		}
		byte[] residuals = new byte[n * this.codec.bytesPerVector()];
		System.arraycopy(blob, n * this.codeBytes, residuals, 0, residuals.length);
		float[] inverseNorms = new float[n];
		int normBase = n * this.codeBytes + residuals.length;
		for (int j = 0; j < n; j++) {
			inverseNorms[j] = readFloat(blob, normBase + j * NORM_BYTES);
			if (!(inverseNorms[j] > 0f) || Float.isInfinite(inverseNorms[j])) {
				throw new IllegalStateException("document '" + id + "': the inverse norm of its vector " + j + " is "
						+ inverseNorms[j] + ", not a positive number: its compressed vectors are damaged or were "
						+ "written by another version of this store; reindex it");
			}
		}
		return new Decoded(codes, residuals, inverseNorms, n);
	}

	/**
	 * The query's centroid scores with the row stride of the search kernels; {@link CentroidScores#topCells(int)}
	 * gives each query vector's best centroids.
	 */
	CentroidScores score(float[] query, int queryVectors) {
		return CentroidScoring.score(this.matrix, query, queryVectors, 1, SearchThreads.single());
	}

	private void writeCode(byte[] blob, int at, int code) {
		if (this.codeBytes == 2) {
			blob[at] = (byte) (code >>> 8);
			blob[at + 1] = (byte) code;
		}
		else {
			blob[at] = (byte) (code >>> 24);
			blob[at + 1] = (byte) (code >>> 16);
			blob[at + 2] = (byte) (code >>> 8);
			blob[at + 3] = (byte) code;
		}
	}

	private static void writeFloat(byte[] blob, int at, float value) {
		int bits = Float.floatToRawIntBits(value);
		blob[at] = (byte) (bits >>> 24);
		blob[at + 1] = (byte) (bits >>> 16);
		blob[at + 2] = (byte) (bits >>> 8);
		blob[at + 3] = (byte) bits;
	}

	private static float readFloat(byte[] blob, int at) {
		return Float.intBitsToFloat(((blob[at] & 0xFF) << 24) | ((blob[at + 1] & 0xFF) << 16)
				| ((blob[at + 2] & 0xFF) << 8) | (blob[at + 3] & 0xFF));
	}

	private int readCode(byte[] blob, int at) {
		if (this.codeBytes == 2) {
			return ((blob[at] & 0xFF) << 8) | (blob[at + 1] & 0xFF);
		}
		return ((blob[at] & 0xFF) << 24) | ((blob[at + 1] & 0xFF) << 16) | ((blob[at + 2] & 0xFF) << 8)
				| (blob[at + 3] & 0xFF);
	}

	@Override
	public void close() {
		this.matrix.close();
	}

	/**
	 * One compressed document.
	 *
	 * @param blob the base64 blob
	 * @param centroidTerms its distinct centroid ids as terms, in first-occurrence order
	 * @param vectors its token vector count
	 */
	record Compressed(String blob, List<String> centroidTerms, int vectors) {

	}

	/**
	 * A blob read back.
	 *
	 * @param codes centroid id per vector
	 * @param residuals packed residuals, {@code bytesPerVector} per vector
	 * @param inverseNorms {@code 1 / |c + w|} per vector
	 * @param length vectors
	 */
	record Decoded(int[] codes, byte[] residuals, float[] inverseNorms, int length) {

	}

}
