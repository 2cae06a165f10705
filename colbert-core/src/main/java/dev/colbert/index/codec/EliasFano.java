package dev.colbert.index.codec;

/**
 * Elias-Fano coding of one document's sorted centroid ids (duplicates allowed), byte-aligned per document.
 *
 * <p>For {@code n} values in {@code [0, universe)}: {@code L = floor(log2(universe / n))} low bits per value are
 * stored first (value by value, least significant bit first), followed by the high parts in unary: the bit at
 * position {@code (value >>> L) + i} is set for the {@code i}-th value. The size depends only on {@code n} and
 * {@code universe}, so a reader can compute every document's offset from the document lengths alone:
 * {@code ceil((n * L + n + ((universe - 1) >>> L) + 1) / 8)} bytes. At 32,768 centroids and 100 vectors per document
 * this is 10.4 bits per vector instead of 32.
 */
public final class EliasFano {

	private EliasFano() {
	}

	/** The number of low bits for {@code n} values below {@code universe}. */
	public static int lowBits(int n, int universe) {
		if (n <= 0 || universe <= n) {
			return 0;
		}
		return 31 - Integer.numberOfLeadingZeros(universe / n);
	}

	/** Encoded size in bytes of {@code n} values below {@code universe}. */
	public static int byteSize(int n, int universe) {
		if (n == 0) {
			return 0;
		}
		int l = lowBits(n, universe);
		long bits = (long) n * l + n + ((long) (universe - 1) >>> l) + 1;
		return (int) ((bits + 7) >>> 3);
	}

	/**
	 * Appends {@code values[from, from + n)} (sorted ascending, each in {@code [0, universe)}) to {@code out}, which
	 * must be byte-aligned; leaves it byte-aligned.
	 */
	public static void encode(int[] values, int from, int n, int universe, BitWriter out) {
		if (n == 0) {
			return;
		}
		long base = out.bitPosition();
		int l = lowBits(n, universe);
		for (int i = 0; i < n; i++) {
			out.write(values[from + i], l);
		}
		long highBase = base + (long) n * l;
		int previous = 0;
		for (int i = 0; i < n; i++) {
			int v = values[from + i];
			if (v < previous || v >= universe) {
				throw new IllegalArgumentException("Values must be sorted and below " + universe + ": value " + v
						+ " at " + i + " after " + previous);
			}
			previous = v;
			out.setBit(highBase + (v >>> l) + i);
		}
		out.skipTo(base + (long) byteSize(n, universe) * 8);
	}

	/**
	 * Decodes {@code n} values that start at byte {@code byteOffset} of {@code bytes} into {@code out[outOffset...]}.
	 * Returns false when the bits are inconsistent (corrupt data).
	 */
	public static boolean decode(byte[] bytes, int byteOffset, int n, int universe, int[] out, int outOffset) {
		if (n == 0) {
			return true;
		}
		int l = lowBits(n, universe);
		BitReader reader = new BitReader(bytes, byteOffset);
		for (int i = 0; i < n; i++) {
			out[outOffset + i] = reader.read(l);
		}
		long highBase = (long) n * l;
		long highBits = n + ((long) (universe - 1) >>> l) + 1;
		int i = 0;
		long limit = highBase + highBits;
		int byteIndex = (int) (highBase >>> 3);
		long position = highBase;
		while (i < n && position < limit) {
			int b = reader.byteAt(byteIndex);
			int bitOffset = (int) (position & 7);
			b >>>= bitOffset;
			while (b != 0 && i < n) {
				int tz = Integer.numberOfTrailingZeros(b);
				long p = position + tz;
				if (p >= limit) {
					return false;
				}
				long high = (p - highBase) - i;
				int value = (int) ((high << l) | out[outOffset + i]);
				if (value >= universe || (i > 0 && value < out[outOffset + i - 1])) {
					return false;
				}
				out[outOffset + i] = value;
				i++;
				b &= b - 1;
			}
			position += 8 - bitOffset;
			byteIndex++;
		}
		return i == n;
	}

}
