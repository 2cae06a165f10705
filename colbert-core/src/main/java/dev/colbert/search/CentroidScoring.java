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

	static CentroidScores score(ScoringKernels kernels, CentroidMatrix matrix, float[] query, int nq, int ncells,
			SearchThreads threads) {
		int dim = matrix.dim();
		int count = matrix.count();
		int stride = kernels.stride(nq);
		float[] transposed = CentroidScoringInJava.transpose(query, nq, dim, stride);
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
