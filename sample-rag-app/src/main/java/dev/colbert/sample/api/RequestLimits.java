package dev.colbert.sample.api;

import org.springframework.stereotype.Component;

import dev.colbert.sample.SampleProperties;

/**
 * Bounds what one search can cost ({@code sample.search.*}): how many results ({@code k}) and how many of them get a
 * token-level explanation, the part that re-encodes chunks. Throws {@link InvalidRequestException}s that say what is
 * wrong and what is allowed. The query itself is checked by {@link TextRules}.
 */
@Component
public class RequestLimits {

	private final SampleProperties.Search search;

	public RequestLimits(SampleProperties properties) {
		this.search = properties.getSearch();
	}

	/**
	 * {@code k}, or the default when {@code null}.
	 * @throws InvalidRequestException when outside 1..{@code sample.search.max-k}
	 */
	public int k(Integer k) {
		if (k == null) {
			return this.search.getDefaultK();
		}
		if (k < 1 || k > this.search.getMaxK()) {
			throw new InvalidRequestException("k is " + k + " but must be between 1 and " + this.search.getMaxK()
					+ " (sample.search.max-k)");
		}
		return k;
	}

	/**
	 * How many of the best {@code k} results to explain: none without {@code explain}, else at most
	 * {@code sample.search.max-explained}.
	 */
	public int explained(boolean explain, int k) {
		return explain ? Math.min(k, this.search.getMaxExplained()) : 0;
	}

}
