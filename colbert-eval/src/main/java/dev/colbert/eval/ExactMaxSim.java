package dev.colbert.eval;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import dev.colbert.encoder.TokenVectors;

/**
 * Exact MaxSim of a query against a few documents over uncompressed float vectors (teacher scores for mining): one
 * libtorch matrix product over the documents' stacked vectors, then the per-document maximum per query vector, summed.
 */
final class ExactMaxSim {

	private ExactMaxSim() {
	}

	/**
	 * @param manager a manager for the call's temporary arrays (closed by the caller)
	 * @return one score per document, in order: the sum over query vectors of the best dot product with any of the
	 * document's vectors
	 */
	static float[] scores(NDManager manager, TokenVectors query, List<TokenVectors> documents) {
		int dim = query.dim();
		int rows = 0;
		for (TokenVectors document : documents) {
			if (document.dim() != dim) {
				throw new IllegalArgumentException("query dim " + dim + " but document dim " + document.dim());
			}
			rows += document.count();
		}
		FloatBuffer stacked = ByteBuffer.allocateDirect(rows * dim * Float.BYTES)
			.order(ByteOrder.nativeOrder())
			.asFloatBuffer();
		for (TokenVectors document : documents) {
			stacked.put(document.data(), 0, document.count() * dim);
		}
		stacked.rewind();
		NDArray matrix = manager.create(stacked, new Shape(rows, dim), DataType.FLOAT32);
		NDArray queryT = manager.create(query.data(), new Shape(query.count(), dim)).transpose();
		float[] similarities = matrix.matMul(queryT).toFloatArray();
		int queryCount = query.count();
		float[] scores = new float[documents.size()];
		int row = 0;
		for (int d = 0; d < documents.size(); d++) {
			int count = documents.get(d).count();
			float sum = 0f;
			for (int i = 0; i < queryCount; i++) {
				float best = Float.NEGATIVE_INFINITY;
				for (int r = row; r < row + count; r++) {
					best = Math.max(best, similarities[r * queryCount + i]);
				}
				sum += best;
			}
			scores[d] = sum;
			row += count;
		}
		return scores;
	}

}
