package dev.colbert.index;

import org.slf4j.Logger;

/** Logs the progress of long work at most every few seconds, with rate and ETA. */
final class Progress {

	private static final long INTERVAL_NANOS = 5_000_000_000L;

	private final Logger logger;

	private final String task;

	private final String unit;

	private final long total;

	private final long start = System.nanoTime();

	private long lastLog = this.start;

	Progress(Logger logger, String task, String unit, long total) {
		this.logger = logger;
		this.task = task;
		this.unit = unit;
		this.total = total;
	}

	void update(long done) {
		long now = System.nanoTime();
		if (now - this.lastLog < INTERVAL_NANOS) {
			return;
		}
		this.lastLog = now;
		double seconds = (now - this.start) / 1e9;
		double rate = done / Math.max(seconds, 1e-9);
		double eta = (rate > 0) ? (this.total - done) / rate : Double.NaN;
		this.logger.info("{}: {}/{} {} ({} {}/s), ETA {} s", this.task, done, this.total, this.unit,
				String.format("%.0f", rate), this.unit, String.format("%.0f", eta));
	}

	void done() {
		double seconds = (System.nanoTime() - this.start) / 1e9;
		if (seconds >= 1.0) {
			this.logger.info("{}: {} {} in {} s ({} {}/s)", this.task, this.total, this.unit,
					String.format("%.1f", seconds), String.format("%.0f", this.total / seconds), this.unit);
		}
	}

}
