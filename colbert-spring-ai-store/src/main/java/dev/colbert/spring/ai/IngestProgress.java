package dev.colbert.spring.ai;

import java.time.Duration;

import org.slf4j.Logger;

/**
 * Logs the progress of a long {@code add}: documents done, rate and estimated time left, at most every
 * {@link #INTERVAL}.
 */
final class IngestProgress {

	static final Duration INTERVAL = Duration.ofSeconds(10);

	private final Logger logger;

	private final int total;

	private final long startNanos;

	private long lastLogNanos;

	IngestProgress(Logger logger, int total) {
		this.logger = logger;
		this.total = total;
		this.startNanos = System.nanoTime();
		this.lastLogNanos = this.startNanos;
	}

	void update(int done) {
		long now = System.nanoTime();
		boolean finished = done >= this.total;
		if (!finished && now - this.lastLogNanos < INTERVAL.toNanos()) {
			return;
		}
		boolean slow = now - this.startNanos >= INTERVAL.toNanos();
		if (!slow) {
			return;
		}
		this.lastLogNanos = now;
		double seconds = (now - this.startNanos) / 1e9;
		double rate = done / seconds;
		if (finished) {
			this.logger.info("Added {} documents in {} ({} documents/s)", this.total, format(seconds), round(rate));
		}
		else {
			double eta = (this.total - done) / Math.max(rate, 1e-9);
			this.logger.info("Added {}/{} documents ({}%, {} documents/s, ETA {})", done, this.total,
					(int) (100L * done / this.total), round(rate), format(eta));
		}
	}

	private static String round(double value) {
		return String.format("%.1f", value);
	}

	static String format(double seconds) {
		long s = Math.round(seconds);
		if (s < 60) {
			return s + "s";
		}
		if (s < 3600) {
			return (s / 60) + "m " + (s % 60) + "s";
		}
		return (s / 3600) + "h " + ((s % 3600) / 60) + "m";
	}

}
