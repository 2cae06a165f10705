package dev.colbert.index.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

import dev.colbert.index.CorruptIndexException;

/**
 * A read-only, memory-mapped index file of any size. Files larger than 2 GiB are mapped as several chunks of
 * {@value #CHUNK_SHIFT}-bit size, so reads at any {@code long} offset work; a read that straddles two chunks is
 * assembled byte by byte. All reads are absolute and thread-safe. Little-endian.
 *
 * <p>Lifetime: holders (the index's snapshots) {@link #retain()} the file and {@link #release()} it; the last release
 * unmaps it at once, so a file a commit replaced gives back its disk space and address space as soon as no search
 * reads it, not at the next garbage collection. A file nobody retained (read once while opening, or written by a
 * commit and merged away before it was published) is unmapped by {@link #close()}. Reading an unmapped file is a
 * programming error that can crash the JVM: a holder reads only between its retain and its release. Where the JVM
 * cannot unmap explicitly (see {@link Unmapper}) the garbage collector does it, as before.
 */
public final class MappedFile {

	/** Chunks of 1 GiB. */
	static final int CHUNK_SHIFT = 30;

	private static final long CHUNK_MASK = (1L << CHUNK_SHIFT) - 1;

	private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);

	private final Path path;

	private final long length;

	private final ByteBuffer[] chunks;

	/** Holders; {@value #UNMAPPED} once unmapped. */
	private final AtomicInteger holders = new AtomicInteger();

	private static final int UNMAPPED = -1;

	private MappedFile(Path path, long length, ByteBuffer[] chunks) {
		this.path = path;
		this.length = length;
		this.chunks = chunks;
	}

	/** Maps the whole file read-only. */
	public static MappedFile open(Path path) {
		try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
			long length = channel.size();
			int count = (int) ((length + CHUNK_MASK) >>> CHUNK_SHIFT);
			ByteBuffer[] chunks = new ByteBuffer[Math.max(count, 1)];
			if (length == 0) {
				chunks[0] = ByteBuffer.allocate(0);
			}
			for (int i = 0; i < count; i++) {
				long start = (long) i << CHUNK_SHIFT;
				long size = Math.min(1L << CHUNK_SHIFT, length - start);
				MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, start, size);
				chunks[i] = buffer.order(ByteOrder.LITTLE_ENDIAN);
			}
			return new MappedFile(path, length, chunks);
		}
		catch (NoSuchFileException ex) {
			throw new CorruptIndexException(path, "the file is missing", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot map index file " + path + ": " + ex.getMessage(), ex);
		}
	}

	public Path path() {
		return this.path;
	}

	/**
	 * Adds a holder: the file stays mapped until every holder released it.
	 * @throws IllegalStateException if the file is already unmapped
	 */
	public void retain() {
		while (true) {
			int count = this.holders.get();
			if (count == UNMAPPED) {
				throw new IllegalStateException("index file " + this.path + " is already unmapped");
			}
			if (this.holders.compareAndSet(count, count + 1)) {
				return;
			}
		}
	}

	/** Removes a holder; the last one unmaps the file. */
	public void release() {
		int count = this.holders.decrementAndGet();
		if (count < 0) {
			throw new IllegalStateException("index file " + this.path + " released more often than retained");
		}
		if (count == 0) {
			close();
		}
	}

	/**
	 * Unmaps the file unless a holder retains it.
	 * @return whether the file is unmapped now (by this call or earlier)
	 */
	public boolean close() {
		if (this.holders.compareAndSet(0, UNMAPPED)) {
			for (int i = 0; i < this.chunks.length; i++) {
				ByteBuffer chunk = this.chunks[i];
				// a read after close fails on the empty buffer instead of touching unmapped memory
				this.chunks[i] = EMPTY;
				Unmapper.unmap(chunk);
			}
			return true;
		}
		return this.holders.get() == UNMAPPED;
	}

	/** Whether the file was unmapped. */
	public boolean isClosed() {
		return this.holders.get() == UNMAPPED;
	}

	public long length() {
		return this.length;
	}

	public byte readByte(long pos) {
		checkRange(pos, 1);
		return this.chunks[(int) (pos >>> CHUNK_SHIFT)].get((int) (pos & CHUNK_MASK));
	}

	public int readInt(long pos) {
		checkRange(pos, 4);
		int chunk = (int) (pos >>> CHUNK_SHIFT);
		int offset = (int) (pos & CHUNK_MASK);
		if (offset + 4 <= this.chunks[chunk].limit()) {
			return this.chunks[chunk].getInt(offset);
		}
		return (readByte(pos) & 0xFF) | (readByte(pos + 1) & 0xFF) << 8 | (readByte(pos + 2) & 0xFF) << 16
				| (readByte(pos + 3) & 0xFF) << 24;
	}

	public long readLong(long pos) {
		checkRange(pos, 8);
		int chunk = (int) (pos >>> CHUNK_SHIFT);
		int offset = (int) (pos & CHUNK_MASK);
		if (offset + 8 <= this.chunks[chunk].limit()) {
			return this.chunks[chunk].getLong(offset);
		}
		return (readInt(pos) & 0xFFFFFFFFL) | ((long) readInt(pos + 4)) << 32;
	}

	public float readFloat(long pos) {
		return Float.intBitsToFloat(readInt(pos));
	}

	/** Copies {@code length} bytes starting at {@code pos} into {@code dst}. */
	public void readBytes(long pos, byte[] dst, int offset, int length) {
		checkRange(pos, length);
		while (length > 0) {
			int chunk = (int) (pos >>> CHUNK_SHIFT);
			int chunkOffset = (int) (pos & CHUNK_MASK);
			int n = Math.min(length, this.chunks[chunk].limit() - chunkOffset);
			if (n <= 0) {
				throw new IllegalStateException("index file " + this.path + " was read after it was unmapped");
			}
			this.chunks[chunk].get(chunkOffset, dst, offset, n);
			pos += n;
			offset += n;
			length -= n;
		}
	}

	/** CRC32C of {@code [from, to)}. */
	public int crc32c(long from, long to) {
		checkRange(from, to - from);
		CRC32C crc = new CRC32C();
		long pos = from;
		while (pos < to) {
			int chunk = (int) (pos >>> CHUNK_SHIFT);
			int chunkOffset = (int) (pos & CHUNK_MASK);
			int n = (int) Math.min(to - pos, this.chunks[chunk].limit() - chunkOffset);
			if (n <= 0) {
				throw new IllegalStateException("index file " + this.path + " was read after it was unmapped");
			}
			crc.update(this.chunks[chunk].duplicate().position(chunkOffset).limit(chunkOffset + n));
			pos += n;
		}
		return (int) crc.getValue();
	}

	/** A sequential reader starting at {@code pos}. */
	public Cursor cursor(long pos) {
		return new Cursor(pos);
	}

	private void checkRange(long pos, long count) {
		if (this.holders.get() == UNMAPPED) {
			throw new IllegalStateException("index file " + this.path + " was read after it was unmapped");
		}
		if (pos < 0 || count < 0 || pos + count > this.length) {
			throw new CorruptIndexException(this.path, "read of " + count + " bytes at offset " + pos
					+ " is past the end of the " + this.length + "-byte file (truncated or inconsistent)");
		}
	}

	/** Sequential reads over a {@link MappedFile}; not thread-safe. */
	public final class Cursor {

		private long position;

		private Cursor(long position) {
			this.position = position;
		}

		public long position() {
			return this.position;
		}

		public void seek(long position) {
			this.position = position;
		}

		public byte readByte() {
			return MappedFile.this.readByte(this.position++);
		}

		public int readInt() {
			int v = MappedFile.this.readInt(this.position);
			this.position += 4;
			return v;
		}

		public long readLong() {
			long v = MappedFile.this.readLong(this.position);
			this.position += 8;
			return v;
		}

		public float readFloat() {
			return Float.intBitsToFloat(readInt());
		}

		public void readBytes(byte[] dst, int offset, int length) {
			MappedFile.this.readBytes(this.position, dst, offset, length);
			this.position += length;
		}

		public int readVInt() {
			long v = readVLong();
			if (v > 0xFFFFFFFFL) {
				throw new CorruptIndexException(MappedFile.this.path,
						"variable-length int at offset " + this.position + " overflows 32 bits");
			}
			return (int) v;
		}

		public long readVLong() {
			long result = 0;
			for (int shift = 0; shift < 64; shift += 7) {
				byte b = readByte();
				result |= (long) (b & 0x7F) << shift;
				if ((b & 0x80) == 0) {
					return result;
				}
			}
			throw new CorruptIndexException(MappedFile.this.path,
					"variable-length long at offset " + this.position + " is longer than 10 bytes");
		}

		public String readString() {
			int length = readVInt();
			if (length > MappedFile.this.length - this.position) {
				throw new CorruptIndexException(MappedFile.this.path,
						"string of " + length + " bytes at offset " + this.position + " runs past the end of the file");
			}
			byte[] bytes = new byte[length];
			readBytes(bytes, 0, length);
			return new String(bytes, StandardCharsets.UTF_8);
		}

	}

}
