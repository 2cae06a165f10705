package dev.colbert.index.codec;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.testing.SyntheticCorpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CentroidMatrixTests {

	@Test
	void nearestAndScoresMatchBruteForce() {
		Random random = new Random(1);
		int k = 300;
		int dim = 16;
		float[] centroids = new float[k * dim];
		for (int i = 0; i < centroids.length; i++) {
			centroids[i] = (float) random.nextGaussian();
		}
		int n = 1000;
		float[] points = new float[n * dim];
		for (int i = 0; i < points.length; i++) {
			points[i] = (float) random.nextGaussian();
		}
		try (CentroidMatrix matrix = CentroidMatrix.of(centroids, k, dim)) {
			int[] nearest = matrix.nearest(points, 0, n);
			for (int i = 0; i < n; i++) {
				int best = -1;
				double bestDistance = Double.MAX_VALUE;
				for (int c = 0; c < k; c++) {
					double distance = 0;
					for (int d = 0; d < dim; d++) {
						double diff = points[i * dim + d] - centroids[c * dim + d];
						distance += diff * diff;
					}
					if (distance < bestDistance) {
						bestDistance = distance;
						best = c;
					}
				}
				assertThat(nearest[i]).as("point %d", i).isEqualTo(best);
			}
			int nq = 5;
			CentroidScores scores = matrix.score(points, nq, 3);
			for (int c = 0; c < k; c++) {
				for (int q = 0; q < nq; q++) {
					double dot = 0;
					for (int d = 0; d < dim; d++) {
						dot += centroids[c * dim + d] * points[q * dim + d];
					}
					assertThat(scores.scores()[c * nq + q]).isCloseTo((float) dot, within(1e-4f));
				}
			}
			int[] javaTop = scores.topCells(3);
			assertThat(sortedPerQuery(scores.topCells(), nq, 3)).isEqualTo(sortedPerQuery(javaTop, nq, 3));
		}
	}

	@Test
	void coarseToFineAssignmentIsNearlyAlwaysTheExactNearest() {
		List<TokenVectors> docs = SyntheticCorpus
			.generate(2, 1200, 10, 30, 64).vectors();
		int dim = 64;
		int total = docs.stream().mapToInt(TokenVectors::count).sum();
		float[] points = new float[total * dim];
		int offset = 0;
		for (TokenVectors v : docs) {
			System.arraycopy(v.data(), 0, points, offset, v.count() * dim);
			offset += v.count() * dim;
		}
		int k = CentroidMatrix.APPROXIMATE_MIN_CENTROIDS;
		float[] centroids = KMeans.train(points, total, dim, k, 1, 5);
		try (CentroidMatrix matrix = CentroidMatrix.of(centroids, k, dim, 8)) {
			assertThat(matrix.approximate()).isTrue();
			int n = 4000;
			int[] approximate = matrix.nearest(points, 0, n);
			int[] exact = matrix.nearestExact(points, 0, n);
			int same = 0;
			double approximateDistance = 0;
			double exactDistance = 0;
			for (int i = 0; i < n; i++) {
				same += (approximate[i] == exact[i]) ? 1 : 0;
				approximateDistance += distance(points, i, centroids, approximate[i], dim);
				exactDistance += distance(points, i, centroids, exact[i], dim);
			}
			assertThat(same / (double) n).isGreaterThan(0.9);
			assertThat(approximateDistance / exactDistance).isLessThan(1.02);
		}
		try (CentroidMatrix exactOnly = CentroidMatrix.of(centroids, k, dim, 0)) {
			assertThat(exactOnly.approximate()).isFalse();
		}
	}

	private static double distance(float[] points, int i, float[] centroids, int c, int dim) {
		double sum = 0;
		for (int d = 0; d < dim; d++) {
			double diff = points[i * dim + d] - centroids[c * dim + d];
			sum += diff * diff;
		}
		return Math.sqrt(sum);
	}

	/** Top cells per query vector as sorted sets, whatever layout produced them. */
	private static Set<String> sortedPerQuery(int[] cells, int nq, int ncells) {
		Set<String> result = new TreeSet<>();
		for (int cell : cells) {
			result.add(String.valueOf(cell));
		}
		return result;
	}

}
