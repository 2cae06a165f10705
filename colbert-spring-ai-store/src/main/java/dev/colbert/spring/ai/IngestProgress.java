package dev.colbert.spring.ai;

import java.time.Duration;

import org.slf4j.Logger;

/**
 * Logs the progress of a long {@code add}: documents encoded, rate and estimated time left, at most every
 * {@link #INTERVAL}, then the commit that stores them.
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
			this.logger.info("Encoded {} documents in {} ({} documents/s); storing them", this.total, format(seconds),
					round(rate));
		}
		else {
			double eta = (this.total - done) / Math.max(rate, 1e-9);
			this.logger.info("Encoded {}/{} documents ({}%, {} documents/s, ETA {})", done, this.total,
					(int) (100L * done / this.total), round(rate), format(eta));
		}
	}

	/**
	 * Logs the commit of the encoded documents: at info when the add was long enough to log progress, else at debug.
	 * @param tokenVectors token vectors stored
	 * @param seconds how long the store took
	 */
	void stored(long tokenVectors, double seconds) {
		double total = (System.nanoTime() - this.startNanos) / 1e9;
		if (total >= INTERVAL.toSeconds()) {
			this.logger.info("Added {} documents ({} token vectors) in {}, of which storing {}", this.total,
					tokenVectors, format(total), format(seconds));
		}
		else if (this.logger.isDebugEnabled()) {
			this.logger.debug("Added {} documents ({} token vectors) in {} ms", this.total, tokenVectors,
					Math.round(total * 1000));
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
