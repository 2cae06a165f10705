package dev.colbert.search;

import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Stage 1's product with blocks of 6 centroid rows (CPUs with 32 vector registers) and of 2 rows: both against
 * direct dot products, and bit for bit against each other (each output sums the same products in the same order), for
 * row ranges whose length leaves every remainder of 6 and of 2 (and an empty one), at an offset as a search thread's block has.
 */
class CentroidScoreKernelsTests {

	@ParameterizedTest
	@CsvSource({ "1, 1, 0", "2, 7, 3", "8, 12, 1", "20, 13, 5", "24, 17, 0", "31, 6, 2", "32, 11, 4", "40, 9, 1",
			"64, 23, 7", "16, 8, 2",
			"24, 10, 1", "8, 0, 3" })
	void testSixRowAndTwoRowBlocksGiveTheDotProducts(int nq, int rows, int from) {
		assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() && SimdSupport.vector() != null,
				"needs --add-modules jdk.incubator.vector on a CPU with 256-bit vectors");
		int dim = 96;
		int count = from + rows;
		Random random = new Random(nq * 131L + rows);
		float[] centroids = new float[count * dim];
		float[] query = new float[nq * dim];
		for (int i = 0; i < centroids.length; i++) {
			centroids[i] = (float) random.nextGaussian();
		}
		for (int i = 0; i < query.length; i++) {
			query[i] = (float) random.nextGaussian();
		}
		int stride = (nq + 7) / 8 * 8;
		float[] transposed = new float[dim * stride];
		for (int i = 0; i < nq; i++) {
			for (int d = 0; d < dim; d++) {
				transposed[d * stride + i] = query[i * dim + d];
			}
		}
		float[] six = new float[(rows + 1) * stride];
		float[] two = new float[(rows + 1) * stride];
		// written from offset stride: row "from" lands on the second output row, the first stays untouched
		CentroidScoreKernels.score(true, centroids, dim, from, count, transposed, stride, six, stride);
		CentroidScoreKernels.score(false, centroids, dim, from, count, transposed, stride, two, stride);
		assertThat(six).containsExactly(two);
		for (int i = 0; i < stride; i++) {
			assertThat(six[i]).isZero();
		}
		for (int c = from; c < count; c++) {
			for (int i = 0; i < nq; i++) {
				double dot = 0;
				for (int d = 0; d < dim; d++) {
					dot += (double) centroids[c * dim + d] * query[i * dim + d];
				}
				assertThat(six[(c - from + 1) * stride + i]).as("centroid %d query %d", c, i)
					.isCloseTo((float) dot, within(1e-3f));
			}
		}
	}

}
