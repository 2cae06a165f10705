package dev.colbert.index;

import java.util.Map;

/**
 * A committed document as stored.
 *
 * @param id the id
 * @param text the stored text
 * @param metadata the stored metadata (types preserved)
 * @param tokenVectors how many token vectors it has
 */
public record StoredDocument(String id, String text, Map<String, Object> metadata, int tokenVectors) {

}
