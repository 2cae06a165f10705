package dev.colbert.encoder.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Widens IEEE float16 and bfloat16 values to float32 in Java, so that half-precision checkpoints load on any engine
 * build (DJL's PyTorch binding aborts the process on bfloat16 conversions).
 */
public final class HalfPrecision {

	private HalfPrecision() {
	}

	/**
	 * Converts little-endian half-precision values to float32 in native order.
	 * @param source the values, position to limit, little-endian
	 * @param target receives {@code 2 * source.remaining()} bytes from its position
	 * @param bfloat16 whether the values are bfloat16 (else IEEE float16)
	 */
	public static void toFloat32(ByteBuffer source, ByteBuffer target, boolean bfloat16) {
		ByteBuffer in = source.duplicate().order(ByteOrder.LITTLE_ENDIAN);
		ByteBuffer out = target.order(ByteOrder.nativeOrder());
		while (in.remaining() >= 2) {
			int bits = in.getShort() & 0xffff;
			out.putFloat(bfloat16 ? Float.intBitsToFloat(bits << 16) : float16ToFloat(bits));
		}
	}

	/** IEEE 754 binary16 to binary32, exact (subnormals, infinities and NaN included). */
	public static float float16ToFloat(int bits) {
		int sign = (bits & 0x8000) << 16;
		int exponent = (bits >>> 10) & 0x1f;
		int mantissa = bits & 0x3ff;
		if (exponent == 0x1f) {
			return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
		}
		if (exponent == 0) {
			if (mantissa == 0) {
				return Float.intBitsToFloat(sign);
			}
			float value = mantissa * 0x1p-24f;
			return (sign != 0) ? -value : value;
		}
		return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
	}

}
