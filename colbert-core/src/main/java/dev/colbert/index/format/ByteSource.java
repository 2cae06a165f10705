package dev.colbert.index.format;

import java.nio.charset.StandardCharsets;

/** Reads what {@link ByteSink} writes; throws {@link IllegalStateException} on malformed input. */
public final class ByteSource {

	private final byte[] bytes;

	private int position;

	public ByteSource(byte[] bytes) {
		this.bytes = bytes;
	}

	public boolean hasMore() {
		return this.position < this.bytes.length;
	}

	public int readByte() {
		check(1);
		return this.bytes[this.position++];
	}

	public short readShort() {
		int lo = readByte() & 0xFF;
		int hi = readByte() & 0xFF;
		return (short) (lo | hi << 8);
	}

	public int readInt() {
		check(4);
		int v = 0;
		for (int i = 0; i < 4; i++) {
			v |= (this.bytes[this.position++] & 0xFF) << (8 * i);
		}
		return v;
	}

	public long readLong() {
		check(8);
		long v = 0;
		for (int i = 0; i < 8; i++) {
			v |= (long) (this.bytes[this.position++] & 0xFF) << (8 * i);
		}
		return v;
	}

	public int readVInt() {
		long result = 0;
		for (int shift = 0; shift < 35; shift += 7) {
			int b = readByte();
			result |= (long) (b & 0x7F) << shift;
			if ((b & 0x80) == 0) {
				if (result > 0xFFFFFFFFL) {
					throw new IllegalStateException("variable-length int overflows 32 bits");
				}
				return (int) result;
			}
		}
		throw new IllegalStateException("variable-length int longer than 5 bytes");
	}

	public String readString() {
		int length = readVInt();
		check(length);
		String s = new String(this.bytes, this.position, length, StandardCharsets.UTF_8);
		this.position += length;
		return s;
	}

	private void check(int count) {
		if (count < 0 || this.position + count > this.bytes.length) {
			throw new IllegalStateException("record truncated: needs " + count + " more bytes at " + this.position
					+ " of " + this.bytes.length);
		}
	}

}
