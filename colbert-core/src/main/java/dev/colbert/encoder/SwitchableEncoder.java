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
 * <p>Long work (encoding the documents of a large add) should not hold the shared lock: a waiting switch makes every
 * new call queue behind it, searches included. It encodes with a {@link #lease()} instead, one per batch: a switch
 * does not wait for leases to take the lock; once it has switched (and released the lock) it waits until the leases of
 * the encoder it replaced are closed, so that encoder is still no longer used when {@code switchTo} returns. The
 * leaseholder learns of the switch from the next lease, and stores its vectors in {@link #withCurrent} after checking
 * that the model that encoded them still serves.
 *
 * <p>{@link #close()} closes the current encoder.
 */
public final class SwitchableEncoder implements ColbertEncoder {

	private final ReadWriteLock lock = new ReentrantReadWriteLock();

	private volatile Serving current;

	/** Starts with {@code initial}, which this encoder owns (closes) from now on. */
	public SwitchableEncoder(ColbertEncoder initial) {
		this.current = new Serving(Objects.requireNonNull(initial, "initial"));
	}

	/** The encoder in use now (for monitoring; encode through this encoder or {@link #withCurrent}). */
	public ColbertEncoder current() {
		return this.current.encoder;
	}

	/**
	 * The current encoder, for one step of work done outside the lock (see the class description). Close the lease
	 * as soon as the step is done: a switch waits for it before it returns.
	 */
	public Lease lease() {
		this.lock.readLock().lock();
		try {
			Serving serving = this.current;
			serving.acquire();
			return new Lease(serving);
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	/**
	 * Runs {@code work} with the current encoder; no switch happens until it returns.
	 * @param work receives the encoder to use for every step
	 * @return what {@code work} returns
	 */
	public <T> T withCurrent(Function<ColbertEncoder, T> work) {
		this.lock.readLock().lock();
		try {
			return work.apply(this.current.encoder);
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	/**
	 * Replaces the encoder once no call is in flight. {@code alsoSwitch} runs in the same exclusive section (for
	 * example replacing the index the new encoder built); if it throws, the encoder is not replaced. Then, with the
	 * lock released (calls go on with {@code next}), waits until the leases of the replaced encoder are closed.
	 * @param next the new encoder, owned by this encoder from now on
	 * @param alsoSwitch runs while no call is in flight, before the encoder is replaced
	 * @return the replaced encoder, no longer used: the caller closes it
	 */
	public ColbertEncoder switchTo(ColbertEncoder next, Runnable alsoSwitch) {
		Objects.requireNonNull(next, "next");
		Objects.requireNonNull(alsoSwitch, "alsoSwitch");
		Serving previous;
		this.lock.writeLock().lock();
		try {
			alsoSwitch.run();
			previous = this.current;
			this.current = new Serving(next);
		}
		finally {
			this.lock.writeLock().unlock();
		}
		previous.awaitLeasesClosed();
		return previous.encoder;
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
		return this.current.encoder.info();
	}

	/** Closes the current encoder once no call is in flight and its leases are closed. */
	@Override
	public void close() {
		while (true) {
			Serving serving;
			this.lock.writeLock().lock();
			try {
				serving = this.current;
				if (serving.hasNoLease()) {
					serving.encoder.close();
					return;
				}
			}
			finally {
				this.lock.writeLock().unlock();
			}
			serving.awaitLeasesClosed();
		}
	}

	/** An encoder while it serves, with the leases taken on it. */
	private static final class Serving {

		private final ColbertEncoder encoder;

		private int leases;

		Serving(ColbertEncoder encoder) {
			this.encoder = encoder;
		}

		synchronized boolean hasNoLease() {
			return this.leases == 0;
		}

		synchronized void acquire() {
			this.leases++;
		}

		synchronized void release() {
			if (--this.leases == 0) {
				notifyAll();
			}
		}

		synchronized void awaitLeasesClosed() {
			boolean interrupted = false;
			while (this.leases > 0) {
				try {
					wait();
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}

	}

	/** The encoder that served when the lease was taken; a switch does not return before the lease is closed. */
	public static final class Lease implements AutoCloseable {

		private final Serving serving;

		private boolean closed;

		private Lease(Serving serving) {
			this.serving = serving;
		}

		/** The leased encoder: use it only until the lease is closed. */
		public ColbertEncoder encoder() {
			return this.serving.encoder;
		}

		@Override
		public void close() {
			if (!this.closed) {
				this.closed = true;
				this.serving.release();
			}
		}

	}

}
