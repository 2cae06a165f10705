package dev.colbert.index.format;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Writes a new index file sequentially, little-endian, computing the CRC32C of everything written. A file is finished
 * by {@link #writeFooter()} and {@link #close()}, which forces the data to the storage device before returning.
 *
 * <p>Files are created with {@code CREATE_NEW}: index files are write-once and never modified after they are closed.
 */
public final class IndexOutput implements Closeable {

	private static final int BUFFER_SIZE = 1 << 16;

	private final Path path;

	private final FileChannel channel;

	private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_SIZE).order(ByteOrder.LITTLE_ENDIAN);

	private final CRC32C crc = new CRC32C();

	private long flushed;

	private boolean closed;

	private IndexOutput(Path path, FileChannel channel) {
		this.path = path;
		this.channel = channel;
	}

	/** Creates the file, failing if it exists. */
	public static IndexOutput create(Path path) {
		try {
			return new IndexOutput(path,
					FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create index file " + path + ": " + ex.getMessage(), ex);
		}
	}

	public Path path() {
		return this.path;
	}

	/** Bytes written so far (the position of the next byte). */
	public long position() {
		return this.flushed + this.buffer.position();
	}

	public void writeByte(int value) {
		ensure(1);
		this.buffer.put((byte) value);
	}

	public void writeBytes(byte[] bytes) {
		writeBytes(bytes, 0, bytes.length);
	}

	public void writeBytes(byte[] bytes, int offset, int length) {
		while (length > 0) {
			if (!this.buffer.hasRemaining()) {
				flushBuffer();
			}
			int n = Math.min(length, this.buffer.remaining());
			this.buffer.put(bytes, offset, n);
			offset += n;
			length -= n;
		}
	}

	public void writeShort(int value) {
		ensure(2);
		this.buffer.putShort((short) value);
	}

	public void writeInt(int value) {
		ensure(4);
		this.buffer.putInt(value);
	}

	public void writeLong(long value) {
		ensure(8);
		this.buffer.putLong(value);
	}

	public void writeFloat(float value) {
		ensure(4);
		this.buffer.putFloat(value);
	}

	/** Unsigned LEB128: 7 bits per byte, high bit set on every byte but the last. */
	public void writeVInt(int value) {
		writeVLong(value & 0xFFFFFFFFL);
	}

	public void writeVLong(long value) {
		if (value < 0) {
			throw new IllegalArgumentException("Variable-length values must not be negative, was " + value);
		}
		while ((value & ~0x7FL) != 0) {
			writeByte((int) ((value & 0x7F) | 0x80));
			value >>>= 7;
		}
		writeByte((int) value);
	}

	/** A string as its UTF-8 length (vint) followed by the UTF-8 bytes. */
	public void writeString(String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		writeVInt(bytes.length);
		writeBytes(bytes);
	}

	/** The CRC32C of every byte written so far. */
	public int checksum() {
		flushBuffer();
		return (int) this.crc.getValue();
	}

	/**
	 * Writes the footer: {@link FileFormat#FOOTER_MAGIC} then the CRC32C (int) of every preceding byte, the footer
	 * magic included. Returns the checksum.
	 */
	public int writeFooter() {
		writeInt(FileFormat.FOOTER_MAGIC);
		int checksum = checksum();
		writeInt(checksum);
		return checksum;
	}

	private void ensure(int bytes) {
		if (this.buffer.remaining() < bytes) {
			flushBuffer();
		}
	}

	private void flushBuffer() {
		if (this.buffer.position() == 0) {
			return;
		}
		this.buffer.flip();
		this.crc.update(this.buffer.duplicate());
		try {
			while (this.buffer.hasRemaining()) {
				this.flushed += this.channel.write(this.buffer);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write index file " + this.path + ": " + ex.getMessage(), ex);
		}
		this.buffer.clear();
	}

	/** Flushes, forces the content to the device and closes the file. */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try (FileChannel c = this.channel) {
			flushBuffer();
			c.force(true);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write index file " + this.path + ": " + ex.getMessage(), ex);
		}
	}

	/** Closes without forcing: for abandoning a partly written file that is about to be deleted. */
	public void abort() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// best effort: the file is deleted next
		}
	}

}
