package dev.colbert.benchmarks;

import java.util.Arrays;

/**
 * Percentiles and means of measured durations, shared by every benchmark.
 */
public final class Statistics {

	private Statistics() {
	}

	/** The nearest-rank percentile ({@code p} in [0, 100]) of the values (at least one). */
	public static double percentile(double[] values, double p) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int rank = (int) Math.ceil(p / 100.0 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

	/** The mean, NaN for no values. */
	public static double mean(double[] values) {
		return Arrays.stream(values).average().orElse(Double.NaN);
	}

}
