package dev.colbert.lexical;

import java.util.Map;
import java.util.Objects;

/**
 * A document as the lexical index keeps it: its id, the text BM25 scores, and its metadata (for filters).
 *
 * @param id the document id, the same as in the token-vector index
 * @param text the text
 * @param metadata scalar values or lists of scalars (as {@code dev.colbert.index.format.MetadataCodec} stores them)
 */
public record LexicalDocument(String id, String text, Map<String, Object> metadata) {

	public LexicalDocument {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(text, "text");
		metadata = (metadata != null) ? metadata : Map.of();
	}

	/**
	 * The digest the lexical index keeps of this document's text and metadata ({@link LexicalIndex#contentHashes()}):
	 * equal digests, equal contents (numbers compared by value, keys in any order).
	 */
	public long contentHash() {
		return ContentHash.of(this.text, this.metadata);
	}

}
