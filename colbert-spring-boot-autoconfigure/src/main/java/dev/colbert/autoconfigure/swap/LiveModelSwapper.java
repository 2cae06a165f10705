package dev.colbert.autoconfigure.swap;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.colbert.autoconfigure.ColbertProperties;
import dev.colbert.autoconfigure.encoder.ColbertEncoderAutoConfiguration;
import dev.colbert.autoconfigure.store.StoreType;
import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.SwitchableEncoder;
import dev.colbert.store.TokenVectorStore;
import dev.colbert.store.embedded.EmbeddedTokenVectorStore;
import dev.colbert.store.swap.ModelSwap;
import dev.colbert.training.TrainingJob;

/**
 * Swaps a checkpoint into the running application for the {@code colberttraining} endpoint: loads it with the
 * {@code colbert.encoder.*} options and runs a {@link ModelSwap} over the application's {@link SwitchableEncoder} and
 * embedded store. Only the embedded store supports swaps; {@link #unsupportedReason()} says why a swap is refused
 * otherwise.
 */
public final class LiveModelSwapper {

	/** Documents re-encoded between commits of the new index (bounds the memory of a swap). */
	static final int COMMIT_EVERY = 4096;

	private final @Nullable ColbertEncoder encoder;

	private final @Nullable TokenVectorStore store;

	private final ColbertProperties properties;

	private ModelSwap swap;

	/**
	 * @param encoder the application's encoder, or {@code null} when it has none
	 * @param store the application's token-vector store, or {@code null} when it has none
	 * @param properties the {@code colbert.*} settings
	 */
	public LiveModelSwapper(@Nullable ColbertEncoder encoder, @Nullable TokenVectorStore store,
			ColbertProperties properties) {
		this.encoder = encoder;
		this.store = store;
		this.properties = properties;
	}

	/** The application's encoder (the model that built the store's index), or {@code null}. */
	public @Nullable ColbertEncoder encoder() {
		return this.encoder;
	}

	/** The application's token-vector store, or {@code null}. */
	public @Nullable TokenVectorStore store() {
		return this.store;
	}

	/** Why this application cannot swap models, or {@code null} when it can. */
	public @Nullable String unsupportedReason() {
		if (this.properties.getStore().getType() == StoreType.OPENSEARCH
				|| (this.store != null && !(this.store instanceof EmbeddedTokenVectorStore))) {
			return "swapping a model into the running application is supported with the embedded store only ("
					+ ColbertProperties.PREFIX + ".store.type=embedded); with OpenSearch, re-index into a new index "
					+ "with the new model and point " + ColbertProperties.PREFIX + ".model and "
					+ ColbertProperties.PREFIX + ".store.opensearch.index-name at them";
		}
		if (this.store == null || this.encoder == null) {
			return "the application has no ColBERT encoder and token-vector store to swap";
		}
		if (!(this.encoder instanceof SwitchableEncoder)) {
			return "the application's ColbertEncoder bean is not a SwitchableEncoder (an application-defined encoder "
					+ "bean replaced the auto-configured one), so its model cannot be swapped";
		}
		return null;
	}

	/** The follow-up of a training job that swaps its checkpoint in. */
	public TrainingJob.FollowUp followUp() {
		return (checkpoint, job) -> swap(checkpoint, job);
	}

	/**
	 * Loads the checkpoint and swaps it in, the current model serving until the swap completes.
	 * @throws IllegalStateException when swaps are not supported here or the checkpoint does not fit
	 */
	public ModelSwap.Result swap(Path checkpoint, TrainingJob job) {
		String reason = unsupportedReason();
		if (reason != null) {
			throw new IllegalStateException(reason);
		}
		job.phase("loading the new model", -1);
		ColbertEncoder next = ColbertEncoders.load(checkpoint.toString(),
				ColbertEncoderAutoConfiguration.encoderOptions(this.properties.getEncoder()));
		Integer expectedDim = this.properties.getEncoder().getDim();
		if (expectedDim != null && next.info().dim() != expectedDim) {
			int dim = next.info().dim();
			next.close();
			throw new IllegalStateException("the checkpoint " + checkpoint + " produces " + dim
					+ "-dimensional vectors but " + ColbertProperties.PREFIX + ".encoder.dim is " + expectedDim
					+ ", so the application would not start with it: change the setting or train without 'dim'");
		}
		return modelSwap().swap(checkpoint.toString(), next, job);
	}

	private synchronized ModelSwap modelSwap() {
		if (this.swap == null) {
			this.swap = new ModelSwap((SwitchableEncoder) this.encoder, (EmbeddedTokenVectorStore) this.store,
					this.properties.getModel(), this.properties.getStore().getEmbedded().getPath(),
					this.properties.getVectorStore().getBatchSize(), COMMIT_EVERY);
		}
		return this.swap;
	}

	/** The model and index that serve now, for the endpoint's status. */
	public Map<String, Object> serving() {
		Map<String, Object> serving = new LinkedHashMap<>();
		serving.put("model", (this.encoder != null) ? this.encoder.info().source() : null);
		serving.put("fingerprint", (this.encoder != null) ? this.encoder.info().fingerprint() : null);
		serving.put("index", (this.store instanceof EmbeddedTokenVectorStore embedded)
				? embedded.index().directory().toString() : null);
		serving.put("swappable", unsupportedReason() == null);
		return serving;
	}

}
