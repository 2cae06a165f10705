package dev.colbert.opensearch;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks document metadata before it is stored, and restores Java types when it is read back.
 *
 * <p>Allowed values: {@link String}, {@link Boolean}, the boxed integral types ({@link Byte}, {@link Short},
 * {@link Integer}, {@link Long}), finite {@link Float} and {@link Double}, and non-empty lists of one of those kinds
 * (all strings, all numbers or all booleans). Keys must not be blank and must not start or end with a dot or contain
 * two dots in a row (a dot makes a path: key {@code a.b} is field {@code metadata.a.b}).
 *
 * <p>Read back, every value has the type it was stored with: JSON keeps strings, booleans, {@link Integer},
 * {@link Double} and large {@link Long}s apart, and the store records the other types in a side field (see
 * {@link #typeHints}).
 */
final class MetadataValues {

	private MetadataValues() {
	}

	/**
	 * Checks one document's metadata.
	 * @throws IllegalArgumentException naming the document, the key and the problem
	 */
	static void check(String documentId, Map<String, Object> metadata) {
		for (Map.Entry<String, Object> entry : metadata.entrySet()) {
			String key = entry.getKey();
			String where = "document '" + documentId + "': metadata '" + key + "'";
			if (key == null || key.isBlank()) {
				throw new IllegalArgumentException("document '" + documentId + "': a metadata key is blank");
			}
			if (key.startsWith(".") || key.endsWith(".") || key.contains("..")) {
				throw new IllegalArgumentException(where
						+ ": a key must not start or end with '.' or contain '..' (a dot separates path segments)");
			}
			Object value = entry.getValue();
			if (value instanceof Collection<?> list) {
				checkList(where, list);
			}
			else {
				checkScalar(where, value);
			}
		}
	}

	private static void checkList(String where, Collection<?> list) {
		if (list.isEmpty()) {
			throw new IllegalArgumentException(where + " is an empty list; remove the key or give at least one value");
		}
		Kind first = null;
		int i = 0;
		for (Object element : list) {
			if (element instanceof Collection<?>) {
				throw new IllegalArgumentException(where + " is a list of lists; only lists of scalars can be stored");
			}
			Kind kind = checkScalar(where + " element " + i, element);
			if (first != null && kind != first) {
				throw new IllegalArgumentException(where + " mixes " + first.label + " and " + kind.label
						+ "; a list must hold one kind of value");
			}
			first = kind;
			i++;
		}
	}

	private static Kind checkScalar(String where, Object value) {
		if (value == null) {
			throw new IllegalArgumentException(where
					+ " is null; remove the key or give a value (String, Number, Boolean or a list of those)");
		}
		if (value instanceof String) {
			return Kind.STRING;
		}
		if (value instanceof Boolean) {
			return Kind.BOOLEAN;
		}
		if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
			return Kind.NUMBER;
		}
		if (value instanceof Double || value instanceof Float) {
			double d = ((Number) value).doubleValue();
			if (Double.isNaN(d) || Double.isInfinite(d)) {
				throw new IllegalArgumentException(where + " is " + d + "; JSON cannot hold NaN or infinity");
			}
			return Kind.NUMBER;
		}
		if (value instanceof Map<?, ?>) {
			throw new IllegalArgumentException(where
					+ " is a nested map; flatten it into dotted keys such as 'author.name' (each a scalar or a list)");
		}
		throw new IllegalArgumentException(where + " has type " + value.getClass().getName()
				+ "; supported: String, Boolean, Integer, Long, Short, Byte, Double, Float or a list of those");
	}

	/**
	 * The Java types that JSON does not keep: for each key whose value (or list element) is a {@link Long} that would
	 * read back as an {@link Integer}, a {@link Float}, a {@link Short} or a {@link Byte}, its type name
	 * ({@code long}, {@code float}, {@code short}, {@code byte}); for a list, a list of type names ({@code ""} for an
	 * element that needs none). Empty when every value reads back as written.
	 */
	static Map<String, Object> typeHints(Map<String, Object> metadata) {
		Map<String, Object> hints = new LinkedHashMap<>();
		for (Map.Entry<String, Object> entry : metadata.entrySet()) {
			Object value = entry.getValue();
			if (value instanceof Collection<?> list) {
				List<String> elementHints = new ArrayList<>(list.size());
				boolean any = false;
				for (Object element : list) {
					String hint = hint(element);
					any |= hint != null;
					elementHints.add((hint != null) ? hint : "");
				}
				if (any) {
					hints.put(entry.getKey(), elementHints);
				}
			}
			else {
				String hint = hint(value);
				if (hint != null) {
					hints.put(entry.getKey(), hint);
				}
			}
		}
		return hints;
	}

	private static String hint(Object value) {
		if (value instanceof Long l) {
			return (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) ? "long" : null;
		}
		if (value instanceof Float) {
			return "float";
		}
		if (value instanceof Short) {
			return "short";
		}
		if (value instanceof Byte) {
			return "byte";
		}
		return null;
	}

	/**
	 * Restores metadata read back from {@code _source}: whole numbers as {@link Integer} when they fit, else
	 * {@link Long}; decimals as {@link Double}; then the types recorded by {@link #typeHints}.
	 */
	static Map<String, Object> fromSource(Object source, Object typeHints) {
		if (!(source instanceof Map<?, ?> map)) {
			return Map.of();
		}
		Map<?, ?> hints = (typeHints instanceof Map<?, ?> h) ? h : Map.of();
		Map<String, Object> metadata = new LinkedHashMap<>();
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			String key = String.valueOf(entry.getKey());
			Object hint = hints.get(key);
			if (entry.getValue() instanceof List<?> list) {
				List<?> elementHints = (hint instanceof List<?> l) ? l : List.of();
				List<Object> restored = new ArrayList<>(list.size());
				for (int i = 0; i < list.size(); i++) {
					Object elementHint = (i < elementHints.size()) ? elementHints.get(i) : null;
					restored.add(restore(list.get(i), elementHint));
				}
				metadata.put(key, restored);
			}
			else {
				metadata.put(key, restore(entry.getValue(), hint));
			}
		}
		return metadata;
	}

	private static Object restore(Object value, Object hint) {
		Object number = plainNumber(value);
		if (!(number instanceof Number n) || !(hint instanceof String type)) {
			return number;
		}
		return switch (type) {
			case "long" -> n.longValue();
			case "float" -> n.floatValue();
			case "short" -> n.shortValue();
			case "byte" -> n.byteValue();
			default -> number;
		};
	}

	private static Object plainNumber(Object value) {
		if (value instanceof BigDecimal decimal) {
			if (decimal.scale() <= 0) {
				return integral(decimal.toBigIntegerExact());
			}
			return decimal.doubleValue();
		}
		if (value instanceof BigInteger integer) {
			return integral(integer);
		}
		if (value instanceof Float f) {
			return Double.valueOf(Float.toString(f));
		}
		if (value instanceof Short || value instanceof Byte) {
			return ((Number) value).intValue();
		}
		return value;
	}

	private static Object integral(BigInteger value) {
		if (value.bitLength() < 32) {
			return value.intValue();
		}
		if (value.bitLength() < 64) {
			return value.longValue();
		}
		return value.doubleValue();
	}

	private enum Kind {

		STRING("strings"), NUMBER("numbers"), BOOLEAN("booleans");

		private final String label;

		Kind(String label) {
			this.label = label;
		}

	}

}
