package dev.colbert.index.codec;

/** Reads values of 1 to 32 bits from a byte array, least significant bit first (the layout {@link BitWriter} writes). */
public final class BitReader {

	private final byte[] bytes;

	private final int start;

	private long bitPosition;

	public BitReader(byte[] bytes, int start) {
		this.bytes = bytes;
		this.start = start;
	}

	public void seek(long bitPosition) {
		this.bitPosition = bitPosition;
	}

	public long bitPosition() {
		return this.bitPosition;
	}

	public int read(int bits) {
		int result = 0;
		int written = 0;
		while (written < bits) {
			int byteIndex = this.start + (int) (this.bitPosition >>> 3);
			int bitOffset = (int) (this.bitPosition & 7);
			int n = Math.min(8 - bitOffset, bits - written);
			int chunk = ((this.bytes[byteIndex] & 0xFF) >>> bitOffset) & ((1 << n) - 1);
			result |= chunk << written;
			written += n;
			this.bitPosition += n;
		}
		return result;
	}

	/** Whether the bit at {@code position} is set. */
	public boolean bit(long position) {
		return (this.bytes[this.start + (int) (position >>> 3)] & (1 << (position & 7))) != 0;
	}

	/** The byte at byte index {@code index} from the start. */
	public int byteAt(int index) {
		return this.bytes[this.start + index] & 0xFF;
	}

}
