package dev.colbert.store;

import java.util.Objects;

import org.springframework.ai.vectorstore.filter.Filter;

import dev.colbert.encoder.TokenVectors;

/**
 * A MaxSim query against a {@link TokenVectorStore}.
 *
 * @param vectors the query token vectors (every vector is scored)
 * @param topK how many documents to return (at least 1)
 * @param minScore the lowest normalized score to return ({@link ScoredDocument#score()}); use
 * {@code Double.NEGATIVE_INFINITY} to accept all
 * @param filter a metadata filter, or {@code null}
 * @param mode PLAID candidate generation, or exhaustive exact MaxSim
 */
public record StoreQuery(TokenVectors vectors, int topK, double minScore, Filter.Expression filter, SearchMode mode) {

	public StoreQuery {
		Objects.requireNonNull(vectors, "vectors");
		if (topK < 1) {
			throw new IllegalArgumentException("topK must be at least 1, was " + topK);
		}
		mode = (mode != null) ? mode : SearchMode.PLAID;
	}

	public static StoreQuery of(TokenVectors vectors, int topK) {
		return new StoreQuery(vectors, topK, Double.NEGATIVE_INFINITY, null, SearchMode.PLAID);
	}

}
