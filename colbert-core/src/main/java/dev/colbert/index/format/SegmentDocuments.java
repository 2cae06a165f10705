package dev.colbert.index.format;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.colbert.index.CorruptIndexException;

/** One segment's stored documents: ids and metadata in memory, texts memory-mapped. Immutable and thread-safe. */
public final class SegmentDocuments {

	private final MappedFile file;

	private final String[] ids;

	private final Map<String, Object>[] metadata;

	private final Map<String, Integer> byId;

	private final long textOffsetsOffset;

	SegmentDocuments(MappedFile file, String[] ids, Map<String, Object>[] metadata, Map<String, Integer> byId,
			long textOffsetsOffset) {
		this.file = file;
		this.ids = ids;
		this.metadata = metadata;
		this.byId = byId;
		this.textOffsetsOffset = textOffsetsOffset;
	}

	/** The memory-mapped file this reads from (its holders keep it mapped). */
	public MappedFile file() {
		return this.file;
	}

	public int docCount() {
		return this.ids.length;
	}

	public String id(int doc) {
		return this.ids[doc];
	}

	/** The document number of {@code id} in this segment, or -1. */
	public int doc(String id) {
		Integer doc = this.byId.get(id);
		return (doc != null) ? doc : -1;
	}

	/** Unmodifiable metadata of the document. */
	public Map<String, Object> metadata(int doc) {
		return this.metadata[doc];
	}

	public String text(int doc) {
		long start = this.file.readLong(this.textOffsetsOffset + 8L * doc);
		long end = this.file.readLong(this.textOffsetsOffset + 8L * (doc + 1));
		if (end < start || end - start > Integer.MAX_VALUE) {
			throw new CorruptIndexException(this.file.path(), "text of document " + doc + " has invalid bounds");
		}
		byte[] bytes = new byte[(int) (end - start)];
		this.file.readBytes(start, bytes, 0, bytes.length);
		return new String(bytes, StandardCharsets.UTF_8);
	}

	/** The raw encoded metadata, re-encoded (for copying into merged segments). */
	public byte[] encodedMetadata(int doc) {
		return MetadataCodec.encode(this.metadata[doc]);
	}

}
