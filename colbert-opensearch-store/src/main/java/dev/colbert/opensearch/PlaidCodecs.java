package dev.colbert.opensearch;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.IndexSettings;
import dev.colbert.index.codec.CodecTrainer;
import dev.colbert.index.codec.CodecTrainingOptions;
import dev.colbert.index.codec.ResidualCodec;

/**
 * The codec in force for one {@link CandidateGeneration#PLAID} store: read from the cluster
 * ({@link PlaidCodecStore}) when another client trained it, or trained here with the project's
 * {@link CodecTrainer} (the embedded index's reference settings, the configured nbits) and stored unless another
 * client stored one first. Thread-safe.
 */
final class PlaidCodecs implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(PlaidCodecs.class);

	private final PlaidCodecStore store;

	private final int dim;

	private final int nbits;

	private final Object lock = new Object();

	private volatile PlaidCodec codec;

	private boolean closed;

	/** Whether the collection's outgrowing the codec has been logged. */
	private final AtomicBoolean retrainWarned = new AtomicBoolean();

	PlaidCodecs(PlaidCodecStore store, int dim, int nbits) {
		this.store = store;
		this.dim = dim;
		this.nbits = nbits;
	}

	/** The codec in force, read from the cluster if this store has none yet; null when the index has none. */
	PlaidCodec current() throws IOException {
		PlaidCodec current = this.codec;
		if (current != null) {
			return current;
		}
		synchronized (this.lock) {
			if (this.codec == null && !this.closed) {
				ResidualCodec stored = this.store.read(this.dim);
				if (stored != null) {
					this.codec = new PlaidCodec(stored, this.store.sha256(stored));
					logger.info("Using the PLAID codec of index '{}': {}", this.store.codecIndex(), stored);
				}
			}
			return this.codec;
		}
	}

	/**
	 * The codec in force; when the index has none, one trained on {@code sample} for {@code plannedVectors} token
	 * vectors and stored (or the one another client stored meanwhile).
	 * @return the codec, and whether this call's training was stored
	 */
	Trained ensure(Iterable<TokenVectors> sample, long plannedVectors) throws IOException {
		PlaidCodec current = current();
		if (current != null) {
			return new Trained(current, false);
		}
		synchronized (this.lock) {
			if (this.closed) {
				throw new IllegalStateException("the store is closed");
			}
			if (this.codec != null) {
				return new Trained(this.codec, false);
			}
			CodecTrainingOptions defaults = CodecTrainingOptions.defaults();
			CodecTrainingOptions options = new CodecTrainingOptions(this.nbits, defaults.centroids(),
					defaults.kmeansIterations(), defaults.maxPointsPerCentroid(), defaults.centroidBits(),
					defaults.heldOutFraction(), defaults.maxHeldOut(), defaults.seed(), defaults.assignmentProbes());
			ResidualCodec trained = new CodecTrainer(options).train(sample, plannedVectors, this.dim);
			ResidualCodec inForce = this.store.storeIfAbsent(trained);
			this.codec = new PlaidCodec(inForce, this.store.sha256(inForce));
			boolean ours = inForce == trained;
			logger.info("PLAID codec of index '{}': {} ({})", this.store.codecIndex(), inForce,
					ours ? "trained here and stored" : "another client stored one first: using it");
			return new Trained(this.codec, ours);
		}
	}

	/**
	 * The state of the codec in force for an index of {@code tokenVectors} token vectors, or {@code null} when the
	 * index has none; logs a warning once when the collection has outgrown it.
	 */
	OpenSearchStoreDetails.CodecState state(long tokenVectors) throws IOException {
		PlaidCodec current = current();
		if (current == null) {
			return null;
		}
		ResidualCodec codec = current.codec();
		OpenSearchStoreDetails.CodecState state = OpenSearchStoreDetails.CodecState.of(codec.numCentroids(),
				codec.nbits(), codec.plannedVectors(), tokenVectors, IndexSettings.defaults().reclusterGrowthFactor());
		if (state.retrainReason() != null && this.retrainWarned.compareAndSet(false, true)) {
			logger.warn("PLAID codec {}: {}", this.store.codecIndex(), state.retrainReason());
		}
		return state;
	}

	@Override
	public void close() {
		synchronized (this.lock) {
			this.closed = true;
			if (this.codec != null) {
				this.codec.close();
			}
		}
	}

	/**
	 * @param codec the codec in force
	 * @param stored whether it was trained and stored by this call
	 */
	record Trained(PlaidCodec codec, boolean stored) {

		Trained {
			Objects.requireNonNull(codec, "codec");
		}

	}

}
