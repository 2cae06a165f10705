package dev.colbert.index;

import java.util.Map;

import dev.colbert.encoder.TokenVectors;

/**
 * A document to index. Validated by {@link ColbertIndex#add}, which names the offending document.
 *
 * @param id unique, not blank; adding an existing id replaces that document
 * @param text the text that was encoded, stored for retrieval and re-encoding
 * @param metadata String, Boolean, Integer, Long, Short, Byte, Float, Double values or lists of those; may be null
 * @param vectors the document's token vectors (at least one)
 */
public record IndexDocument(String id, String text, Map<String, Object> metadata, TokenVectors vectors) {

}
