package dev.colbert.index.codec;

import java.util.Arrays;

/** Appends values of 1 to 32 bits to a growable byte array, least significant bit first. */
public final class BitWriter {

	private byte[] bytes;

	private long bitPosition;

	public BitWriter(int initialBytes) {
		this.bytes = new byte[Math.max(initialBytes, 16)];
	}

	/** Writes the low {@code bits} bits of {@code value}. */
	public void write(int value, int bits) {
		if (bits == 0) {
			return;
		}
		long end = this.bitPosition + bits;
		ensure((int) ((end + 7) >>> 3));
		long v = value & ((bits == 32) ? 0xFFFFFFFFL : ((1L << bits) - 1));
		while (bits > 0) {
			int byteIndex = (int) (this.bitPosition >>> 3);
			int bitOffset = (int) (this.bitPosition & 7);
			int n = Math.min(8 - bitOffset, bits);
			this.bytes[byteIndex] |= (byte) ((v & ((1 << n) - 1)) << bitOffset);
			v >>>= n;
			bits -= n;
			this.bitPosition += n;
		}
	}

	/** Sets the single bit at {@code position} (which may be ahead of the write position) and moves past it. */
	public void setBit(long position) {
		ensure((int) ((position >>> 3) + 1));
		this.bytes[(int) (position >>> 3)] |= (byte) (1 << (position & 7));
		this.bitPosition = Math.max(this.bitPosition, position + 1);
	}

	/** Moves the write position to {@code position} bits (forward only); skipped bits stay zero. */
	public void skipTo(long position) {
		if (position < this.bitPosition) {
			throw new IllegalArgumentException("Cannot move back from bit " + this.bitPosition + " to " + position);
		}
		ensure((int) ((position + 7) >>> 3));
		this.bitPosition = position;
	}

	/** Pads to the next byte boundary. */
	public void alignToByte() {
		this.bitPosition = (this.bitPosition + 7) & ~7L;
		ensure((int) (this.bitPosition >>> 3));
	}

	public long bitPosition() {
		return this.bitPosition;
	}

	/** The written bytes (the last byte zero-padded). */
	public byte[] toByteArray() {
		return Arrays.copyOf(this.bytes, (int) ((this.bitPosition + 7) >>> 3));
	}

	public void reset() {
		Arrays.fill(this.bytes, 0, (int) Math.min(this.bytes.length, (this.bitPosition + 7) >>> 3), (byte) 0);
		this.bitPosition = 0;
	}

	private void ensure(int size) {
		if (size > this.bytes.length) {
			this.bytes = Arrays.copyOf(this.bytes, Math.max(size, this.bytes.length * 2));
		}
	}

}
