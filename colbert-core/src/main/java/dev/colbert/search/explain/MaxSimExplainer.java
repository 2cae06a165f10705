package dev.colbert.search.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

import dev.colbert.encoder.TokenVectors;

/**
 * Computes a {@link MaxSimExplanation}: for every query vector, the argmax over the document vectors of the dot
 * product, and that dot product.
 *
 * <p>The arithmetic is the one MaxSim uses ({@code score(q, d) = sum_i max_j <q_i, d_j>}), accumulated in single
 * precision like the scorers; ties go to the document token that comes first. Both inputs must carry token ids and
 * character offsets (as {@link dev.colbert.encoder.ColbertEncoder} produces them) for the explanation to name tokens;
 * vectors without offsets (read back from an index) still explain, with {@code null} texts.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class MaxSimExplainer {

	private final IntFunction<String> tokenNames;

	/** An explainer that names only tokens found in the texts; special tokens get a {@code null} text. */
	public MaxSimExplainer() {
		this(null);
	}

	/**
	 * An explainer that names special tokens (those without character offsets) through a vocabulary lookup.
	 * @param tokenNames maps a vocabulary id to its token (for example {@code 101 -> "[CLS]"}), or {@code null}
	 */
	public MaxSimExplainer(IntFunction<String> tokenNames) {
		this.tokenNames = tokenNames;
	}

	/**
	 * Explains the MaxSim of a query against one document.
	 * @param query the query token vectors
	 * @param queryText the query text the vectors were encoded from (used to cut token texts), or {@code null}
	 * @param document the document token vectors
	 * @param documentText the document text the vectors were encoded from, or {@code null}
	 * @return one match per query vector
	 * @throws IllegalArgumentException if the dimensions differ or the document has no vectors
	 */
	public MaxSimExplanation explain(TokenVectors query, String queryText, TokenVectors document, String documentText) {
		Objects.requireNonNull(query, "query");
		Objects.requireNonNull(document, "document");
		if (query.dim() != document.dim()) {
			throw new IllegalArgumentException("Query vectors have " + query.dim() + " dimensions but document vectors have "
					+ document.dim() + ": both must come from the same encoder");
		}
		if (document.count() == 0) {
			throw new IllegalArgumentException("The document has no token vectors: MaxSim is undefined for it");
		}
		float[] q = query.data();
		float[] d = document.data();
		int dim = query.dim();
		List<TokenMatch> matches = new ArrayList<>(query.count());
		double maxSim = 0.0;
		for (int i = 0; i < query.count(); i++) {
			int qOffset = i * dim;
			int best = -1;
			float bestScore = Float.NEGATIVE_INFINITY;
			for (int j = 0; j < document.count(); j++) {
				int dOffset = j * dim;
				float dot = 0.0f;
				for (int k = 0; k < dim; k++) {
					dot += q[qOffset + k] * d[dOffset + k];
				}
				if (dot > bestScore) {
					bestScore = dot;
					best = j;
				}
			}
			matches.add(new TokenMatch(token(query, i, queryText), token(document, best, documentText), bestScore));
			maxSim += bestScore;
		}
		return new MaxSimExplanation(matches, maxSim);
	}

	private TokenRef token(TokenVectors vectors, int row, String text) {
		int tokenId = vectors.tokenIds()[row];
		int start = vectors.charStart()[row];
		int end = vectors.charEnd()[row];
		String tokenText = null;
		if (text != null && start >= 0 && start <= end && end <= text.length()) {
			tokenText = text.substring(start, end);
		}
		else if (this.tokenNames != null && tokenId >= 0) {
			tokenText = this.tokenNames.apply(tokenId);
		}
		return new TokenRef(row, tokenId, tokenText, start, end);
	}

}
