package dev.colbert.opensearch;

import java.util.Map;

/**
 * OpenSearch refused or failed a store operation. For bulk writes, {@link #failures()} names every document that was
 * not written, with the engine's reason; the other documents of the same call were written.
 */
public class OpenSearchStoreException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient Map<String, String> failures;

	public OpenSearchStoreException(String message, Throwable cause) {
		super(message, cause);
		this.failures = Map.of();
	}

	public OpenSearchStoreException(String message, Map<String, String> failures) {
		super(message);
		this.failures = Map.copyOf(failures);
	}

	/** Document id to the engine's reason, for the documents a bulk write could not write; empty otherwise. */
	public Map<String, String> failures() {
		return this.failures;
	}

}
