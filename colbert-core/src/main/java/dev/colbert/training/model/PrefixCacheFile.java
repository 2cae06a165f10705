package dev.colbert.training.model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frozen layers' outputs of a training job on disk, so that a job resumed from its last checkpoint does not run
 * the frozen layers again for every text it had already seen. The trainer appends the entries cached since the last
 * checkpoint ({@link PrefixCache#drainUnsaved()}) at each checkpoint and reads them back when it resumes.
 *
 * <p>Layout: a header (magic, version, the fingerprint of what the outputs depend on: the frozen layers, the
 * tokenization), then records of (key length, UTF-8 key, float count, little-endian floats, CRC32 of key and floats).
 * A file whose header does not match the job is discarded. Reading stops at the first torn or corrupt record (a crash
 * during an append) and the file is cut back to the last good record, so that later appends stay readable: what is
 * lost is only recomputed.
 */
public final class PrefixCacheFile {

	private static final Logger logger = LoggerFactory.getLogger(PrefixCacheFile.class);

	private static final int MAGIC = 0x43425043; // "CBPC"

	private static final int VERSION = 1;

	/** The longest key (a query or a document text with its kind prefix) a record may hold, in bytes. */
	private static final int MAX_KEY_BYTES = 1 << 24;

	/** The most floats a record may hold (512 tokens x 4,096 hidden). */
	private static final int MAX_FLOATS = 512 * 4096;

	private final Path file;

	private final String fingerprint;

	/**
	 * @param file where the outputs are kept (inside the job's folder)
	 * @param fingerprint what the outputs depend on; a file written for another fingerprint is discarded
	 */
	public PrefixCacheFile(Path file, String fingerprint) {
		this.file = Objects.requireNonNull(file, "file");
		this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
	}

	public Path file() {
		return this.file;
	}

	/**
	 * Reads the saved outputs into a cache, as far as its budget allows.
	 * @return how many entries were added
	 */
	public int loadInto(PrefixCache cache) throws IOException {
		if (!Files.isRegularFile(this.file)) {
			return 0;
		}
		long start = System.nanoTime();
		int added = 0;
		long good;
		try (FileChannel channel = FileChannel.open(this.file, StandardOpenOption.READ);
				DataInputStream in = new DataInputStream(
						new BufferedInputStream(Channels.newInputStream(channel), 1 << 20))) {
			if (!readHeader(in)) {
				logger.warn("{} holds frozen outputs of another job (fingerprint differs); discarding it", this.file);
				Files.delete(this.file);
				return 0;
			}
			good = headerBytes();
			long size = channel.size();
			while (good < size) {
				Record record = readRecord(in);
				if (record == null) {
					break;
				}
				good += record.bytes();
				if (cache.full(record.values().length)) {
					logger.info("The frozen-output cache is full after {} entries of {}; the rest is recomputed "
							+ "when needed", added, this.file);
					return added;
				}
				if (cache.putSaved(record.key(), record.values())) {
					added++;
				}
			}
			if (good < size) {
				logger.warn("{}: a torn or corrupt record at byte {} of {} (an interrupted append); cutting the file "
						+ "back to the last good record", this.file, good, size);
			}
		}
		if (good < Files.size(this.file)) {
			try (FileChannel channel = FileChannel.open(this.file, StandardOpenOption.WRITE)) {
				channel.truncate(good);
				channel.force(true);
			}
		}
		logger.info("Read {} frozen outputs ({} MiB) from {} in {} ms", added, good >> 20, this.file,
				(System.nanoTime() - start) / 1_000_000);
		return added;
	}

	/**
	 * Appends the entries cached since the last call and forces them to disk.
	 * @return how many entries were appended
	 */
	public int appendUnsaved(PrefixCache cache) throws IOException {
		List<Map.Entry<String, float[]>> entries = cache.drainUnsaved();
		if (entries.isEmpty()) {
			return 0;
		}
		try (FileChannel channel = FileChannel.open(this.file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
			long before = channel.size();
			channel.position(before);
			try {
				OutputStream stream = Channels.newOutputStream(channel);
				DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 20));
				if (before == 0) {
					writeHeader(out);
				}
				for (Map.Entry<String, float[]> entry : entries) {
					writeRecord(out, entry.getKey(), entry.getValue());
				}
				out.flush();
				channel.force(true);
			}
			catch (IOException | RuntimeException ex) {
				// leave no torn record behind the good ones: later appends must stay readable
				channel.truncate(before);
				throw ex;
			}
		}
		return entries.size();
	}

	/** Deletes the file (when the job is finished). */
	public void delete() throws IOException {
		Files.deleteIfExists(this.file);
	}

	private void writeHeader(DataOutputStream out) throws IOException {
		out.writeInt(MAGIC);
		out.writeInt(VERSION);
		byte[] fingerprintBytes = this.fingerprint.getBytes(StandardCharsets.UTF_8);
		out.writeInt(fingerprintBytes.length);
		out.write(fingerprintBytes);
	}

	private long headerBytes() {
		return 12L + this.fingerprint.getBytes(StandardCharsets.UTF_8).length;
	}

	private boolean readHeader(DataInputStream in) throws IOException {
		try {
			if (in.readInt() != MAGIC || in.readInt() != VERSION) {
				return false;
			}
			int length = in.readInt();
			byte[] expected = this.fingerprint.getBytes(StandardCharsets.UTF_8);
			if (length != expected.length) {
				return false;
			}
			byte[] actual = in.readNBytes(length);
			return Arrays.equals(actual, expected);
		}
		catch (EOFException ex) {
			return false;
		}
	}

	private static void writeRecord(DataOutputStream out, String key, float[] values) throws IOException {
		byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
		ByteBuffer floats = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
		floats.asFloatBuffer().put(values);
		CRC32 crc = new CRC32();
		crc.update(keyBytes);
		crc.update(floats.array());
		out.writeInt(keyBytes.length);
		out.write(keyBytes);
		out.writeInt(values.length);
		out.write(floats.array());
		out.writeLong(crc.getValue());
	}

	/** The next record, or {@code null} at a torn or corrupt one. */
	private static Record readRecord(DataInputStream in) throws IOException {
		try {
			int keyLength = in.readInt();
			if (keyLength < 0 || keyLength > MAX_KEY_BYTES) {
				return null;
			}
			byte[] keyBytes = in.readNBytes(keyLength);
			int count = in.readInt();
			if (keyBytes.length != keyLength || count < 0 || count > MAX_FLOATS) {
				return null;
			}
			byte[] floatBytes = in.readNBytes(count * Float.BYTES);
			if (floatBytes.length != count * Float.BYTES) {
				return null;
			}
			long stored = in.readLong();
			CRC32 crc = new CRC32();
			crc.update(keyBytes);
			crc.update(floatBytes);
			if (crc.getValue() != stored) {
				return null;
			}
			float[] values = new float[count];
			ByteBuffer.wrap(floatBytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
			return new Record(new String(keyBytes, StandardCharsets.UTF_8), values,
					4L + keyLength + 4L + (long) count * Float.BYTES + 8L);
		}
		catch (EOFException ex) {
			return null;
		}
	}

	private record Record(String key, float[] values, long bytes) {
	}

}
