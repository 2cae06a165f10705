package dev.colbert.testing;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import dev.colbert.encoder.TokenVectors;

/**
 * Exact MaxSim in plain Java and double precision, the reference the indexes, stores and kernels are checked against.
 */
public final class ReferenceMaxSim {

	private ReferenceMaxSim() {
	}

	/** The sum over the query's vectors of the best dot product with any of the document's (uncompressed) vectors. */
	public static double maxSim(TokenVectors query, TokenVectors document) {
		float[] q = query.data();
		float[] d = document.data();
		int dim = query.dim();
		double total = 0;
		for (int i = 0; i < query.count(); i++) {
			double best = Double.NEGATIVE_INFINITY;
			for (int j = 0; j < document.count(); j++) {
				double dot = 0;
				for (int k = 0; k < dim; k++) {
					dot += (double) q[i * dim + k] * d[j * dim + k];
				}
				best = Math.max(best, dot);
			}
			total += best;
		}
		return total;
	}

	/**
	 * The documents' positions in {@code documents}, best first by exact MaxSim (each score computed once; ties keep
	 * the documents' order).
	 */
	public static List<Integer> ranking(TokenVectors query, List<TokenVectors> documents) {
		double[] scores = documents.stream().mapToDouble((document) -> maxSim(query, document)).toArray();
		return IntStream.range(0, scores.length)
			.boxed()
			.sorted(Comparator.comparingDouble((Integer i) -> -scores[i]))
			.toList();
	}

}
