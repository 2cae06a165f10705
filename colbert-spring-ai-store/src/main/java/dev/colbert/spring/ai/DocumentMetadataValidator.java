package dev.colbert.spring.ai;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that a document's metadata can be stored and filtered on: values must be {@code String}, {@code Number},
 * {@code Boolean} or lists of those. Reserved result keys ({@link ColbertDocumentMetadata}) are dropped.
 */
final class DocumentMetadataValidator {

	private DocumentMetadataValidator() {
	}

	/**
	 * Returns the storable metadata of a document.
	 * @throws IllegalArgumentException naming the document, the key and the value type when a value cannot be stored
	 */
	static Map<String, Object> storable(String documentId, Map<String, Object> metadata) {
		Map<String, Object> result = new LinkedHashMap<>(metadata.size());
		for (Map.Entry<String, Object> entry : metadata.entrySet()) {
			String key = entry.getKey();
			if (ColbertDocumentMetadata.RESERVED.contains(key)) {
				continue;
			}
			Object value = entry.getValue();
			if (value instanceof Collection<?> values) {
				for (Object element : values) {
					if (!isScalar(element)) {
						throw invalid(documentId, key, "a list element " + describe(element));
					}
				}
				result.put(key, List.copyOf(values));
			}
			else if (isScalar(value)) {
				result.put(key, value);
			}
			else {
				throw invalid(documentId, key, describe(value));
			}
		}
		return result;
	}

	private static boolean isScalar(Object value) {
		return value instanceof String || value instanceof Number || value instanceof Boolean;
	}

	private static String describe(Object value) {
		return (value != null) ? "of type " + value.getClass().getName() : "null";
	}

	private static IllegalArgumentException invalid(String documentId, String key, String what) {
		return new IllegalArgumentException("Document '" + documentId + "': metadata key '" + key + "' holds " + what
				+ "; only String, Number, Boolean and lists of them can be stored (remove the key or convert the value)");
	}

}
