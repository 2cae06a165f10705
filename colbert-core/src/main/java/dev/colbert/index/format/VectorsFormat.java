package dev.colbert.index.format;

import java.nio.file.Path;

import dev.colbert.index.CorruptIndexException;
import dev.colbert.index.codec.BitWriter;
import dev.colbert.index.codec.EliasFano;
import dev.colbert.index.codec.ResidualCodec;

/**
 * The compressed token vectors of one segment ({@code <segment>.vec}).
 *
 * <pre>
 * Header           "CBIX" "VECS" version=1
 * docCount         int32
 * vectorCount      int64
 * dim              int32
 * nbits            int32
 * numCentroids     int32
 * codecChecksum    int32    CRC32C of the codec file these vectors were encoded with
 * lengthsOffset    int64    absolute offset of DocLengths
 * codesOffset      int64    absolute offset of Codes
 * residualsOffset  int64    absolute offset of Residuals
 * DocLengths       docCount x vint: token vectors per document
 * Codes            per document, its centroid ids sorted ascending, Elias-Fano coded over the universe numCentroids,
 *                  byte-aligned (see {@link EliasFano}; each document's size follows from its length)
 * Residuals        vectorCount x ceil(dim * nbits / 8) bytes: a document's vectors consecutively, in the order of its
 *                  sorted codes; bucket layout as in {@link ResidualCodec}
 * Footer
 * </pre>
 *
 * Token order inside a document is not kept: MaxSim does not depend on it. There is no inverted file on disk: the
 * reader derives it from the codes when it opens the segment. At dim 128, nbits 2 and 100 vectors per document this
 * file takes 32 bytes of residual plus about 1.0 (8,192 centroids) to 1.3 (32,768 centroids) bytes of code per vector.
 */
public final class VectorsFormat {

	public static final String KIND = "VECS";

	public static final int VERSION = 1;

	/** Offset of the fixed header fields after the common header. */
	static final int FIELDS_LENGTH = 4 + 8 + 4 + 4 + 4 + 4 + 8 + 8 + 8;

	private VectorsFormat() {
	}

	/** Writes a segment's vectors; returns the file checksum. */
	public static int write(Path path, ResidualCodec codec, int codecChecksum, EncodedDocuments documents) {
		int docCount = documents.size();
		Lengths lengths = Lengths.of(documents);
		if (lengths.vectorCount() > Integer.MAX_VALUE) {
			throw new IllegalArgumentException(
					"A segment holds at most " + Integer.MAX_VALUE + " vectors, got " + lengths.vectorCount());
		}
		int universe = codec.numCentroids();
		long codesLength = 0;
		for (int d = 0; d < docCount; d++) {
			codesLength += EliasFano.byteSize(documents.length(d), universe);
		}
		long lengthsOffset = FileFormat.HEADER_LENGTH + FIELDS_LENGTH;
		long codesOffset = lengthsOffset + lengths.section().size();
		long residualsOffset = codesOffset + codesLength;
		int bytesPerVector = codec.bytesPerVector();
		int maxLength = lengths.maxLength();
		return FileFormat.write(path, KIND, VERSION, (out) -> {
			out.writeInt(docCount);
			out.writeLong(lengths.vectorCount());
			out.writeInt(codec.dim());
			out.writeInt(codec.nbits());
			out.writeInt(codec.numCentroids());
			out.writeInt(codecChecksum);
			out.writeLong(lengthsOffset);
			out.writeLong(codesOffset);
			out.writeLong(residualsOffset);
			out.writeBytes(lengths.section().toByteArray());
			int[] codes = new int[Math.max(maxLength, 1)];
			BitWriter bits = new BitWriter(EliasFano.byteSize(maxLength, universe) + 8);
			for (int d = 0; d < docCount; d++) {
				int length = documents.length(d);
				documents.codes(d, codes, 0);
				bits.reset();
				EliasFano.encode(codes, 0, length, universe, bits);
				byte[] encoded = bits.toByteArray();
				out.writeBytes(encoded, 0, EliasFano.byteSize(length, universe));
			}
			if (out.position() != residualsOffset) {
				throw new IllegalStateException("codes section ended at " + out.position() + ", expected " + residualsOffset);
			}
			byte[] residuals = new byte[Math.max(maxLength, 1) * bytesPerVector];
			for (int d = 0; d < docCount; d++) {
				int length = documents.length(d);
				documents.residuals(d, residuals, 0);
				out.writeBytes(residuals, 0, length * bytesPerVector);
			}
		});
	}

	/** The documents' token vector counts: their total, the largest, and the DocLengths section that lists them. */
	private record Lengths(long vectorCount, int maxLength, ByteSink section) {

		static Lengths of(EncodedDocuments documents) {
			long vectorCount = 0;
			int maxLength = 0;
			ByteSink section = new ByteSink();
			for (int d = 0; d < documents.size(); d++) {
				int length = documents.length(d);
				vectorCount += length;
				maxLength = Math.max(maxLength, length);
				section.writeVInt(length);
			}
			return new Lengths(vectorCount, maxLength, section);
		}

	}

	/** Reads a segment's vectors into memory (codes, inverted file) and keeps the residuals memory-mapped. */
	public static SegmentVectors read(MappedFile in, ResidualCodec codec, int codecChecksum) {
		Path path = in.path();
		FileFormat.checkHeader(in, KIND, VERSION, VERSION);
		MappedFile.Cursor cursor = in.cursor(FileFormat.HEADER_LENGTH);
		int docCount = cursor.readInt();
		long vectorCount = cursor.readLong();
		int dim = cursor.readInt();
		int nbits = cursor.readInt();
		int numCentroids = cursor.readInt();
		int storedCodecChecksum = cursor.readInt();
		long lengthsOffset = cursor.readLong();
		long codesOffset = cursor.readLong();
		long residualsOffset = cursor.readLong();
		if (dim != codec.dim() || nbits != codec.nbits() || numCentroids != codec.numCentroids()
				|| storedCodecChecksum != codecChecksum) {
			throw new CorruptIndexException(path, "encoded with another codec (dim " + dim + ", nbits " + nbits + ", "
					+ numCentroids + " centroids, codec checksum " + Integer.toHexString(storedCodecChecksum)
					+ ") than the commit's (dim " + codec.dim() + ", nbits " + codec.nbits() + ", "
					+ codec.numCentroids() + " centroids, checksum " + Integer.toHexString(codecChecksum) + ")");
		}
		if (docCount < 0 || vectorCount < 0 || vectorCount > Integer.MAX_VALUE
				|| lengthsOffset != FileFormat.HEADER_LENGTH + FIELDS_LENGTH) {
			throw new CorruptIndexException(path, "invalid header fields: docCount " + docCount + ", vectorCount "
					+ vectorCount + ", lengthsOffset " + lengthsOffset);
		}
		int bytesPerVector = codec.bytesPerVector();
		long end = FileFormat.bodyEnd(in);
		if (residualsOffset + vectorCount * bytesPerVector != end || codesOffset > residualsOffset
				|| codesOffset < lengthsOffset) {
			throw new CorruptIndexException(path, "sections do not add up: residuals at " + residualsOffset + " + "
					+ vectorCount + " x " + bytesPerVector + " bytes should end at the footer (" + end + ")");
		}
		int[] docStart = new int[docCount + 1];
		cursor.seek(lengthsOffset);
		int universe = numCentroids;
		long codesLength = 0;
		int maxLength = 0;
		for (int d = 0; d < docCount; d++) {
			int length = cursor.readVInt();
			docStart[d + 1] = docStart[d] + length;
			maxLength = Math.max(maxLength, length);
			codesLength += EliasFano.byteSize(length, universe);
		}
		if (cursor.position() != codesOffset || docStart[docCount] != vectorCount
				|| codesOffset + codesLength != residualsOffset) {
			throw new CorruptIndexException(path, "document lengths sum to " + docStart[docCount] + " vectors and "
					+ codesLength + " code bytes, header says " + vectorCount + " vectors and "
					+ (residualsOffset - codesOffset) + " code bytes");
		}
		byte[] encoded = new byte[(int) codesLength];
		in.readBytes(codesOffset, encoded, 0, encoded.length);
		int[] codes = new int[(int) vectorCount];
		int position = 0;
		for (int d = 0; d < docCount; d++) {
			int length = docStart[d + 1] - docStart[d];
			if (!EliasFano.decode(encoded, position, length, universe, codes, docStart[d])) {
				throw new CorruptIndexException(path, "centroid ids of document " + d + " do not decode");
			}
			position += EliasFano.byteSize(length, universe);
		}
		return new SegmentVectors(in, docStart, codes, numCentroids, residualsOffset, bytesPerVector, maxLength);
	}

}
