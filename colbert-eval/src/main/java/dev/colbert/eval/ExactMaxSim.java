package dev.colbert.eval;

import dev.colbert.encoder.TokenVectors;

/** Exact MaxSim of a query against one document over uncompressed float vectors (teacher scores for mining). */
final class ExactMaxSim {

	private ExactMaxSim() {
	}

	/** The sum over query vectors of the best dot product with any document vector. */
	static float score(TokenVectors query, TokenVectors document) {
		int dim = query.dim();
		if (document.dim() != dim) {
			throw new IllegalArgumentException("query dim " + dim + " but document dim " + document.dim());
		}
		float[] q = query.data();
		float[] d = document.data();
		int queryCount = query.count();
		float[] best = new float[queryCount];
		java.util.Arrays.fill(best, Float.NEGATIVE_INFINITY);
		for (int j = 0; j < document.count(); j++) {
			int dOffset = j * dim;
			for (int i = 0; i < queryCount; i++) {
				float dot = dot(q, i * dim, d, dOffset, dim);
				if (dot > best[i]) {
					best[i] = dot;
				}
			}
		}
		float sum = 0f;
		for (float value : best) {
			sum += value;
		}
		return sum;
	}

	private static float dot(float[] a, int aOffset, float[] b, int bOffset, int dim) {
		float s0 = 0f;
		float s1 = 0f;
		float s2 = 0f;
		float s3 = 0f;
		int k = 0;
		for (; k + 3 < dim; k += 4) {
			s0 += a[aOffset + k] * b[bOffset + k];
			s1 += a[aOffset + k + 1] * b[bOffset + k + 1];
			s2 += a[aOffset + k + 2] * b[bOffset + k + 2];
			s3 += a[aOffset + k + 3] * b[bOffset + k + 3];
		}
		for (; k < dim; k++) {
			s0 += a[aOffset + k] * b[bOffset + k];
		}
		return (s0 + s1) + (s2 + s3);
	}

}
