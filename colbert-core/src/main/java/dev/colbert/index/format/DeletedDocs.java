package dev.colbert.index.format;

import java.util.Arrays;

/** An immutable set of deleted documents of one segment (a bit set). */
public final class DeletedDocs {

	private final int docCount;

	private final long[] words;

	private final int deletedCount;

	public DeletedDocs(int docCount, long[] words) {
		if (words.length != (docCount + 63) >>> 6) {
			throw new IllegalArgumentException("Need " + ((docCount + 63) >>> 6) + " words for " + docCount + " documents");
		}
		this.docCount = docCount;
		this.words = words;
		int count = 0;
		for (long w : words) {
			count += Long.bitCount(w);
		}
		this.deletedCount = count;
	}

	public static DeletedDocs none(int docCount) {
		return new DeletedDocs(docCount, new long[(docCount + 63) >>> 6]);
	}

	public int docCount() {
		return this.docCount;
	}

	public int deletedCount() {
		return this.deletedCount;
	}

	public boolean isDeleted(int doc) {
		return (this.words[doc >>> 6] & (1L << doc)) != 0;
	}

	/** A copy with the given documents deleted too. */
	public DeletedDocs with(int[] docs, int count) {
		long[] copy = this.words.clone();
		for (int i = 0; i < count; i++) {
			copy[docs[i] >>> 6] |= 1L << docs[i];
		}
		return new DeletedDocs(this.docCount, copy);
	}

	/** Do not modify. */
	long[] words() {
		return this.words;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof DeletedDocs d && d.docCount == this.docCount && Arrays.equals(d.words, this.words);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.words);
	}

}
