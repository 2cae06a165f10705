package dev.colbert.opensearch.codes;

/**
 * Where the blob lies in the bytes of an OpenSearch {@code binary} field's doc value, which a shard reads from Lucene:
 * OpenSearch stores a field's values as a variable-length count, then each value as a variable-length length and its
 * bytes (Lucene's vint: 7 bits per byte, low bits first, the high bit set on every byte but the last). A passage of a
 * PLAID index has exactly one value.
 */
public final class BinaryDocValue {

	private BinaryDocValue() {
	}

	/**
	 * The one value in {@code bytes[offset, offset + length)}: its offset and length in {@code bytes}.
	 * @throws IllegalStateException when the bytes do not hold exactly one value
	 */
	public static Range single(byte[] bytes, int offset, int length) {
		int end = offset + length;
		int[] at = { offset };
		int count = readVInt(bytes, at, end);
		if (count != 1) {
			throw new IllegalStateException("the codes doc value holds " + count + " values, expected 1");
		}
		int valueLength = readVInt(bytes, at, end);
		if (valueLength < 0 || at[0] + valueLength != end) {
			throw new IllegalStateException("the codes doc value declares " + valueLength + " bytes but holds "
					+ (end - at[0]));
		}
		return new Range(at[0], valueLength);
	}

	private static int readVInt(byte[] bytes, int[] at, int end) {
		int value = 0;
		for (int shift = 0; shift < 32; shift += 7) {
			if (at[0] >= end) {
				throw new IllegalStateException("the codes doc value ends inside a length");
			}
			byte b = bytes[at[0]++];
			value |= (b & 0x7F) << shift;
			if (b >= 0) {
				return value;
			}
		}
		throw new IllegalStateException("the codes doc value holds a malformed length");
	}

	/**
	 * @param offset where the value starts
	 * @param length its bytes
	 */
	public record Range(int offset, int length) {
	}

}
