package dev.colbert.eval;

import java.util.Arrays;

/** Collects durations and reports nearest-rank percentiles in milliseconds. */
public final class LatencyRecorder {

	private long[] nanos = new long[256];

	private int size;

	public void record(long durationNanos) {
		if (this.size == this.nanos.length) {
			this.nanos = Arrays.copyOf(this.nanos, this.size * 2);
		}
		this.nanos[this.size++] = durationNanos;
	}

	public int count() {
		return this.size;
	}

	/** The p-th percentile (0 < p <= 100, nearest rank) in milliseconds; NaN when nothing was recorded. */
	public double percentileMillis(double p) {
		if (p <= 0 || p > 100) {
			throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
		}
		if (this.size == 0) {
			return Double.NaN;
		}
		long[] sorted = Arrays.copyOf(this.nanos, this.size);
		Arrays.sort(sorted);
		int rank = (int) Math.ceil(p / 100.0 * this.size);
		return sorted[Math.max(0, rank - 1)] / 1e6;
	}

	public double meanMillis() {
		return (this.size == 0) ? Double.NaN : Arrays.stream(this.nanos, 0, this.size).average().orElse(0) / 1e6;
	}

}
