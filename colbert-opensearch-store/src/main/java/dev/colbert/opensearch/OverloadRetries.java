package dev.colbert.opensearch;

import java.io.IOException;
import java.time.Duration;

import org.opensearch.client.opensearch._types.OpenSearchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a read that the cluster refused for overload: 429 (a circuit breaker, a full search queue) or 503, with the
 * bulk writer's exponential backoff and jitter ({@link BulkWriter#backoff(OpenSearchStoreSettings, int)}), at most
 * {@code maxRetries} times. Any other error, and the last refusal, go to the caller.
 */
final class OverloadRetries {

	private static final Logger logger = LoggerFactory.getLogger(OverloadRetries.class);

	private OverloadRetries() {
	}

	/** A call to the cluster. */
	interface Call<T> {

		T call() throws IOException;

	}

	static <T> T call(OpenSearchStoreSettings settings, String operation, Call<T> call) throws IOException {
		for (int attempt = 0;; attempt++) {
			try {
				return call.call();
			}
			catch (OpenSearchException ex) {
				if ((ex.status() != 429 && ex.status() != 503) || attempt >= settings.maxRetries()) {
					throw ex;
				}
				Duration backoff = BulkWriter.backoff(settings, attempt);
				logger.warn("{} on index '{}' refused with status {} ({}); retry {} of {} in {} ms", operation,
						settings.indexName(), ex.status(), (ex.error() != null) ? ex.error().reason() : "",
						attempt + 1, settings.maxRetries(), backoff.toMillis());
				try {
					Thread.sleep(backoff.toMillis());
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw ex;
				}
			}
		}
	}

}
