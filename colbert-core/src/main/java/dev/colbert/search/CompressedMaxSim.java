package dev.colbert.search;

import java.util.Objects;

import dev.colbert.index.codec.CentroidScores;
import dev.colbert.index.codec.ResidualCodec;

/**
 * Exact MaxSim of one query against compressed documents held outside an index segment (centroid ids and packed
 * residuals in plain arrays, for example read from a remote store), with the same kernels and the same arithmetic as
 * {@link QueryScorer}: {@code <q, v> = (<q, c> + <q, w>) / |c + w|}, the centroid part from the query's centroid
 * scores and the residual part from per-query lookup tables.
 *
 * <p>Not thread-safe (scratch buffers): one instance per query and thread.
 */
public final class CompressedMaxSim {

	private final ScoringKernels kernels;

	private final ResidualCodec codec;

	private final CentroidScores centroidScores;

	private final ScoringKernels.ResidualTable table;

	private final float[] scratch;

	private float[] inverseNorms = new float[0];

	/**
	 * @param query {@code queryVectors * dim} floats, row-major
	 * @param centroidScores the query's centroid scores from {@link CentroidScoring#score} (the row stride of the
	 * selected kernels)
	 * @throws IllegalArgumentException when the scores were not computed for the selected kernels or this query
	 */
	public CompressedMaxSim(ResidualCodec codec, float[] query, int queryVectors, CentroidScores centroidScores) {
		this.kernels = SimdSupport.kernels();
		this.codec = Objects.requireNonNull(codec, "codec");
		if (centroidScores.stride() != this.kernels.stride(queryVectors)
				|| centroidScores.queryVectors() != queryVectors) {
			throw new IllegalArgumentException("centroid scores have stride " + centroidScores.stride() + " for "
					+ centroidScores.queryVectors() + " query vectors, the " + this.kernels.description() + " need "
					+ this.kernels.stride(queryVectors) + " for " + queryVectors + ": compute them with CentroidScoring");
		}
		if (query.length < queryVectors * codec.dim()) {
			throw new IllegalArgumentException("query has " + query.length + " floats, expected " + queryVectors
					+ " x " + codec.dim());
		}
		this.centroidScores = centroidScores;
		this.table = this.kernels.residualTable(query, queryVectors, codec.dim(), codec.nbits(), codec.bucketWeights(),
				codec.bytesPerVector());
		this.scratch = new float[centroidScores.stride()];
	}

	/**
	 * Exact MaxSim of the query against one document's {@code length} vectors: centroid ids
	 * {@code codes[codeStart, codeStart + length)}, packed residuals {@code residuals[0, length * bytesPerVector)}.
	 * Computes each vector's inverse norm {@code 1 / |c + w|} first ({@link ResidualCodec#inverseNorm}).
	 * @throws IllegalArgumentException when a centroid id is out of range or the arrays are too short
	 */
	public float maxSim(int[] codes, int codeStart, byte[] residuals, int length) {
		checkDocument(codes, codeStart, residuals, length);
		if (this.inverseNorms.length < length) {
			this.inverseNorms = new float[Math.max(length, 2 * this.inverseNorms.length)];
		}
		int bpv = this.codec.bytesPerVector();
		for (int j = 0; j < length; j++) {
			this.inverseNorms[j] = this.codec.inverseNorm(codes[codeStart + j], residuals, j * bpv);
		}
		return this.kernels.maxSim(this.table, this.centroidScores.scores(), codes, codeStart, residuals, length,
				this.inverseNorms, 0, this.scratch);
	}

	/**
	 * Exact MaxSim as {@link #maxSim(int[], int, byte[], int)}, with the vectors' inverse norms
	 * {@code inverseNorms[0, length)} computed beforehand (stored with the codes, say): the same score when they are
	 * {@link ResidualCodec#inverseNorm}'s values.
	 * @throws IllegalArgumentException when a centroid id is out of range or the arrays are too short
	 */
	public float maxSim(int[] codes, int codeStart, byte[] residuals, float[] inverseNorms, int length) {
		checkDocument(codes, codeStart, residuals, length);
		if (inverseNorms.length < length) {
			throw new IllegalArgumentException(inverseNorms.length + " inverse norms for " + length + " vectors");
		}
		return this.kernels.maxSim(this.table, this.centroidScores.scores(), codes, codeStart, residuals, length,
				inverseNorms, 0, this.scratch);
	}

	private void checkDocument(int[] codes, int codeStart, byte[] residuals, int length) {
		if (length < 1) {
			throw new IllegalArgumentException("a document has at least one vector, got " + length);
		}
		if (codeStart < 0 || codes.length < codeStart + length
				|| residuals.length < (long) length * this.codec.bytesPerVector()) {
			throw new IllegalArgumentException("document arrays too short for " + length + " vectors");
		}
		int numCentroids = this.codec.numCentroids();
		for (int j = 0; j < length; j++) {
			int code = codes[codeStart + j];
			if (code < 0 || code >= numCentroids) {
				throw new IllegalArgumentException("centroid id " + code + " is outside the codec's " + numCentroids
						+ " centroids");
			}
		}
	}

}
