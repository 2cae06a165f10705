package dev.colbert.sample.api;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import dev.colbert.sample.SampleProperties;

/**
 * Checks queries and {@code k} against the configured limits ({@code sample.search.*}), throwing
 * {@link InvalidRequestException}s that say what is wrong and what is allowed.
 */
@Component
public class RequestLimits {

	private final SampleProperties.Search search;

	public RequestLimits(SampleProperties properties) {
		this.search = properties.getSearch();
	}

	/**
	 * The query, stripped.
	 * @param name the parameter name used in messages
	 * @throws InvalidRequestException when it is missing, blank or longer than {@code sample.search.max-query-chars}
	 */
	public String query(String name, String query) {
		if (query == null || query.isBlank()) {
			throw new InvalidRequestException("The " + name + " is empty: give the text to search for, e.g. "
					+ ("q".equals(name) ? "/api/search?q=write-ahead+log" : "{\"question\": \"What is WAL mode?\"}"));
		}
		String stripped = query.strip();
		if (stripped.length() > this.search.getMaxQueryChars()) {
			throw new InvalidRequestException(HttpStatus.BAD_REQUEST,
					"The " + name + " has " + stripped.length() + " characters, more than the "
							+ this.search.getMaxQueryChars() + " allowed (sample.search.max-query-chars): "
							+ "shorten it; the model reads only the first 32 tokens of a query anyway");
		}
		return stripped;
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
