package dev.colbert.index.format;

import java.nio.file.Path;
import java.util.function.IntFunction;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.CorruptIndexException;

/**
 * The source (uncompressed) token vectors of one segment ({@code <segment>.src}), kept only while the index trains
 * its codec adaptively (see {@code IndexSettings.adaptiveTraining}): when the collection has grown enough, the codec
 * is retrained from them and every document is compressed again from its original vectors, so that an index built by
 * many small commits ends up as accurate as one built in a single commit. Once the collection is past
 * {@code IndexSettings.adaptiveTrainingMaxVectors}, commits stop referencing these files and they are deleted.
 *
 * <pre>
 * Header        "CBIX" "SRCV" version=1
 * docCount      int32    same as the segment's .vec file
 * vectorCount   int64    same as the segment's .vec file
 * dim           int32
 * Vectors       vectorCount x dim x float16 (IEEE 754 binary16, little-endian): each document's vectors in token
 *               order, documents in segment order; document lengths are those of the .vec file
 * Footer
 * </pre>
 *
 * Half precision adds a relative error of at most 2^-11 per coordinate, far below the residual quantization error.
 * These files are not counted in {@code IndexStats.indexBytes()} (see {@code IndexStats.sourceVectorBytes()}).
 */
public final class SourceVectorsFormat {

	public static final String KIND = "SRCV";

	public static final int VERSION = 1;

	static final int FIELDS_LENGTH = 4 + 8 + 4;

	private SourceVectorsFormat() {
	}

	/**
	 * Writes the source vectors of {@code docCount} documents; returns the file checksum.
	 * @param vectorCount their total token vectors
	 * @param documents the vectors of document {@code doc}, in the segment's document order
	 */
	public static int write(Path path, int dim, int docCount, long vectorCount, IntFunction<TokenVectors> documents) {
		return FileFormat.write(path, KIND, VERSION, (out) -> {
			out.writeInt(docCount);
			out.writeLong(vectorCount);
			out.writeInt(dim);
			byte[] buffer = new byte[0];
			long written = 0;
			for (int d = 0; d < docCount; d++) {
				TokenVectors vectors = documents.apply(d);
				if (vectors.dim() != dim) {
					throw new IllegalArgumentException("document " + d + " has dim " + vectors.dim() + ", expected " + dim);
				}
				int values = vectors.count() * dim;
				if (buffer.length < 2 * values) {
					buffer = new byte[2 * values];
				}
				float[] data = vectors.data();
				for (int i = 0; i < values; i++) {
					short half = HalfFloat.fromFloat(data[i]);
					buffer[2 * i] = (byte) half;
					buffer[2 * i + 1] = (byte) (half >>> 8);
				}
				out.writeBytes(buffer, 0, 2 * values);
				written += vectors.count();
			}
			if (written != vectorCount) {
				throw new IllegalStateException("wrote " + written + " source vectors, expected " + vectorCount);
			}
		});
	}

	/** Opens a segment's source vectors; {@code segment} supplies the document lengths. */
	public static SourceVectors read(MappedFile in, SegmentVectors segment, int dim) {
		Path path = in.path();
		FileFormat.checkHeader(in, KIND, VERSION, VERSION);
		MappedFile.Cursor cursor = in.cursor(FileFormat.HEADER_LENGTH);
		int docCount = cursor.readInt();
		long vectorCount = cursor.readLong();
		int storedDim = cursor.readInt();
		long start = FileFormat.HEADER_LENGTH + FIELDS_LENGTH;
		if (docCount != segment.docCount() || vectorCount != segment.vectorCount() || storedDim != dim
				|| start + vectorCount * dim * 2 != FileFormat.bodyEnd(in)) {
			throw new CorruptIndexException(path, "holds " + docCount + " documents / " + vectorCount + " vectors of dim "
					+ storedDim + " in " + in.length() + " bytes; the segment has " + segment.docCount() + " / "
					+ segment.vectorCount() + " of dim " + dim);
		}
		return new SourceVectors(in, segment, dim, start);
	}

}
