package dev.colbert.encoder.inference;

import java.nio.FloatBuffer;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.encoder.tokenize.TokenizedText;

/**
 * Turns a forward pass's rows of one text into its {@link TokenVectors}: the rows of the tokens the tokenizer keeps
 * (query [MASK] padding, document punctuation per the ColBERT rules), with their token ids and character offsets.
 */
final class KeptRows {

	private KeptRows() {
	}

	/**
	 * The kept rows of {@code text}, copied as they are (the PyTorch path normalizes before).
	 * @param data the forward pass's output, {@code dim} floats per row
	 * @param firstRow the row of the text's first token in {@code data}
	 */
	static TokenVectors copy(TokenizedText text, FloatBuffer data, int firstRow, int dim) {
		return rows(text, data, firstRow, dim, false);
	}

	/**
	 * The kept rows of {@code text}, each divided by {@code max(||row||, 1e-12)}, as PyTorch's
	 * {@code normalize(2, -1, 1e-12)} on the PyTorch path.
	 */
	static TokenVectors normalized(TokenizedText text, FloatBuffer data, int firstRow, int dim) {
		return rows(text, data, firstRow, dim, true);
	}

	private static TokenVectors rows(TokenizedText text, FloatBuffer data, int firstRow, int dim, boolean normalize) {
		int count = text.keptCount();
		float[] vectors = new float[count * dim];
		int[] tokenIds = new int[count];
		int[] charStart = new int[count];
		int[] charEnd = new int[count];
		int row = 0;
		for (int t = 0; t < text.length(); t++) {
			if (!text.kept()[t]) {
				continue;
			}
			data.get((firstRow + t) * dim, vectors, row * dim, dim);
			if (normalize) {
				normalize(vectors, row * dim, dim);
			}
			tokenIds[row] = (int) text.ids()[t];
			charStart[row] = text.charStart()[t];
			charEnd[row] = text.charEnd()[t];
			row++;
		}
		return new TokenVectors(vectors, count, dim, tokenIds, charStart, charEnd);
	}

	private static void normalize(float[] values, int offset, int dim) {
		double norm = 0;
		for (int d = 0; d < dim; d++) {
			norm += (double) values[offset + d] * values[offset + d];
		}
		float scale = (float) (1.0 / Math.max(Math.sqrt(norm), 1e-12));
		for (int d = 0; d < dim; d++) {
			values[offset + d] *= scale;
		}
	}

}
