package dev.colbert.index.format;

/**
 * IEEE 754 half-precision (binary16) conversion, for the source vectors kept while an index trains adaptively (Java 17
 * has no {@code Float.floatToFloat16}). Rounds to nearest, ties to even; finite values beyond the half range are
 * clamped to {@code ±65504} (token vectors are L2-normalized, so this does not happen in practice).
 */
final class HalfFloat {

	/** Largest finite half value. */
	static final float MAX_VALUE = 65504f;

	private HalfFloat() {
	}

	/** The binary16 bits of {@code value} (NaN becomes a quiet NaN, infinities stay infinite). */
	static short fromFloat(float value) {
		int bits = Float.floatToRawIntBits(value);
		int sign = (bits >>> 16) & 0x8000;
		int abs = bits & 0x7fffffff;
		if (abs > 0x7f800000) {
			return (short) (sign | 0x7e00);
		}
		if (abs == 0x7f800000) {
			return (short) (sign | 0x7c00);
		}
		if (abs >= 0x477ff000) {
			// 65520 and above would round to infinity
			return (short) (sign | 0x7bff);
		}
		if (abs < 0x38800000) {
			// below 2^-14: a subnormal half, value / 2^-24 rounded (a power-of-two scaling is exact)
			float scaled = Float.intBitsToFloat(abs) * 0x1p24f;
			int m = (int) Math.rint(scaled);
			return (short) (sign | m);
		}
		int rounded = abs + 0x0fff + ((abs >>> 13) & 1);
		return (short) (sign | ((rounded - 0x38000000) >>> 13));
	}

	/** The float value of binary16 bits. */
	static float toFloat(short half) {
		int h = half & 0xffff;
		int sign = (h & 0x8000) << 16;
		int exponent = (h >>> 10) & 0x1f;
		int mantissa = h & 0x3ff;
		if (exponent == 0) {
			float magnitude = mantissa * 0x1p-24f;
			return (sign != 0) ? -magnitude : magnitude;
		}
		if (exponent == 31) {
			return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
		}
		return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
	}

}
