package dev.colbert.encoder.inference;

import java.util.List;

/**
 * The growth of a resident set over the steady state of a long run: the least-squares slope of the samples taken in
 * the second half of the run, times the length of that half. Growth early in a run (allocator arenas, thread caches,
 * the JIT, libtorch's per-shape caches filling) is not a leak and does not count; a leak grows the resident set at a
 * steady rate for as long as the run lasts, which the slope measures over all the late samples at once rather than
 * from two single readings.
 */
final class ResidentSetTrend {

	/** A reading: the resident set in KB after {@code batches} batches. */
	record Sample(long batches, long kilobytes) {

	}

	private ResidentSetTrend() {
	}

	/**
	 * KB per batch, least squares over the samples taken at or after half of {@code totalBatches}.
	 * @throws IllegalArgumentException with fewer than three such samples
	 */
	static double slopeOverSecondHalf(List<Sample> samples, long totalBatches) {
		List<Sample> late = samples.stream().filter((sample) -> 2 * sample.batches() >= totalBatches).toList();
		if (late.size() < 3) {
			throw new IllegalArgumentException("need at least 3 samples in the second half, got " + late);
		}
		double meanX = late.stream().mapToLong(Sample::batches).average().orElseThrow();
		double meanY = late.stream().mapToLong(Sample::kilobytes).average().orElseThrow();
		double covariance = 0;
		double variance = 0;
		for (Sample sample : late) {
			covariance += (sample.batches() - meanX) * (sample.kilobytes() - meanY);
			variance += (sample.batches() - meanX) * (sample.batches() - meanX);
		}
		return covariance / variance;
	}

	/** The trend's growth over the second half of the run, KB. */
	static double growthOverSecondHalf(List<Sample> samples, long totalBatches) {
		return slopeOverSecondHalf(samples, totalBatches) * (totalBatches / 2.0);
	}

}
