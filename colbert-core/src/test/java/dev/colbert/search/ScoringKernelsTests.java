package dev.colbert.search;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.colbert.index.codec.CentroidMatrix;
import dev.colbert.index.codec.CentroidScores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Vector API kernels against the plain Java ones and against direct formulas, for query lengths that fill 1 to 4
 * vectors of a column block, partial blocks and several blocks. The build runs tests with
 * {@code --add-modules jdk.incubator.vector}; without it the vector half is skipped.
 */
class ScoringKernelsTests {

	private static final ScoringKernels SCALAR = SimdSupport.scalar();

	@Test
	void testJvmSelectsVectorKernelsWhenTheModuleIsPresent() {
		boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
		assumeTrue(present && !"false".equals(System.getProperty(SimdSupport.PROPERTY)));
		// the build machines have AVX2; elsewhere the selection may legitimately fall back
		assumeTrue(SimdSupport.vector() != null);
		assertThat(SimdSupport.enabled()).isTrue();
		assertThat(SimdSupport.description()).contains("Vector API");
	}

	@ParameterizedTest
	@CsvSource({ "1, 128", "7, 128", "8, 128", "20, 384", "24, 96", "32, 128", "33, 128", "40, 64", "64, 128",
			"17, 100" })
	void testCentroidScoresMatchDotProducts(int nq, int dim) {
		ScoringKernels vector = vectorKernels();
		Random random = new Random(nq * 31L + dim);
		int count = 301;
		float[] centroids = gaussian(random, count * dim);
		float[] query = gaussian(random, nq * dim);
		for (ScoringKernels kernels : new ScoringKernels[] { SCALAR, vector }) {
			int stride = kernels.stride(nq);
			float[] transposed = new float[dim * stride];
			for (int i = 0; i < nq; i++) {
				for (int d = 0; d < dim; d++) {
					transposed[d * stride + i] = query[i * dim + d];
				}
			}
			// rows [5, count) into an offset output, as a search thread's block would be
			float[] out = new float[count * stride];
			kernels.centroidScores(centroids, dim, 5, count, transposed, stride, out, 5 * stride);
			for (int c = 5; c < count; c++) {
				for (int i = 0; i < nq; i++) {
					double dot = 0;
					for (int d = 0; d < dim; d++) {
						dot += (double) centroids[c * dim + d] * query[i * dim + d];
					}
					assertThat(out[c * stride + i]).as("%s centroid %d query %d", kernels.description(), c, i)
						.isCloseTo((float) dot, within(1e-3f));
				}
			}
			int[] argmax = kernels.argmaxColumns(out, count, stride, nq);
			for (int i = 0; i < nq; i++) {
				float best = Float.NEGATIVE_INFINITY;
				for (int c = 0; c < count; c++) {
					best = Math.max(best, out[c * stride + i]);
				}
				assertThat(out[argmax[i] * stride + i]).isEqualTo(best);
			}
		}
	}

	@ParameterizedTest
	@CsvSource({ "1", "5", "8", "16", "20", "32", "33", "45" })
	void testCentroidInteractionMatchesScalar(int nq) {
		ScoringKernels vector = vectorKernels();
		Random random = new Random(nq);
		int centroids = 200;
		float[] base = gaussian(random, centroids * nq);
		int[] codes = new int[400];
		for (int j = 0; j < codes.length; j++) {
			codes[j] = random.nextInt(centroids);
		}
		Arrays.sort(codes, 0, 150);
		boolean[] reaching = new boolean[centroids];
		for (int c = 0; c < centroids; c++) {
			reaching[c] = random.nextInt(3) == 0;
		}
		boolean[] none = new boolean[centroids];
		float[] scalarScores = padded(base, centroids, nq, SCALAR.stride(nq));
		float[] vectorScores = padded(base, centroids, nq, vector.stride(nq));
		for (boolean[] filter : new boolean[][] { null, reaching, none }) {
			for (int[] range : new int[][] { { 0, 150 }, { 150, 400 }, { 17, 18 }, { 30, 30 } }) {
				float expected = SCALAR.centroidInteraction(scalarScores, SCALAR.stride(nq), nq, codes, range[0],
						range[1], filter, -9999f, new float[SCALAR.stride(nq)]);
				float actual = vector.centroidInteraction(vectorScores, vector.stride(nq), nq, codes, range[0],
						range[1], filter, -9999f, new float[vector.stride(nq)]);
				if (Float.isNaN(expected)) {
					assertThat(actual).isNaN();
				}
				else {
					assertThat(actual).isCloseTo(expected, within(Math.abs(expected) * 1e-6f + 1e-4f));
				}
			}
		}
	}

	@ParameterizedTest
	@CsvSource({ "1, 128, 2", "8, 128, 2", "20, 384, 2", "32, 128, 1", "32, 128, 4", "33, 128, 2", "40, 96, 4",
			"13, 100, 2", "9, 130, 1" })
	void testExactMaxSimMatchesDecompressedDotProducts(int nq, int dim, int nbits) {
		ScoringKernels vector = vectorKernels();
		Random random = new Random(nq * 7L + dim * 13L + nbits);
		int buckets = 1 << nbits;
		float[] weights = new float[buckets];
		for (int b = 0; b < buckets; b++) {
			weights[b] = -0.05f + 0.1f * b / (buckets - 1);
		}
		int bpv = (dim * nbits + 7) / 8;
		int centroids = 50;
		float[] centroidVectors = gaussian(random, centroids * dim);
		float[] query = gaussian(random, nq * dim);
		int length = 37;
		int[] codes = new int[length + 3];
		for (int j = 0; j < codes.length; j++) {
			codes[j] = random.nextInt(centroids);
		}
		byte[] residuals = new byte[length * bpv];
		random.nextBytes(residuals);
		float[] inverseNorms = new float[length + 3];
		for (int j = 0; j < inverseNorms.length; j++) {
			inverseNorms[j] = 0.5f + random.nextFloat();
		}
		// reference: decompress (without normalization) and take dot products
		double expected = 0;
		for (int i = 0; i < nq; i++) {
			double best = Double.NEGATIVE_INFINITY;
			for (int j = 0; j < length; j++) {
				double dot = 0;
				for (int d = 0; d < dim; d++) {
					int perByte = 8 / nbits;
					int bucket = ((residuals[j * bpv + d / perByte] & 0xFF) >>> (8 - nbits * (d % perByte + 1)))
							& (buckets - 1);
					dot += query[i * dim + d] * (centroidVectors[codes[3 + j] * dim + d] + weights[bucket]);
				}
				best = Math.max(best, dot * inverseNorms[3 + j]);
			}
			expected += best;
		}
		for (ScoringKernels kernels : new ScoringKernels[] { SCALAR, vector }) {
			int stride = kernels.stride(nq);
			float[] scores = new float[centroids * stride];
			for (int c = 0; c < centroids; c++) {
				for (int i = 0; i < nq; i++) {
					double dot = 0;
					for (int d = 0; d < dim; d++) {
						dot += centroidVectors[c * dim + d] * query[i * dim + d];
					}
					scores[c * stride + i] = (float) dot;
				}
			}
			ScoringKernels.ResidualTable table = kernels.residualTable(query, nq, dim, nbits, weights, bpv);
			float actual = kernels.maxSim(table, scores, codes, 3, residuals, length, inverseNorms, 3,
					new float[stride]);
			assertThat((double) actual).as(kernels.description()).isCloseTo(expected, within(1e-3 * nq));
		}
	}

	@Test
	void testCentroidScoringWithVectorKernelsMatchesLibtorch() {
		ScoringKernels vector = vectorKernels();
		Random random = new Random(5);
		int count = 1000;
		int dim = 128;
		int nq = 20;
		float[] centroids = gaussian(random, count * dim);
		float[] query = gaussian(random, nq * dim);
		try (CentroidMatrix matrix = CentroidMatrix.of(centroids, count, dim);
				SearchThreads two = SearchThreads.create(2)) {
			CentroidScores reference = matrix.score(query, nq, 1);
			for (SearchThreads threads : new SearchThreads[] { SearchThreads.single(), two }) {
				for (int ncells : new int[] { 1, 3 }) {
					CentroidScores scores = CentroidScoring.score(vector, matrix, query, nq, ncells, threads);
					assertThat(scores.stride()).isEqualTo(24);
					for (int c = 0; c < count; c++) {
						for (int i = 0; i < nq; i++) {
							assertThat(scores.scores()[c * 24 + i]).isCloseTo(reference.scores()[c * nq + i],
									within(1e-3f));
						}
					}
					assertThat(sorted(scores.topCells())).isEqualTo(sorted(reference.topCells(ncells)));
				}
			}
		}
	}

	private static int[] sorted(int[] values) {
		int[] copy = values.clone();
		Arrays.sort(copy);
		return copy;
	}

	private static ScoringKernels vectorKernels() {
		ScoringKernels vector = SimdSupport.vector();
		assumeTrue(vector != null, "the Vector API kernels need --add-modules jdk.incubator.vector and AVX2");
		return vector;
	}

	private static float[] padded(float[] values, int rows, int nq, int stride) {
		float[] out = new float[rows * stride];
		for (int r = 0; r < rows; r++) {
			System.arraycopy(values, r * nq, out, r * stride, nq);
		}
		return out;
	}

	private static float[] gaussian(Random random, int n) {
		float[] values = new float[n];
		for (int i = 0; i < n; i++) {
			values[i] = (float) random.nextGaussian() * 0.3f;
		}
		return values;
	}

}
