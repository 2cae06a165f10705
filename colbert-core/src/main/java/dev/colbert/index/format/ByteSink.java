package dev.colbert.index.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable little-endian byte buffer for building small records (metadata, manifests) in memory. */
public final class ByteSink {

	private byte[] bytes = new byte[64];

	private int size;

	public void writeByte(int value) {
		ensure(1);
		this.bytes[this.size++] = (byte) value;
	}

	public void writeBytes(byte[] values) {
		ensure(values.length);
		System.arraycopy(values, 0, this.bytes, this.size, values.length);
		this.size += values.length;
	}

	public void writeShort(int value) {
		writeByte(value);
		writeByte(value >>> 8);
	}

	public void writeInt(int value) {
		ensure(4);
		for (int i = 0; i < 4; i++) {
			this.bytes[this.size++] = (byte) (value >>> (8 * i));
		}
	}

	public void writeLong(long value) {
		ensure(8);
		for (int i = 0; i < 8; i++) {
			this.bytes[this.size++] = (byte) (value >>> (8 * i));
		}
	}

	public void writeVInt(int value) {
		long v = value & 0xFFFFFFFFL;
		while ((v & ~0x7FL) != 0) {
			writeByte((int) ((v & 0x7F) | 0x80));
			v >>>= 7;
		}
		writeByte((int) v);
	}

	public void writeString(String value) {
		byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
		writeVInt(utf8.length);
		writeBytes(utf8);
	}

	public int size() {
		return this.size;
	}

	public byte[] toByteArray() {
		return Arrays.copyOf(this.bytes, this.size);
	}

	private void ensure(int more) {
		if (this.size + more > this.bytes.length) {
			this.bytes = Arrays.copyOf(this.bytes, Math.max(this.size + more, this.bytes.length * 2));
		}
	}

}
