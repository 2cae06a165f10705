package dev.colbert.util;

import java.util.Objects;
import java.util.function.LongConsumer;

import org.slf4j.Logger;

/**
 * Logs the progress of long work (indexing, k-means, encoding, training) at most every few seconds, with rate and ETA.
 * Optionally forwards each update to a listener (for example an actuator progress view).
 *
 * <pre class="code">
 * ProgressLog progress = new ProgressLog(logger, "Encoding corpus", "docs", documents.size());
 * for (...) { ...; progress.update(done); }
 * progress.done();
 * </pre>
 */
public final class ProgressLog {

	private static final long DEFAULT_INTERVAL_NANOS = 5_000_000_000L;

	private final Logger logger;

	private final String task;

	private final String unit;

	private final long total;

	private final long intervalNanos;

	private final long start = System.nanoTime();

	private LongConsumer listener = (done) -> {
	};

	private boolean quietWhenShort;

	private long lastLog = this.start;

	public ProgressLog(Logger logger, String task, String unit, long total) {
		this(logger, task, unit, total, DEFAULT_INTERVAL_NANOS);
	}

	public ProgressLog(Logger logger, String task, String unit, long total, long intervalNanos) {
		this.logger = Objects.requireNonNull(logger, "logger");
		this.task = Objects.requireNonNull(task, "task");
		this.unit = Objects.requireNonNull(unit, "unit");
		if (total < 0) {
			throw new IllegalArgumentException("total must be >= 0, was " + total);
		}
		this.total = total;
		this.intervalNanos = intervalNanos;
	}

	/** Calls {@code listener} with the done count on every update. */
	public ProgressLog onUpdate(LongConsumer listener) {
		this.listener = Objects.requireNonNull(listener, "listener");
		return this;
	}

	/**
	 * Makes {@link #done()} log at debug instead of info when the work took less than one interval (for work that is
	 * often quick, such as one add call, whose summary would otherwise fill the log).
	 */
	public ProgressLog quietWhenShort() {
		this.quietWhenShort = true;
		return this;
	}

	/** Whether the work has run for at least one interval (when {@link #quietWhenShort()} no longer applies). */
	public boolean isLong() {
		return System.nanoTime() - this.start >= this.intervalNanos;
	}

	/** Seconds since this log was created. */
	public double elapsedSeconds() {
		return (System.nanoTime() - this.start) / 1e9;
	}

	/** Records that {@code done} of the total units are finished; logs when the interval has passed. */
	public void update(long done) {
		this.listener.accept(done);
		long now = System.nanoTime();
		if (now - this.lastLog < this.intervalNanos) {
			return;
		}
		this.lastLog = now;
		double seconds = (now - this.start) / 1e9;
		double rate = done / Math.max(seconds, 1e-9);
		double eta = (rate > 0) ? (this.total - done) / rate : Double.NaN;
		this.logger.info("{}: {}/{} {} ({} {}/s), ETA {}", this.task, done, this.total, this.unit,
				String.format("%.1f", rate), this.unit, formatSeconds(eta));
	}

	/** Logs the total, duration and average rate (at debug for short work when {@link #quietWhenShort()}). */
	public void done() {
		this.listener.accept(this.total);
		double seconds = elapsedSeconds();
		if (this.quietWhenShort && !isLong()) {
			if (this.logger.isDebugEnabled()) {
				this.logger.debug("{}: {} {} in {} ms", this.task, this.total, this.unit, Math.round(seconds * 1000));
			}
			return;
		}
		this.logger.info("{}: {} {} in {} ({} {}/s)", this.task, this.total, this.unit, formatSeconds(seconds),
				String.format("%.1f", this.total / Math.max(seconds, 1e-9)), this.unit);
	}

	/** A duration for the log: {@code 42 s}, {@code 3 min 5 s}, {@code 2 h 10 min}; {@code unknown} when not finite. */
	public static String formatSeconds(double seconds) {
		if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
			return "unknown";
		}
		long s = Math.round(seconds);
		if (s < 60) {
			return s + " s";
		}
		if (s < 3600) {
			return (s / 60) + " min " + (s % 60) + " s";
		}
		return (s / 3600) + " h " + ((s % 3600) / 60) + " min";
	}

}
