package dev.colbert.index.format;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import dev.colbert.index.CorruptIndexException;

/**
 * The framing every index file shares.
 *
 * <pre>
 * File    := Header, Body, Footer
 * Header  := Magic "CBIX" (4 bytes), Kind (4 ASCII bytes, for example "VECS"), Version (int32)
 * Footer  := FooterMagic (int32 0xC01BE47F), Checksum (int32: CRC32C of every byte before it, FooterMagic included)
 * </pre>
 *
 * All integers are little-endian; {@code vint}/{@code vlong} are unsigned LEB128. A file whose header, footer or
 * checksum does not match is refused with a {@link CorruptIndexException} naming it.
 */
public final class FileFormat {

	/** "CBIX" in file byte order. */
	public static final int HEADER_MAGIC = 0x58494243;

	public static final int FOOTER_MAGIC = 0xC01BE47F;

	public static final int HEADER_LENGTH = 12;

	public static final int FOOTER_LENGTH = 8;

	private FileFormat() {
	}

	/** Writes what a file holds between its header and its footer. */
	@FunctionalInterface
	public interface Body {

		void write(IndexOutput out);

	}

	/**
	 * Writes a whole file, created new: the header, what {@code body} writes, the footer; then forces it to the
	 * storage device and closes it. When the body or any write fails, the file is closed without forcing (abandoned,
	 * for the caller to delete) and the exception propagates.
	 * @return the file's checksum, as its footer holds it
	 */
	public static int write(Path path, String kind, int version, Body body) {
		IndexOutput out = IndexOutput.create(path);
		try {
			writeHeader(out, kind, version);
			body.write(out);
			int checksum = out.writeFooter();
			out.close();
			return checksum;
		}
		catch (RuntimeException ex) {
			out.abort();
			throw ex;
		}
	}

	static void writeHeader(IndexOutput out, String kind, int version) {
		out.writeInt(HEADER_MAGIC);
		out.writeBytes(kindBytes(kind));
		out.writeInt(version);
	}

	/**
	 * Checks the header of a file and returns its version.
	 * @throws CorruptIndexException if the magic or kind differ or the version is outside {@code [minVersion,
	 * maxVersion]}
	 */
	public static int checkHeader(MappedFile in, String kind, int minVersion, int maxVersion) {
		Path path = in.path();
		if (in.length() < HEADER_LENGTH + FOOTER_LENGTH) {
			throw new CorruptIndexException(path, "file is " + in.length() + " bytes long, shorter than the "
					+ (HEADER_LENGTH + FOOTER_LENGTH) + " bytes of header and footer (truncated?)");
		}
		if (in.readInt(0) != HEADER_MAGIC) {
			throw new CorruptIndexException(path, "missing the CBIX header magic (not an index file, or overwritten)");
		}
		byte[] actualKind = new byte[4];
		in.readBytes(4, actualKind, 0, 4);
		String actual = new String(actualKind, StandardCharsets.US_ASCII);
		if (!actual.equals(kind)) {
			throw new CorruptIndexException(path, "expected a " + kind + " file but the header says " + actual);
		}
		int version = in.readInt(8);
		if (version < minVersion || version > maxVersion) {
			throw new CorruptIndexException(path, "format version " + version + " is not supported (this library reads "
					+ minVersion + " to " + maxVersion + ")");
		}
		return version;
	}

	/**
	 * Verifies the footer magic and the CRC32C over the whole file; returns the checksum.
	 * @throws CorruptIndexException if the file is truncated or any byte differs
	 */
	public static int verifyChecksum(MappedFile in) {
		Path path = in.path();
		long length = in.length();
		if (length < HEADER_LENGTH + FOOTER_LENGTH) {
			throw new CorruptIndexException(path, "file is " + length + " bytes long, too short to hold a footer (truncated?)");
		}
		if (in.readInt(length - FOOTER_LENGTH) != FOOTER_MAGIC) {
			throw new CorruptIndexException(path, "footer magic missing at offset " + (length - FOOTER_LENGTH)
					+ " (file truncated or overwritten)");
		}
		int stored = in.readInt(length - 4);
		int actual = in.crc32c(0, length - 4);
		if (stored != actual) {
			throw new CorruptIndexException(path, "checksum mismatch: footer says " + Integer.toHexString(stored)
					+ ", content hashes to " + Integer.toHexString(actual) + " (bytes altered)");
		}
		return stored;
	}

	/** The offset where the footer starts, i.e. the end of the body. */
	public static long bodyEnd(MappedFile in) {
		return in.length() - FOOTER_LENGTH;
	}

	private static byte[] kindBytes(String kind) {
		byte[] bytes = kind.getBytes(StandardCharsets.US_ASCII);
		if (bytes.length != 4) {
			throw new IllegalArgumentException("File kind must be 4 ASCII characters, was '" + kind + "'");
		}
		return bytes;
	}

}
