package dev.colbert.search;

import java.util.Arrays;

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
 * <p>Not thread-safe (scratch buffers): one instance per search and thread; {@link #forAnotherThread()} shares the
 * tables with a new instance.
 */
public final class QueryScorer {

	private final ResidualCodec codec;

	private final CentroidScores centroidScores;

	private final int queryVectors;

	private final int dim;

	private final int bytesPerVector;

	/**
	 * rows[h * 16 + nibble][i] for nibble position h (two per residual byte, high nibble first). Rows are separate
	 * arrays so that the accumulation loop indexes every array by the loop variable alone, which lets the JIT
	 * vectorize it.
	 */
	private final float[][] rows;

	private final float[] accumulator;

	private final float[] best;

	private byte[] residuals;

	/**
	 * @param query {@code queryVectors * dim} floats, row-major
	 */
	public QueryScorer(ResidualCodec codec, float[] query, int queryVectors, CentroidScores centroidScores) {
		this.codec = codec;
		this.centroidScores = centroidScores;
		this.queryVectors = queryVectors;
		this.dim = codec.dim();
		this.bytesPerVector = codec.bytesPerVector();
		int nbits = codec.nbits();
		int mask = (1 << nbits) - 1;
		float[] weights = codec.bucketWeights();
		int nq = queryVectors;
		// a nibble holds perNibble = 4 / nbits dimensions (for nbits 4, one); nibble h covers dimensions
		// h * perNibble ... in the same most-significant-first order as the byte layout
		int perNibble = Math.max(1, 4 / nbits);
		int nibbles = 2 * this.bytesPerVector;
		this.rows = new float[nibbles * 16][nq];
		for (int h = 0; h < nibbles; h++) {
			for (int value = 0; value < 16; value++) {
				float[] row = this.rows[h * 16 + value];
				for (int t = 0; t < perNibble; t++) {
					int d = h * perNibble + t;
					if (d >= this.dim) {
						continue;
					}
					float w = weights[(value >>> (4 - nbits * (t + 1))) & mask];
					for (int i = 0; i < nq; i++) {
						row[i] += query[i * this.dim + d] * w;
					}
				}
			}
		}
		this.accumulator = new float[nq];
		this.best = new float[nq];
		this.residuals = new byte[0];
	}

	private QueryScorer(QueryScorer shared) {
		this.codec = shared.codec;
		this.centroidScores = shared.centroidScores;
		this.queryVectors = shared.queryVectors;
		this.dim = shared.dim;
		this.bytesPerVector = shared.bytesPerVector;
		this.rows = shared.rows;
		this.accumulator = new float[shared.queryVectors];
		this.best = new float[shared.queryVectors];
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

	/** Exact MaxSim of the query against document {@code doc} of {@code segment}. */
	public float maxSim(SegmentVectors segment, int doc) {
		int length = segment.docLength(doc);
		int needed = length * this.bytesPerVector;
		if (this.residuals.length < needed) {
			this.residuals = new byte[Math.max(needed, this.residuals.length * 2)];
		}
		byte[] res = this.residuals;
		segment.readResiduals(doc, res);
		int[] codes = segment.codes();
		int start = segment.docStart(doc);
		float[] inverseNorms = segment.inverseNorms(doc, this.codec, res);
		int nq = this.queryVectors;
		float[] scores = this.centroidScores.scores();
		float[] acc = this.accumulator;
		float[] top = this.best;
		float[][] table = this.rows;
		int bpv = this.bytesPerVector;
		Arrays.fill(top, Float.NEGATIVE_INFINITY);
		for (int j = 0; j < length; j++) {
			System.arraycopy(scores, codes[start + j] * nq, acc, 0, nq);
			int resBase = j * bpv;
			for (int g = 0; g < bpv; g++) {
				int value = res[resBase + g] & 0xFF;
				float[] high = table[(g << 5) + (value >>> 4)];
				float[] low = table[(g << 5) + 16 + (value & 15)];
				for (int i = 0; i < nq; i++) {
					acc[i] += high[i] + low[i];
				}
			}
			float inverse = inverseNorms[start + j];
			for (int i = 0; i < nq; i++) {
				float s = acc[i] * inverse;
				if (s > top[i]) {
					top[i] = s;
				}
			}
		}
		float total = 0f;
		for (int i = 0; i < nq; i++) {
			total += top[i];
		}
		return total;
	}

}
