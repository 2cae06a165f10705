package dev.colbert.sample.api;

import org.springframework.stereotype.Component;

import dev.colbert.sample.SampleProperties;

/**
 * Checks {@code k} against the configured limits ({@code sample.search.*}), throwing {@link InvalidRequestException}s
 * that say what is wrong and what is allowed. The query itself is checked by {@link TextRules}.
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

}
