package dev.colbert.autoconfigure.actuate;

import java.util.Arrays;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

import org.springframework.ai.vectorstore.observation.VectorStoreObservationContext;

import dev.colbert.spring.ai.ColbertVectorStore;

/**
 * Records the duration of every ColBERT search observation ({@code db.system = colbert}, operation {@code query}: the
 * vector store's searches and the retriever's retrievals): the count, the total time and the durations of the last
 * {@link #windowSize()} searches, from which {@link #snapshot()} computes percentiles. Registered as an
 * {@link ObservationHandler} bean, it sees the same observations as Micrometer's timer.
 *
 * <p>Thread-safe.
 */
public class ColbertQueryRecorder implements ObservationHandler<VectorStoreObservationContext> {

	/** Searches the percentiles are computed over by default. */
	public static final int DEFAULT_WINDOW_SIZE = 1024;

	private static final String START_KEY = ColbertQueryRecorder.class.getName() + ".start";

	private final long[] window;

	private long count;

	private long totalNanos;

	private volatile String observationName;

	/** A recorder keeping the last {@value #DEFAULT_WINDOW_SIZE} durations. */
	public ColbertQueryRecorder() {
		this(DEFAULT_WINDOW_SIZE);
	}

	/**
	 * A recorder keeping the last {@code windowSize} durations.
	 * @param windowSize searches the percentiles are computed over, at least 1
	 */
	public ColbertQueryRecorder(int windowSize) {
		if (windowSize < 1) {
			throw new IllegalArgumentException("windowSize must be at least 1 but was " + windowSize);
		}
		this.window = new long[windowSize];
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof VectorStoreObservationContext vectorStoreContext
				&& ColbertVectorStore.DB_SYSTEM.equals(vectorStoreContext.getDatabaseSystem())
				&& VectorStoreObservationContext.Operation.QUERY.value().equals(vectorStoreContext.getOperationName());
	}

	@Override
	public void onStart(VectorStoreObservationContext context) {
		context.put(START_KEY, System.nanoTime());
	}

	@Override
	public void onStop(VectorStoreObservationContext context) {
		Long start = context.get(START_KEY);
		if (start != null) {
			this.observationName = context.getName();
			record(System.nanoTime() - start);
		}
	}

	/**
	 * Records one search.
	 * @param nanos its duration in nanoseconds
	 */
	public synchronized void record(long nanos) {
		this.window[(int) (this.count % this.window.length)] = nanos;
		this.count++;
		this.totalNanos += nanos;
	}

	/** Searches the percentiles are computed over. */
	public int windowSize() {
		return this.window.length;
	}

	/** The name of the observations recorded (the Micrometer timer's name), {@code null} before the first. */
	public String observationName() {
		return this.observationName;
	}

	/** The count, the mean and the percentiles of the last {@link #windowSize()} searches. */
	public Snapshot snapshot() {
		long[] recent;
		long count;
		long totalNanos;
		synchronized (this) {
			count = this.count;
			totalNanos = this.totalNanos;
			recent = Arrays.copyOf(this.window, (int) Math.min(count, this.window.length));
		}
		if (count == 0) {
			return new Snapshot(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
		}
		Arrays.sort(recent);
		return new Snapshot(count, totalNanos / 1e6 / count, percentile(recent, 0.50), percentile(recent, 0.95),
				percentile(recent, 0.99), recent.length);
	}

	/** The nearest-rank percentile of sorted durations, in milliseconds. */
	static double percentile(long[] sorted, double p) {
		int rank = (int) Math.ceil(p * sorted.length);
		return sorted[Math.max(rank, 1) - 1] / 1e6;
	}

	/**
	 * Recorded searches.
	 *
	 * @param count searches since start-up
	 * @param meanMs mean duration since start-up, in milliseconds ({@code NaN} when none)
	 * @param p50Ms median of the last {@code window} searches, in milliseconds
	 * @param p95Ms 95th percentile of the last {@code window} searches
	 * @param p99Ms 99th percentile of the last {@code window} searches
	 * @param window searches the percentiles are computed over
	 */
	public record Snapshot(long count, double meanMs, double p50Ms, double p95Ms, double p99Ms, int window) {

	}

}
