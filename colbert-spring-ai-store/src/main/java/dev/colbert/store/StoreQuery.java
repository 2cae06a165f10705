package dev.colbert.store;

import java.util.Objects;

import org.springframework.ai.vectorstore.filter.Filter;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.hybrid.HybridParams;
import dev.colbert.index.SearchHit;
import dev.colbert.search.SearchMode;

/**
 * A MaxSim query against a {@link TokenVectorStore}, optionally hybrid (BM25 beside late interaction, fused).
 *
 * @param vectors the query token vectors (every vector is scored)
 * @param topK how many documents to return (at least 1)
 * @param minScore the lowest normalized score to return ({@link SearchHit#score()}, the normalized MaxSim, in
 * every mode); use {@code Double.NEGATIVE_INFINITY} to accept all
 * @param filter a metadata filter, or {@code null}; in hybrid mode it applies to both rankings
 * @param mode PLAID candidate generation, or exhaustive exact MaxSim (the late-interaction side of a hybrid query)
 * @param text the query text, which BM25 scores; required with {@code hybrid}, else unused
 * @param hybrid the fusion of a hybrid query, or {@code null} for late interaction alone
 */
public record StoreQuery(TokenVectors vectors, int topK, double minScore, Filter.Expression filter, SearchMode mode,
		String text, HybridParams hybrid) {

	public StoreQuery {
		Objects.requireNonNull(vectors, "vectors");
		if (topK < 1) {
			throw new IllegalArgumentException("topK must be at least 1, was " + topK);
		}
		mode = (mode != null) ? mode : SearchMode.PLAID;
		if (hybrid != null && (text == null || text.isBlank())) {
			throw new IllegalArgumentException("a hybrid query needs its text: BM25 scores the query's terms");
		}
	}

	/** A late-interaction query. */
	public StoreQuery(TokenVectors vectors, int topK, double minScore, Filter.Expression filter, SearchMode mode) {
		this(vectors, topK, minScore, filter, mode, null, null);
	}

	public static StoreQuery of(TokenVectors vectors, int topK) {
		return new StoreQuery(vectors, topK, Double.NEGATIVE_INFINITY, null, SearchMode.PLAID);
	}

	/** This query made hybrid: BM25 over {@code text} fused with late interaction as {@code hybrid} says. */
	public StoreQuery withHybrid(String text, HybridParams hybrid) {
		return new StoreQuery(this.vectors, this.topK, this.minScore, this.filter, this.mode, text,
				Objects.requireNonNull(hybrid, "hybrid"));
	}

	/** Whether this is a hybrid query. */
	public boolean isHybrid() {
		return this.hybrid != null;
	}

}
