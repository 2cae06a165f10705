package dev.colbert.search;

import dev.colbert.index.codec.CentroidScores;
import dev.colbert.index.codec.ResidualCodec;
import dev.colbert.index.format.SegmentVectors;

/**
 * Exact MaxSim of one query against compressed documents without materializing decompressed vectors.
 *
 * <p>A stored vector decompresses to {@code v = normalize(c + w)}, {@code c} its centroid and {@code w} the bucket
 * weights of its residual. Hence {@code <q, v> = (<q, c> + <q, w>) / |c + w|}: {@code <q, c>} is the PLAID stage-1
 * score matrix and {@code <q, w>} is a sum of table lookups, one per 4-bit nibble of the packed residual (16 entries
 * per nibble position and query vector, built once per query: 128 KiB at dim 128, 2 bits and 32 query vectors, small
 * enough to stay in cache). Per vector this costs {@code 2 * bytesPerVector} vectorized additions across the query
 * vectors (the norm {@code |c + w|} is computed once per stored vector and remembered by {@link SegmentVectors}),
 * instead of {@code dim x queryVectors} multiply-adds. The result equals the dot product with the decompressed vector
 * up to float rounding.
 *
 * <p>The loops run in the kernels {@link SimdSupport} selects.
 *
 * <p>Not thread-safe (scratch buffers): one instance per search and thread; {@link #forAnotherThread()} shares the
 * tables with a new instance.
 */
public final class QueryScorer {

	private final ScoringKernels kernels;

	private final ResidualCodec codec;

	private final CentroidScores centroidScores;

	private final int queryVectors;

	private final ScoringKernels.ResidualTable table;

	private final float[] scratch;

	private byte[] residuals;

	/**
	 * @param query {@code queryVectors * dim} floats, row-major
	 * @param centroidScores the query's centroid scores, with the row stride of the selected kernels
	 * ({@link CentroidScoring})
	 */
	public QueryScorer(ResidualCodec codec, float[] query, int queryVectors, CentroidScores centroidScores) {
		this(SimdSupport.kernels(), codec, query, queryVectors, centroidScores);
	}

	QueryScorer(ScoringKernels kernels, ResidualCodec codec, float[] query, int queryVectors,
			CentroidScores centroidScores) {
		if (centroidScores.stride() != kernels.stride(queryVectors)) {
			throw new IllegalArgumentException("centroid scores have stride " + centroidScores.stride() + ", the "
					+ kernels.description() + " need " + kernels.stride(queryVectors));
		}
		this.kernels = kernels;
		this.codec = codec;
		this.centroidScores = centroidScores;
		this.queryVectors = queryVectors;
		this.table = kernels.residualTable(query, queryVectors, codec.dim(), codec.nbits(), codec.bucketWeights(),
				codec.bytesPerVector());
		this.scratch = new float[centroidScores.stride()];
		this.residuals = new byte[0];
	}

	private QueryScorer(QueryScorer shared) {
		this.kernels = shared.kernels;
		this.codec = shared.codec;
		this.centroidScores = shared.centroidScores;
		this.queryVectors = shared.queryVectors;
		this.table = shared.table;
		this.scratch = new float[shared.scratch.length];
		this.residuals = new byte[0];
	}

	/** A scorer with the same (read-only) tables and its own scratch buffers, for use by another thread. */
	public QueryScorer forAnotherThread() {
		return new QueryScorer(this);
	}

	public int queryVectors() {
		return this.queryVectors;
	}

	public CentroidScores centroidScores() {
		return this.centroidScores;
	}

	ScoringKernels kernels() {
		return this.kernels;
	}

	/** Exact MaxSim of the query against document {@code doc} of {@code segment}. */
	public float maxSim(SegmentVectors segment, int doc) {
		int length = segment.docLength(doc);
		int needed = length * this.codec.bytesPerVector();
		if (this.residuals.length < needed) {
			this.residuals = new byte[Math.max(needed, this.residuals.length * 2)];
		}
		byte[] res = this.residuals;
		segment.readResiduals(doc, res);
		int start = segment.docStart(doc);
		float[] inverseNorms = segment.inverseNorms(doc, this.codec, res);
		return this.kernels.maxSim(this.table, this.centroidScores.scores(), segment.codes(), start, res, length,
				inverseNorms, start, this.scratch);
	}

}
