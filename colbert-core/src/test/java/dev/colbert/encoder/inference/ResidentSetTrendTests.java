package dev.colbert.encoder.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongUnaryOperator;

import org.junit.jupiter.api.Test;

import dev.colbert.encoder.inference.ResidentSetTrend.Sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The trend NativeMemoryStabilityTests bounds (issue 15, item 11) on resident-set series of the shapes seen: all growth
 * early, noise, and the per-batch leak the test is there to catch.
 */
class ResidentSetTrendTests {

	private static final long BATCHES = 10_000;

	@Test
	void growthEarlyInTheRunIsNotALeak() {
		// the failure of issue 15: +16.4 MB, all of it in the first batches, flat afterwards
		List<Sample> samples = series((batches) -> 307_700 + Math.min(batches, 1_500) * 16_800 / 1_500, 0);
		assertThat(ResidentSetTrend.growthOverSecondHalf(samples, BATCHES)).isCloseTo(0, within(1.0));
	}

	@Test
	void aLeakOfOneSmallTensorPerBatchIsMeasuredAtItsRate() {
		// about 6 KB a batch: 30 MB over 5,000 batches, with early growth and noise on top
		List<Sample> samples = series((batches) -> 307_700 + Math.min(batches, 1_500) * 10 + batches * 6, 1_000);
		assertThat(ResidentSetTrend.growthOverSecondHalf(samples, BATCHES)).isCloseTo(30_000, within(3_000.0))
			.isGreaterThan(NativeMemoryStabilityTests.MAX_STEADY_GROWTH_KB);
	}

	@Test
	void noiseOfAMegabyteStaysWithinTheBound() {
		for (int seed = 0; seed < 20; seed++) {
			List<Sample> samples = series((batches) -> 317_000, 1_000, seed);
			assertThat(ResidentSetTrend.growthOverSecondHalf(samples, BATCHES))
				.isLessThan(NativeMemoryStabilityTests.MAX_STEADY_GROWTH_KB);
		}
	}

	private static List<Sample> series(LongUnaryOperator kilobytes, int noiseKb) {
		return series(kilobytes, noiseKb, 1);
	}

	/** A reading every 500 batches, as EncodingLoop prints them, with uniform noise of +-noiseKb / 2. */
	private static List<Sample> series(LongUnaryOperator kilobytes, int noiseKb, long seed) {
		Random random = new Random(seed);
		List<Sample> samples = new ArrayList<>();
		for (long batches = 500; batches <= BATCHES; batches += 500) {
			long noise = (noiseKb > 0) ? random.nextInt(noiseKb) - noiseKb / 2 : 0;
			samples.add(new Sample(batches, kilobytes.applyAsLong(batches) + noise));
		}
		return samples;
	}

}
