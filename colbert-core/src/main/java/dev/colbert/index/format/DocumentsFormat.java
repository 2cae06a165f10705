package dev.colbert.index.format;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.colbert.index.CorruptIndexException;

/**
 * The stored documents of one segment ({@code <segment>.dst}): ids, metadata and texts, in the segment's document
 * order. Not part of the vector index proper (reported separately in the statistics).
 *
 * <pre>
 * Header             "CBIX" "DOCS" version=1
 * docCount           int32
 * Keys               docCount x (Id: vint length + UTF-8, Metadata: vint length + {@link MetadataCodec} bytes)
 * Texts              docCount x UTF-8 text, concatenated
 * TextOffsets        (docCount + 1) x int64: absolute offset of each text, the last one is the end of Texts
 * keysOffset         int64
 * textOffsetsOffset  int64
 * Footer
 * </pre>
 *
 * Ids and metadata are read into memory when the segment opens (metadata filters need them); texts stay
 * memory-mapped and are read for search hits only.
 */
public final class DocumentsFormat {

	public static final String KIND = "DOCS";

	public static final int VERSION = 1;

	private DocumentsFormat() {
	}

	/** Writes the stored fields; returns the file checksum. */
	public static int write(Path path, StoredFields documents) {
		return FileFormat.write(path, KIND, VERSION, (out) -> {
			int docCount = documents.size();
			out.writeInt(docCount);
			long keysOffset = out.position();
			for (int d = 0; d < docCount; d++) {
				out.writeString(documents.id(d));
				byte[] metadata = documents.metadata(d);
				out.writeVInt(metadata.length);
				out.writeBytes(metadata);
			}
			long[] textOffsets = new long[docCount + 1];
			for (int d = 0; d < docCount; d++) {
				textOffsets[d] = out.position();
				out.writeBytes(documents.text(d).getBytes(StandardCharsets.UTF_8));
			}
			textOffsets[docCount] = out.position();
			long textOffsetsOffset = out.position();
			for (long offset : textOffsets) {
				out.writeLong(offset);
			}
			out.writeLong(keysOffset);
			out.writeLong(textOffsetsOffset);
		});
	}

	/** Reads ids and metadata into memory; texts stay mapped. */
	public static SegmentDocuments read(MappedFile in) {
		Path path = in.path();
		FileFormat.checkHeader(in, KIND, VERSION, VERSION);
		long end = FileFormat.bodyEnd(in);
		int docCount = in.readInt(FileFormat.HEADER_LENGTH);
		long keysOffset = in.readLong(end - 16);
		long textOffsetsOffset = in.readLong(end - 8);
		if (docCount < 0 || keysOffset != FileFormat.HEADER_LENGTH + 4
				|| textOffsetsOffset + 8L * (docCount + 1) != end - 16) {
			throw new CorruptIndexException(path, "invalid layout: " + docCount + " documents, keys at " + keysOffset
					+ ", text offsets at " + textOffsetsOffset + ", body end " + end);
		}
		String[] ids = new String[docCount];
		@SuppressWarnings("unchecked")
		Map<String, Object>[] metadata = new Map[docCount];
		Map<String, Integer> byId = new HashMap<>(Math.max(16, docCount * 2));
		MappedFile.Cursor cursor = in.cursor(keysOffset);
		for (int d = 0; d < docCount; d++) {
			ids[d] = cursor.readString();
			int length = cursor.readVInt();
			byte[] bytes = new byte[length];
			cursor.readBytes(bytes, 0, length);
			try {
				metadata[d] = MetadataCodec.decode(bytes);
			}
			catch (IllegalStateException ex) {
				throw new CorruptIndexException(path, "metadata of document " + d + " (id '" + ids[d]
						+ "') is malformed: " + ex.getMessage(), ex);
			}
			if (byId.put(ids[d], d) != null) {
				throw new CorruptIndexException(path, "id '" + ids[d] + "' appears twice");
			}
		}
		if (in.readLong(textOffsetsOffset) != cursor.position()
				|| in.readLong(textOffsetsOffset + 8L * docCount) != textOffsetsOffset) {
			throw new CorruptIndexException(path, "texts section does not follow the keys section");
		}
		return new SegmentDocuments(in, ids, metadata, byId, textOffsetsOffset);
	}

}
