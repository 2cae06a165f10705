package dev.colbert.index;

import java.util.Map;

/**
 * Restricts a search (or a delete) to matching documents. Evaluated against committed documents' stored metadata;
 * must be thread-safe and free of side effects.
 */
@FunctionalInterface
public interface DocumentFilter {

	/**
	 * @param id the document id
	 * @param metadata its unmodifiable metadata
	 */
	boolean matches(String id, Map<String, Object> metadata);

}
