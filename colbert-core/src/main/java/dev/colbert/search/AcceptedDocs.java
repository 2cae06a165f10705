package dev.colbert.search;

import java.util.function.IntPredicate;

/**
 * The documents of one segment a search may return: not deleted and matching the filter. A bit set; immutable once
 * built.
 */
public final class AcceptedDocs {

	private final int docCount;

	private final long[] bits;

	private final int count;

	private AcceptedDocs(int docCount, long[] bits, int count) {
		this.docCount = docCount;
		this.bits = bits;
		this.count = count;
	}

	/** Every document accepted. */
	public static AcceptedDocs all(int docCount) {
		long[] bits = new long[(docCount + 63) >>> 6];
		for (int i = 0; i < docCount; i++) {
			bits[i >>> 6] |= 1L << i;
		}
		return new AcceptedDocs(docCount, bits, docCount);
	}

	/** Builds from a predicate over the documents. */
	public static AcceptedDocs of(int docCount, IntPredicate accepted) {
		long[] bits = new long[(docCount + 63) >>> 6];
		int count = 0;
		for (int i = 0; i < docCount; i++) {
			if (accepted.test(i)) {
				bits[i >>> 6] |= 1L << i;
				count++;
			}
		}
		return new AcceptedDocs(docCount, bits, count);
	}

	/**
	 * From a bit set: document {@code doc} is bit {@code doc % 64} of word {@code doc / 64}; bits at or past
	 * {@code docCount} must be clear. Takes over the array.
	 */
	public static AcceptedDocs of(int docCount, long[] bits) {
		if (bits.length != (docCount + 63) >>> 6) {
			throw new IllegalArgumentException(bits.length + " words for " + docCount + " documents");
		}
		int count = 0;
		for (long word : bits) {
			count += Long.bitCount(word);
		}
		return new AcceptedDocs(docCount, bits, count);
	}

	public int docCount() {
		return this.docCount;
	}

	/** Number of accepted documents. */
	public int count() {
		return this.count;
	}

	public boolean accepts(int doc) {
		return (this.bits[doc >>> 6] & (1L << doc)) != 0;
	}

	/** The next accepted document at or after {@code doc}, or -1. */
	public int nextAccepted(int doc) {
		if (doc >= this.docCount) {
			return -1;
		}
		int word = doc >>> 6;
		long bitsLeft = this.bits[word] & (-1L << doc);
		while (true) {
			if (bitsLeft != 0) {
				int next = (word << 6) + Long.numberOfTrailingZeros(bitsLeft);
				return (next < this.docCount) ? next : -1;
			}
			if (++word >= this.bits.length) {
				return -1;
			}
			bitsLeft = this.bits[word];
		}
	}

}
