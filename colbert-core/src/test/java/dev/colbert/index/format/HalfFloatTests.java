package dev.colbert.index.format;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HalfFloatTests {

	@Test
	void knownBitPatterns() {
		assertThat(HalfFloat.fromFloat(1f)).isEqualTo((short) 0x3c00);
		assertThat(HalfFloat.fromFloat(-2f)).isEqualTo((short) 0xc000);
		assertThat(HalfFloat.fromFloat(0.5f)).isEqualTo((short) 0x3800);
		assertThat(HalfFloat.fromFloat(65504f)).isEqualTo((short) 0x7bff);
		assertThat(HalfFloat.fromFloat(0x1p-24f)).isEqualTo((short) 0x0001);
		assertThat(HalfFloat.fromFloat(0x1p-14f)).isEqualTo((short) 0x0400);
		assertThat(HalfFloat.fromFloat(0f)).isEqualTo((short) 0);
		assertThat(HalfFloat.fromFloat(-0f)).isEqualTo((short) 0x8000);
		assertThat(HalfFloat.fromFloat(Float.POSITIVE_INFINITY)).isEqualTo((short) 0x7c00);
		assertThat(Float.isNaN(HalfFloat.toFloat(HalfFloat.fromFloat(Float.NaN)))).isTrue();
		// 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties to even (1)
		assertThat(HalfFloat.fromFloat(1f + 0x1p-11f)).isEqualTo((short) 0x3c00);
		assertThat(HalfFloat.fromFloat(1f + 0x1p-10f + 0x1p-11f)).isEqualTo((short) 0x3c02);
		// beyond the half range: clamped to the largest finite value
		assertThat(HalfFloat.toFloat(HalfFloat.fromFloat(1e6f))).isEqualTo(HalfFloat.MAX_VALUE);
	}

	@Test
	void everyHalfValueRoundTrips() {
		for (int bits = 0; bits < 0x10000; bits++) {
			short half = (short) bits;
			float value = HalfFloat.toFloat(half);
			if (Float.isNaN(value)) {
				continue;
			}
			assertThat(HalfFloat.fromFloat(value)).as("bits %04x", bits).isEqualTo(half);
		}
	}

	@Test
	void relativeErrorOfNormalizedCoordinatesIsAtMostHalfAnUlp() {
		Random random = new Random(5);
		for (int i = 0; i < 1_000_000; i++) {
			float value = (float) (random.nextGaussian() * 0.1);
			float back = HalfFloat.toFloat(HalfFloat.fromFloat(value));
			if (Math.abs(value) >= 0x1p-14f) {
				assertThat(Math.abs(back - value)).isLessThanOrEqualTo(Math.abs(value) * 0x1p-11f);
			}
			else {
				assertThat(Math.abs(back - value)).isLessThanOrEqualTo(0x1p-25f);
			}
		}
	}

}
