package dev.colbert.opensearch;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch._types.ErrorResponse;
import org.opensearch.client.opensearch._types.OpenSearchException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class OverloadRetriesTests {

	private final OpenSearchStoreSettings settings = OpenSearchStoreSettings.builder()
		.maxRetries(3)
		.initialBackoff(Duration.ofMillis(1))
		.maxBackoff(Duration.ofMillis(4))
		.build();

	@Test
	void aReadRefusedForOverloadIsRetriedUntilItSucceeds() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		String result = OverloadRetries.call(this.settings, "Search", () -> {
			if (calls.incrementAndGet() <= 2) {
				throw refusal(429, "circuit_breaking_exception");
			}
			return "hits";
		});
		assertThat(result).isEqualTo("hits");
		assertThat(calls).hasValue(3);
	}

	@Test
	void givesUpAfterMaxRetriesAndNeverRetriesOtherErrors() {
		AtomicInteger overloaded = new AtomicInteger();
		assertThatExceptionOfType(OpenSearchException.class).isThrownBy(() -> OverloadRetries.call(this.settings,
				"Search", () -> {
					overloaded.incrementAndGet();
					throw refusal(503, "unavailable");
				}))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(503));
		assertThat(overloaded).as("the call and 3 retries").hasValue(4);

		AtomicInteger bad = new AtomicInteger();
		assertThatExceptionOfType(OpenSearchException.class).isThrownBy(() -> OverloadRetries.call(this.settings,
				"Search", () -> {
					bad.incrementAndGet();
					throw refusal(400, "illegal_argument_exception");
				}));
		assertThat(bad).as("a bad request is not retried").hasValue(1);
	}

	private static OpenSearchException refusal(int status, String type) {
		return new OpenSearchException(ErrorResponse.of((e) -> e.status(status)
			.error((c) -> c.type(type).reason("refused for the test"))));
	}

}
