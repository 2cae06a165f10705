package dev.colbert.opensearch;

import dev.colbert.encoder.TokenVectors;

/**
 * Checks token vectors before they reach the engine.
 *
 * <p>The engine scores with cosine similarity (see {@link IndexLayout#RESCORE_SPACE}), which equals the dot product
 * MaxSim is defined with only for L2-normalized vectors; every ColBERT encoder normalizes its output. A vector whose
 * norm is off by more than {@value #NORM_TOLERANCE} is refused rather than scored differently from the embedded store.
 */
final class TokenVectorChecks {

	/** The largest accepted |norm - 1|. */
	static final double NORM_TOLERANCE = 1e-3;

	private TokenVectorChecks() {
	}

	/**
	 * Checks dimension, count and normalization.
	 * @param what names the vectors in messages, e.g. {@code document 'a'} or {@code the query}
	 * @throws IllegalArgumentException naming {@code what}, the row and the problem
	 */
	static void check(String what, TokenVectors vectors, int expectedDim) {
		if (vectors.dim() != expectedDim) {
			throw new IllegalArgumentException(what + ": token vectors have " + vectors.dim()
					+ " dimensions, the store holds " + expectedDim + "-dimensional vectors");
		}
		if (vectors.count() == 0) {
			throw new IllegalArgumentException(what + " has no token vectors");
		}
		float[] data = vectors.data();
		int dim = vectors.dim();
		for (int row = 0; row < vectors.count(); row++) {
			double sum = 0;
			int offset = row * dim;
			for (int i = 0; i < dim; i++) {
				float x = data[offset + i];
				sum += (double) x * x;
			}
			double norm = Math.sqrt(sum);
			if (!(Math.abs(norm - 1.0) <= NORM_TOLERANCE)) {
				throw new IllegalArgumentException(what + ": token vector " + row + " has L2 norm " + norm
						+ "; ColBERT token vectors must be L2-normalized (|norm - 1| <= " + NORM_TOLERANCE + ")");
			}
		}
	}

	/** Row {@code i} of the vectors as a new array. */
	static float[] row(TokenVectors vectors, int i) {
		return vectors.vector(i);
	}

	/** All rows as arrays. */
	static float[][] rows(TokenVectors vectors) {
		float[][] rows = new float[vectors.count()][];
		for (int i = 0; i < rows.length; i++) {
			rows[i] = vectors.vector(i);
		}
		return rows;
	}

	/** The L2-normalized mean of the rows: the pooled vector. */
	static float[] normalizedMean(TokenVectors vectors) {
		int dim = vectors.dim();
		double[] sum = new double[dim];
		float[] data = vectors.data();
		for (int row = 0; row < vectors.count(); row++) {
			int offset = row * dim;
			for (int i = 0; i < dim; i++) {
				sum[i] += data[offset + i];
			}
		}
		double norm = 0;
		for (double s : sum) {
			norm += s * s;
		}
		norm = Math.sqrt(norm);
		float[] mean = new float[dim];
		if (norm == 0) {
			// Vectors that cancel out: any unit vector is as good a pooled direction as another.
			mean[0] = 1f;
			return mean;
		}
		for (int i = 0; i < dim; i++) {
			mean[i] = (float) (sum[i] / norm);
		}
		return mean;
	}

}
