package dev.colbert.index.codec;

import java.util.Random;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lloyd's k-means with libtorch assignments, the way the reference trains ColBERT centroids with faiss: initial
 * centroids are distinct random points, a fixed number of iterations (4 in ColBERT), an empty cluster is reseeded
 * with a random point. Deterministic for a given seed.
 */
public final class KMeans {

	private static final Logger logger = LoggerFactory.getLogger(KMeans.class);

	private KMeans() {
	}

	/**
	 * Clusters {@code n} points of {@code dim} floats (row-major) into {@code k} centroids.
	 * @return {@code k * dim} floats, row-major
	 */
	public static float[] train(float[] points, int n, int dim, int k, int iterations, long seed) {
		return train(points, n, dim, k, iterations, seed, 0);
	}

	/**
	 * Like {@link #train(float[], int, int, int, int, long)}, assigning points coarse-to-fine with {@code probes} (see
	 * {@link CentroidMatrix}) when {@code k} is large.
	 */
	public static float[] train(float[] points, int n, int dim, int k, int iterations, long seed, int probes) {
		if (k <= 0 || k > n) {
			throw new IllegalArgumentException("k-means needs 1 <= k <= points, got k = " + k + " for " + n + " points");
		}
		if (iterations < 0) {
			throw new IllegalArgumentException("iterations must not be negative, was " + iterations);
		}
		Random random = new Random(seed);
		float[] centroids = new float[k * dim];
		int[] chosen = sampleDistinct(n, k, random);
		for (int c = 0; c < k; c++) {
			System.arraycopy(points, chosen[c] * dim, centroids, c * dim, dim);
		}
		long start = System.nanoTime();
		for (int it = 0; it < iterations; it++) {
			int[] assignment;
			try (CentroidMatrix matrix = CentroidMatrix.of(centroids, k, dim, probes)) {
				assignment = matrix.nearest(points, 0, n);
			}
			double[] sums = new double[k * dim];
			int[] counts = new int[k];
			for (int i = 0; i < n; i++) {
				int c = assignment[i];
				counts[c]++;
				int po = i * dim;
				int co = c * dim;
				for (int d = 0; d < dim; d++) {
					sums[co + d] += points[po + d];
				}
			}
			int empty = 0;
			for (int c = 0; c < k; c++) {
				int co = c * dim;
				if (counts[c] == 0) {
					empty++;
					System.arraycopy(points, random.nextInt(n) * dim, centroids, co, dim);
					continue;
				}
				double inverse = 1.0 / counts[c];
				for (int d = 0; d < dim; d++) {
					centroids[co + d] = (float) (sums[co + d] * inverse);
				}
			}
			double elapsed = (System.nanoTime() - start) / 1e9;
			double perIteration = elapsed / (it + 1);
			(k >= 1024 ? logger.atInfo() : logger.atDebug()).log("k-means iteration {}/{}: {} points x {} centroids, {} empty reseeded; {} s elapsed, "
					+ "{} points/s, ETA {} s", it + 1, iterations, n, k, empty, String.format("%.1f", elapsed),
					String.format("%.0f", n / perIteration), String.format("%.0f", perIteration * (iterations - it - 1)));
		}
		return centroids;
	}

	/** {@code k} distinct indices in {@code [0, n)}. */
	static int[] sampleDistinct(int n, int k, Random random) {
		int[] pool = new int[n];
		for (int i = 0; i < n; i++) {
			pool[i] = i;
		}
		for (int i = 0; i < k; i++) {
			int j = i + random.nextInt(n - i);
			int t = pool[i];
			pool[i] = pool[j];
			pool[j] = t;
		}
		int[] result = new int[k];
		System.arraycopy(pool, 0, result, 0, k);
		return result;
	}

}
