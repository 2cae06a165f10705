package dev.colbert.autoconfigure.actuate;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.store.StoreStats;
import dev.colbert.store.TokenVectorStore;

/**
 * The {@code colbert} health indicator: UP with the store type, its document and token-vector counts and the model
 * when the store's statistics can be read; DOWN with the reason (the exception) when they cannot, for example when the
 * index was closed or its files are unreadable, or when the OpenSearch cluster does not answer.
 */
public class ColbertHealthIndicator extends AbstractHealthIndicator {

	private final TokenVectorStore store;

	private final ColbertEncoder encoder;

	/**
	 * Creates the indicator.
	 * @param store the token-vector store to check
	 * @param encoder the encoder whose model is reported
	 */
	public ColbertHealthIndicator(TokenVectorStore store, ColbertEncoder encoder) {
		super("ColBERT health check failed");
		this.store = store;
		this.encoder = encoder;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		StoreStats<?> stats = this.store.stats();
		builder.up()
			.withDetail("store", stats.type())
			.withDetail("documents", stats.documents())
			.withDetail("tokenVectors", stats.tokenVectors())
			.withDetail("model", this.encoder.info().source())
			.withDetail("fingerprint", this.encoder.info().fingerprint());
	}

}
