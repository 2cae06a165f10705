package dev.colbert.store;

import java.util.Map;
import java.util.Objects;

import dev.colbert.encoder.TokenVectors;

/**
 * A document ready to store: its id, text, metadata and document token vectors.
 *
 * @param id unique document id (not blank)
 * @param text the text that was encoded (kept for the retriever)
 * @param metadata scalar metadata values (String, Number, Boolean) or lists of scalars
 * @param vectors the document's token vectors
 */
public record EncodedDocument(String id, String text, Map<String, Object> metadata, TokenVectors vectors) {

	public EncodedDocument {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(text, "text");
		if (metadata != null) {
			for (Map.Entry<String, Object> entry : metadata.entrySet()) {
				if (entry.getKey() == null || entry.getValue() == null) {
					throw new IllegalArgumentException("Document '" + id + "': metadata "
							+ ((entry.getKey() == null) ? "has a null key" : "'" + entry.getKey() + "' is null")
							+ "; leave the key out instead (null keys and values cannot be stored or filtered)");
				}
			}
		}
		metadata = (metadata != null) ? Map.copyOf(metadata) : Map.of();
		Objects.requireNonNull(vectors, "vectors");
	}

}
