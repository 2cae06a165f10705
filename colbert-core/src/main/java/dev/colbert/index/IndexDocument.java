package dev.colbert.index;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.colbert.encoder.TokenVectors;

/**
 * A document to index or store: its id, text, metadata and token vectors. The one document type of the index
 * ({@link ColbertIndex#add}) and of the token-vector stores ({@code TokenVectorStore.add}).
 *
 * <p>The constructor keeps a read-only copy of the metadata (an empty map for {@code null}) and checks nothing else:
 * {@link ColbertIndex#add} and the stores validate documents when they are added, naming the offending document.
 *
 * @param id unique, not blank; adding an existing id replaces that document
 * @param text the text that was encoded, stored for retrieval and re-encoding
 * @param metadata String, Boolean, Integer, Long, Short, Byte, Float, Double values or lists of those; may be null
 * (no metadata); null keys and values are refused when the document is added
 * @param vectors the document's token vectors (at least one)
 */
public record IndexDocument(String id, String text, Map<String, Object> metadata, TokenVectors vectors) {

	public IndexDocument {
		metadata = (metadata != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(metadata)) : Map.of();
	}

}
