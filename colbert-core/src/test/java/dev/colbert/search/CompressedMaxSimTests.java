package dev.colbert.search;

import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.colbert.index.codec.CentroidMatrix;
import dev.colbert.index.codec.CentroidScores;
import dev.colbert.index.codec.ResidualCodec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** {@link CompressedMaxSim} against MaxSim over {@link ResidualCodec#decompress decompressed} vectors. */
class CompressedMaxSimTests {

	@ParameterizedTest
	@CsvSource({ "2, 16, 5", "2, 128, 32", "1, 64, 7", "4, 24, 3", "2, 100, 9" })
	void matchesMaxSimOverDecompressedVectors(int nbits, int dim, int nq) {
		Random random = new Random(nbits * 1000L + dim * 10L + nq);
		int numCentroids = 37;
		float[] centroids = unitRows(random, numCentroids, dim);
		int buckets = 1 << nbits;
		float[] cutoffs = new float[buckets - 1];
		float[] weights = new float[buckets];
		for (int b = 0; b < buckets; b++) {
			weights[b] = (b - (buckets - 1) / 2f) * 0.05f;
			if (b > 0) {
				cutoffs[b - 1] = (weights[b - 1] + weights[b]) / 2;
			}
		}
		ResidualCodec codec = ResidualCodec.fromCentroids(dim, nbits, numCentroids, 8, centroids, cutoffs, weights,
				1000, 1000);
		float[] query = unitRows(random, nq, dim);
		try (CentroidMatrix matrix = CentroidMatrix.of(codec.centroids(), numCentroids, dim)) {
			CentroidScores scores = CentroidScoring.score(matrix, query, nq, 2, SearchThreads.single());
			CompressedMaxSim scorer = new CompressedMaxSim(codec, query, nq, scores);
			for (int doc = 0; doc < 5; doc++) {
				int length = 1 + random.nextInt(40);
				float[] vectors = unitRows(random, length, dim);
				int[] codes = new int[3 + length];
				byte[] residuals = new byte[length * codec.bytesPerVector()];
				int[] nearest = matrix.nearestExact(vectors, 0, length);
				for (int j = 0; j < length; j++) {
					codes[3 + j] = nearest[j];
					codec.encodeResidual(vectors, j * dim, nearest[j], residuals, j * codec.bytesPerVector());
				}
				double expected = 0;
				float[] decompressed = new float[dim];
				for (int i = 0; i < nq; i++) {
					double best = Double.NEGATIVE_INFINITY;
					for (int j = 0; j < length; j++) {
						codec.decompress(codes[3 + j], residuals, j * codec.bytesPerVector(), decompressed, 0);
						double dot = 0;
						for (int d = 0; d < dim; d++) {
							dot += (double) decompressed[d] * query[i * dim + d];
						}
						best = Math.max(best, dot);
					}
					expected += best;
				}
				float computed = scorer.maxSim(codes, 3, residuals, length);
				assertThat((double) computed).as("doc %d", doc).isCloseTo(expected, within(1e-4 * nq));
				float[] inverseNorms = new float[length];
				for (int j = 0; j < length; j++) {
					inverseNorms[j] = codec.inverseNorm(codes[3 + j], residuals, j * codec.bytesPerVector());
				}
				assertThat(scorer.maxSim(codes, 3, residuals, inverseNorms, length)).as("stored norms, doc %d", doc)
					.isEqualTo(computed);
			}
			int[] bad = { numCentroids };
			assertThatThrownBy(() -> scorer.maxSim(bad, 0, new byte[codec.bytesPerVector()], 1))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("outside the codec");
			assertThatThrownBy(() -> scorer.maxSim(new int[] { 0, 1 }, 0, new byte[2 * codec.bytesPerVector()],
					new float[1], 2))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("1 inverse norms for 2 vectors");
		}
	}

	private static float[] unitRows(Random random, int rows, int dim) {
		float[] data = new float[rows * dim];
		for (int r = 0; r < rows; r++) {
			double sum = 0;
			for (int d = 0; d < dim; d++) {
				float x = (float) random.nextGaussian();
				data[r * dim + d] = x;
				sum += x * x;
			}
			for (int d = 0; d < dim; d++) {
				data[r * dim + d] /= (float) Math.sqrt(sum);
			}
		}
		return data;
	}

}
