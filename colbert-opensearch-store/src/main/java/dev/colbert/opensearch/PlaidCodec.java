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
import dev.colbert.opensearch.codes.CodeBlob;
import dev.colbert.search.CentroidScoring;
import dev.colbert.search.SearchThreads;

/**
 * The residual codec of a {@link CandidateGeneration#PLAID} index on the client: compresses documents into the
 * centroid terms and the packed code blob the index holds, reads blobs back, and scores queries against the
 * centroids.
 *
 * <p>The blob layout: {@link CodeBlob}.
 *
 * <p>Thread-safe; {@link #close()} releases the centroid matrix (native memory) once no call is in flight.
 */
final class PlaidCodec implements AutoCloseable {

	private final ResidualCodec codec;

	private final CentroidMatrix matrix;

	private final int codeBytes;

	private final String sha256;

	/** Bytes of one stored inverse norm. */
	static final int NORM_BYTES = CodeBlob.NORM_BYTES;

	/** A codec not identified to shards (for tests of the client's side alone). */
	PlaidCodec(ResidualCodec codec) {
		this(codec, null);
	}

	/**
	 * @param sha256 the checksum of the codec's document in the cluster ({@link PlaidCodecStore#sha256}), which the
	 * shard plugin checks
	 */
	PlaidCodec(ResidualCodec codec, String sha256) {
		this.codec = Objects.requireNonNull(codec, "codec");
		this.matrix = CentroidMatrix.of(codec.centroids(), codec.numCentroids(), codec.dim(),
				CodecTrainingOptions.defaults().assignmentProbes());
		this.codeBytes = CodeBlob.codeBytes(codec.numCentroids());
		this.sha256 = sha256;
	}

	ResidualCodec codec() {
		return this.codec;
	}

	/** The checksum of the codec's document in the cluster, or null when not known. */
	String sha256() {
		return this.sha256;
	}

	/** Bytes of one centroid id in a blob. */
	int codeBytes() {
		return this.codeBytes;
	}

	/** Blob bytes per token vector. */
	int bytesPerVector() {
		return CodeBlob.bytesPerVector(this.codec);
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
				CodeBlob.writeCode(blob, j * this.codeBytes, code, this.codeBytes);
				this.codec.encodeResidual(all, (start + j) * dim, code, blob, residualBase + j * bpv);
				CodeBlob.writeFloat(blob, normBase + j * NORM_BYTES, this.codec.inverseNorm(code, blob, residualBase + j * bpv));
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
	CodeBlob.Decoded decode(String id, byte[] blob) {
		return CodeBlob.decode(this.codec, id, blob, 0, blob.length);
	}

	/**
	 * The query's centroid scores with the row stride of the search kernels; {@link CentroidScores#topCells(int)}
	 * gives each query vector's best centroids.
	 */
	CentroidScores score(float[] query, int queryVectors) {
		return CentroidScoring.score(this.matrix, query, queryVectors, 1, SearchThreads.single());
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

}
