package dev.colbert.benchmarks.index;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import dev.colbert.index.codec.CentroidMatrix;
import dev.colbert.index.codec.CentroidScores;

/**
 * PLAID stage 1 (query-centroid scores, 32,768 x 128 x 32) three ways, interleaved so that machine noise hits all
 * alike: {@link CentroidMatrix#score} (C . Q^T on libtorch, what the index uses), Q . C^T on libtorch transposed back in
 * Java, and a plain Java loop. Prints medians and ratios.
 *
 * <pre>
 * java -cp colbert-benchmarks/target/classes:$(cat colbert-benchmarks/target/classpath.txt) \
 *     dev.colbert.benchmarks.index.CentroidScoreBenchmark [centroids] [rounds]
 * </pre>
 */
public final class CentroidScoreBenchmark {

	private CentroidScoreBenchmark() {
	}

	public static void main(String[] args) {
		int count = (args.length > 0) ? Integer.parseInt(args[0]) : 32768;
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 200;
		int dim = 128;
		int nq = 32;
		Random random = new Random(1);
		float[] centroids = new float[count * dim];
		for (int i = 0; i < centroids.length; i++) {
			centroids[i] = (float) random.nextGaussian();
		}
		float[] query = new float[nq * dim];
		for (int i = 0; i < query.length; i++) {
			query[i] = (float) random.nextGaussian();
		}
		double[][] times = new double[3][rounds];
		try (CentroidMatrix matrix = CentroidMatrix.of(centroids, count, dim);
				NDManager manager = NDManager.newBaseManager("PyTorch")) {
			NDArray transposed = manager.create(FloatBuffer.wrap(centroids), new Shape(count, dim)).transpose().toDense();
			float[] javaScores = new float[count * nq];
			float[] queryT = new float[dim * nq];
			for (int i = 0; i < nq; i++) {
				for (int d = 0; d < dim; d++) {
					queryT[d * nq + i] = query[i * dim + d];
				}
			}
			for (int r = -20; r < rounds; r++) {
				long t0 = System.nanoTime();
				CentroidScores scores = matrix.score(query, nq, 1);
				long t1 = System.nanoTime();
				float[] back;
				try (NDManager sub = manager.newSubManager()) {
					NDArray q = sub.create(FloatBuffer.wrap(query), new Shape(nq, dim));
					float[] s = q.matMul(transposed).toFloatArray();
					back = new float[count * nq];
					for (int i = 0; i < nq; i++) {
						for (int c = 0; c < count; c++) {
							back[c * nq + i] = s[i * count + c];
						}
					}
				}
				long t2 = System.nanoTime();
				javaScores(centroids, queryT, javaScores, count, dim, nq);
				long t3 = System.nanoTime();
				if (r >= 0) {
					times[0][r] = (t1 - t0) / 1e6;
					times[1][r] = (t2 - t1) / 1e6;
					times[2][r] = (t3 - t2) / 1e6;
				}
				if (r == 0 && Math.abs(back[12345] - scores.scores()[12345]) > 1e-3) {
					throw new IllegalStateException("layouts disagree");
				}
			}
		}
		double a = median(times[0]);
		double b = median(times[1]);
		double c = median(times[2]);
		System.out.printf("%d centroids x %d dims x %d query vectors, %d rounds (medians, p99):%n", count, dim, nq, rounds);
		System.out.printf("  C.Q^T libtorch (index): %.2f ms (p99 %.2f)%n", a, p99(times[0]));
		System.out.printf("  Q.C^T libtorch + Java transpose: %.2f ms (p99 %.2f), %.2fx the index's%n", b, p99(times[1]),
				b / a);
		System.out.printf("  Java loop: %.2f ms (p99 %.2f), %.2fx the index's%n", c, p99(times[2]), c / a);
	}

	private static void javaScores(float[] centroids, float[] queryT, float[] out, int count, int dim, int nq) {
		float[] acc = new float[nq];
		for (int c = 0; c < count; c++) {
			Arrays.fill(acc, 0f);
			int co = c * dim;
			for (int d = 0; d < dim; d++) {
				float v = centroids[co + d];
				int qo = d * nq;
				for (int i = 0; i < nq; i++) {
					acc[i] += v * queryT[qo + i];
				}
			}
			System.arraycopy(acc, 0, out, c * nq, nq);
		}
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

	private static double p99(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[(int) Math.ceil(0.99 * sorted.length) - 1];
	}

}
