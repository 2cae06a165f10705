package dev.colbert.search;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.colbert.index.codec.CentroidMatrix;
import dev.colbert.index.codec.CentroidScores;

/**
 * PLAID stage 1's score matrix: in Java with the Vector API kernels when they are enabled ({@link SimdSupport}),
 * otherwise on libtorch; split into row blocks across the search threads.
 */
public final class CentroidScoring {

	private CentroidScoring() {
	}

	public static CentroidScores score(CentroidMatrix matrix, float[] query, int queryVectors, int ncells,
			SearchThreads threads) {
		ScoringKernels kernels = SimdSupport.kernels();
		if (kernels.scoresCentroids()) {
			return score(kernels, matrix, query, queryVectors, ncells, threads);
		}
		if (threads.count() == 1) {
			return matrix.score(query, queryVectors, ncells);
		}
		int[] bounds = threads.split(matrix.count());
		List<Callable<CentroidScores.Block>> tasks = new ArrayList<>();
		for (int p = 0; p + 1 < bounds.length; p++) {
			int from = bounds[p];
			int to = bounds[p + 1];
			tasks.add(() -> matrix.scoreRows(query, queryVectors, from, to, ncells));
		}
		return CentroidScores.merge(threads.run(tasks), matrix.count(), queryVectors, ncells);
	}

	/**
	 * The query's scores against every centroid, computed in Java from the centroids' coordinates alone, without a
	 * {@link CentroidMatrix} (libtorch): for a process that only rescores compressed documents, such as an OpenSearch
	 * shard. Uses the Vector API kernels when this JVM has them ({@link SimdSupport}), else the plain Java loop; the
	 * row stride is the one {@link CompressedMaxSim} expects. No top cells are computed.
	 * @param centroids {@code count x dim} floats, row-major
	 * @param query {@code nq x dim} floats, row-major
	 */
	public static CentroidScores scoreInJava(float[] centroids, int count, int dim, float[] query, int nq) {
		if (centroids.length < (long) count * dim || query.length < (long) nq * dim || nq < 1) {
			throw new IllegalArgumentException("need " + count + " x " + dim + " centroid coordinates and " + nq
					+ " x " + dim + " query coordinates, got " + centroids.length + " and " + query.length);
		}
		ScoringKernels kernels = SimdSupport.kernels();
		int stride = kernels.stride(nq);
		float[] scores = new float[count * stride];
		kernels.centroidScores(centroids, dim, 0, count, transpose(query, nq, dim, stride), stride, scores, 0);
		return new CentroidScores(scores, count, nq, stride, new int[0]);
	}

	/** {@code query} ({@code nq x dim}) as {@code dim x stride}, zero beyond {@code nq}. */
	private static float[] transpose(float[] query, int nq, int dim, int stride) {
		float[] transposed = new float[dim * stride];
		for (int i = 0; i < nq; i++) {
			for (int d = 0; d < dim; d++) {
				transposed[d * stride + i] = query[i * dim + d];
			}
		}
		return transposed;
	}

	static CentroidScores score(ScoringKernels kernels, CentroidMatrix matrix, float[] query, int nq, int ncells,
			SearchThreads threads) {
		int dim = matrix.dim();
		int count = matrix.count();
		int stride = kernels.stride(nq);
		float[] transposed = transpose(query, nq, dim, stride);
		float[] centroids = matrix.hostCentroids();
		float[] scores = new float[count * stride];
		if (threads.count() == 1) {
			kernels.centroidScores(centroids, dim, 0, count, transposed, stride, scores, 0);
		}
		else {
			int[] bounds = threads.split(count);
			List<Callable<Void>> tasks = new ArrayList<>();
			for (int p = 0; p + 1 < bounds.length; p++) {
				int from = bounds[p];
				int to = bounds[p + 1];
				tasks.add(() -> {
					kernels.centroidScores(centroids, dim, from, to, transposed, stride, scores, from * stride);
					return null;
				});
			}
			threads.run(tasks);
		}
		CentroidScores withoutCells = new CentroidScores(scores, count, nq, stride, new int[0]);
		int[] top = (Math.min(ncells, count) == 1) ? kernels.argmaxColumns(scores, count, stride, nq)
				: withoutCells.topCells(ncells);
		return new CentroidScores(scores, count, nq, stride, top);
	}

}
