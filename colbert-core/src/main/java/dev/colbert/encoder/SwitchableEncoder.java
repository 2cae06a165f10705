package dev.colbert.encoder;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * A {@link ColbertEncoder} whose model can be replaced while the application runs (a model swap after training).
 *
 * <p>Every call runs under a shared lock; {@link #switchTo} takes it exclusively, so a switch waits for the calls in
 * flight and the encoder it replaces is no longer used once {@code switchTo} returns (its caller may close it).
 * Work that must use one model for several steps (encode a query, then search the index that model built) runs in
 * {@link #withCurrent}: a switch cannot fall between its steps, and {@code switchTo} can replace the index in the same
 * exclusive section.
 *
 * <p>{@link #close()} closes the current encoder.
 */
public final class SwitchableEncoder implements ColbertEncoder {

	private final ReadWriteLock lock = new ReentrantReadWriteLock();

	private volatile ColbertEncoder current;

	/** Starts with {@code initial}, which this encoder owns (closes) from now on. */
	public SwitchableEncoder(ColbertEncoder initial) {
		this.current = Objects.requireNonNull(initial, "initial");
	}

	/** The encoder in use now (for monitoring; encode through this encoder or {@link #withCurrent}). */
	public ColbertEncoder current() {
		return this.current;
	}

	/**
	 * Runs {@code work} with the current encoder; no switch happens until it returns.
	 * @param work receives the encoder to use for every step
	 * @return what {@code work} returns
	 */
	public <T> T withCurrent(Function<ColbertEncoder, T> work) {
		this.lock.readLock().lock();
		try {
			return work.apply(this.current);
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	/**
	 * Replaces the encoder once no call is in flight. {@code alsoSwitch} runs in the same exclusive section (for
	 * example replacing the index the new encoder built); if it throws, the encoder is not replaced.
	 * @param next the new encoder, owned by this encoder from now on
	 * @param alsoSwitch runs while no call is in flight, before the encoder is replaced
	 * @return the replaced encoder, no longer used: the caller closes it
	 */
	public ColbertEncoder switchTo(ColbertEncoder next, Runnable alsoSwitch) {
		Objects.requireNonNull(next, "next");
		Objects.requireNonNull(alsoSwitch, "alsoSwitch");
		this.lock.writeLock().lock();
		try {
			alsoSwitch.run();
			ColbertEncoder previous = this.current;
			this.current = next;
			return previous;
		}
		finally {
			this.lock.writeLock().unlock();
		}
	}

	@Override
	public TokenVectors encodeQuery(String query) {
		return withCurrent((encoder) -> encoder.encodeQuery(query));
	}

	@Override
	public List<TokenVectors> encodeDocuments(List<String> documents) {
		return withCurrent((encoder) -> encoder.encodeDocuments(documents));
	}

	@Override
	public EncoderInfo info() {
		return this.current.info();
	}

	@Override
	public void close() {
		this.lock.writeLock().lock();
		try {
			this.current.close();
		}
		finally {
			this.lock.writeLock().unlock();
		}
	}

}
