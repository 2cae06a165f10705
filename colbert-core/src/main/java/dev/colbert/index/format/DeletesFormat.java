package dev.colbert.index.format;

import java.nio.file.Path;

import dev.colbert.index.CorruptIndexException;

/**
 * Tombstones of one segment ({@code <segment>_<generation>.del}): which of its documents are deleted. A new file (next
 * generation) is written when a commit adds deletes; the segment's own files never change.
 *
 * <pre>
 * Header        "CBIX" "DELS" version=1
 * docCount      int32    documents in the segment
 * deletedCount  int32    bits set below
 * Bits          ceil(docCount / 64) x int64, bit (doc % 64) of word (doc / 64) set when doc is deleted
 * Footer
 * </pre>
 */
public final class DeletesFormat {

	public static final String KIND = "DELS";

	public static final int VERSION = 1;

	private DeletesFormat() {
	}

	public static int write(Path path, DeletedDocs deleted) {
		return FileFormat.write(path, KIND, VERSION, (out) -> {
			out.writeInt(deleted.docCount());
			out.writeInt(deleted.deletedCount());
			for (long word : deleted.words()) {
				out.writeLong(word);
			}
		});
	}

	public static DeletedDocs read(MappedFile in, int expectedDocCount) {
		Path path = in.path();
		FileFormat.checkHeader(in, KIND, VERSION, VERSION);
		int docCount = in.readInt(FileFormat.HEADER_LENGTH);
		int deletedCount = in.readInt(FileFormat.HEADER_LENGTH + 4);
		int words = (docCount + 63) >>> 6;
		if (docCount != expectedDocCount
				|| in.length() != FileFormat.HEADER_LENGTH + 8 + 8L * words + FileFormat.FOOTER_LENGTH) {
			throw new CorruptIndexException(path, "tombstones for " + docCount + " documents in a " + in.length()
					+ "-byte file, the segment has " + expectedDocCount);
		}
		long[] bits = new long[words];
		for (int i = 0; i < words; i++) {
			bits[i] = in.readLong(FileFormat.HEADER_LENGTH + 8 + 8L * i);
		}
		DeletedDocs deleted = new DeletedDocs(docCount, bits);
		if (deleted.deletedCount() != deletedCount) {
			throw new CorruptIndexException(path,
					"header says " + deletedCount + " deleted documents, bits say " + deleted.deletedCount());
		}
		return deleted;
	}

}
