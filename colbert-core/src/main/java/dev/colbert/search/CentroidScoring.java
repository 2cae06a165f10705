package dev.colbert.search;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.colbert.index.codec.CentroidMatrix;
import dev.colbert.index.codec.CentroidScores;

/** PLAID stage 1's score matrix, split into row blocks across the search threads. */
public final class CentroidScoring {

	private CentroidScoring() {
	}

	public static CentroidScores score(CentroidMatrix matrix, float[] query, int queryVectors, int ncells,
			SearchThreads threads) {
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

}
