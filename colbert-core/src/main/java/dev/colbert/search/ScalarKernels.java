package dev.colbert.search;

import java.util.Arrays;

/**
 * Plain Java kernels, written so that HotSpot's auto-vectorizer handles the loops across query vectors (residual table
 * rows are separate arrays indexed by the loop variable alone). Stage 1 runs on libtorch
 * ({@link #scoresCentroids()} is false); {@link #centroidScores} is a reference implementation.
 */
final class ScalarKernels implements ScoringKernels {

	static final ScalarKernels INSTANCE = new ScalarKernels();

	private ScalarKernels() {
	}

	@Override
	public String description() {
		return "scalar Java kernels, stage 1 on libtorch";
	}

	@Override
	public boolean scoresCentroids() {
		return false;
	}

	@Override
	public int stride(int nq) {
		return nq;
	}

	@Override
	public void centroidScores(float[] centroids, int dim, int from, int to, float[] queryTransposed, int stride,
			float[] out, int outOffset) {
		float[] row = new float[stride];
		for (int c = from; c < to; c++) {
			Arrays.fill(row, 0f);
			int base = c * dim;
			for (int d = 0; d < dim; d++) {
				float x = centroids[base + d];
				int q = d * stride;
				for (int i = 0; i < stride; i++) {
					row[i] += x * queryTransposed[q + i];
				}
			}
			System.arraycopy(row, 0, out, outOffset + (c - from) * stride, stride);
		}
	}

	@Override
	public int[] argmaxColumns(float[] scores, int count, int stride, int nq) {
		int[] best = new int[nq];
		float[] max = new float[nq];
		Arrays.fill(max, Float.NEGATIVE_INFINITY);
		for (int c = 0; c < count; c++) {
			int base = c * stride;
			for (int i = 0; i < nq; i++) {
				if (scores[base + i] > max[i]) {
					max[i] = scores[base + i];
					best[i] = c;
				}
			}
		}
		return best;
	}

	@Override
	public float centroidInteraction(float[] scores, int stride, int nq, int[] codes, int start, int end,
			boolean[] reaching, float floor, float[] scratch) {
		float[] acc = scratch;
		Arrays.fill(acc, 0, nq, floor);
		int previous = -1;
		boolean any = false;
		for (int j = start; j < end; j++) {
			int code = codes[j];
			if (code == previous || (reaching != null && !reaching[code])) {
				continue;
			}
			previous = code;
			any = true;
			int base = code * stride;
			for (int i = 0; i < nq; i++) {
				float v = scores[base + i];
				if (v > acc[i]) {
					acc[i] = v;
				}
			}
		}
		if (!any && reaching != null) {
			return Float.NaN;
		}
		float total = 0f;
		for (int i = 0; i < nq; i++) {
			total += acc[i];
		}
		return total;
	}

	@Override
	public ResidualTable residualTable(float[] query, int nq, int dim, int nbits, float[] bucketWeights,
			int bytesPerVector) {
		int mask = (1 << nbits) - 1;
		// a nibble holds perNibble = 4 / nbits dimensions (for nbits 4, one); nibble h covers dimensions
		// h * perNibble ... in the same most-significant-first order as the byte layout
		int perNibble = Math.max(1, 4 / nbits);
		int nibbles = 2 * bytesPerVector;
		float[][] rows = new float[nibbles * 16][nq];
		for (int h = 0; h < nibbles; h++) {
			for (int value = 0; value < 16; value++) {
				float[] row = rows[h * 16 + value];
				for (int t = 0; t < perNibble; t++) {
					int d = h * perNibble + t;
					if (d >= dim) {
						continue;
					}
					float w = bucketWeights[(value >>> (4 - nbits * (t + 1))) & mask];
					for (int i = 0; i < nq; i++) {
						row[i] += query[i * dim + d] * w;
					}
				}
			}
		}
		return new ResidualTable(rows, null, nq, nq, bytesPerVector);
	}

	@Override
	public float maxSim(ResidualTable table, float[] scores, int[] codes, int codeStart, byte[] residuals, int length,
			float[] inverseNorms, int normStart, float[] scratch) {
		int nq = table.nq();
		int stride = table.stride();
		int bpv = table.bytesPerVector();
		float[][] rows = table.rows();
		float[] acc = scratch;
		float[] top = new float[nq];
		Arrays.fill(top, Float.NEGATIVE_INFINITY);
		for (int j = 0; j < length; j++) {
			System.arraycopy(scores, codes[codeStart + j] * stride, acc, 0, nq);
			int resBase = j * bpv;
			for (int g = 0; g < bpv; g++) {
				int value = residuals[resBase + g] & 0xFF;
				float[] high = rows[(g << 5) + (value >>> 4)];
				float[] low = rows[(g << 5) + 16 + (value & 15)];
				for (int i = 0; i < nq; i++) {
					acc[i] += high[i] + low[i];
				}
			}
			float inverse = inverseNorms[normStart + j];
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
