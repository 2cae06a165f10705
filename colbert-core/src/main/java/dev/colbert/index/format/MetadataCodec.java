package dev.colbert.index.format;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Binary encoding of document metadata that keeps every value's Java type, so what is stored is exactly what comes
 * back ({@code 5} stays an {@link Integer}, {@code 5L} a {@link Long}).
 *
 * <pre>
 * Metadata := Count (vint), Entry^Count        entries sorted by key
 * Entry    := Key (vint length + UTF-8), Value
 * Value    := Tag (byte), Payload
 *   0x01 String  (vint length + UTF-8)     0x02 Integer (int32)     0x03 Long (int64)
 *   0x04 Float   (float32)                 0x05 Double (float64)    0x06 Boolean (byte 0 or 1)
 *   0x07 Short   (int16)                   0x08 Byte (int8)
 *   0x09 List    (vint count, Value^count; elements are scalars)
 * </pre>
 *
 * Allowed values: String, Boolean, Integer, Long, Short, Byte, Float, Double, and lists of those. Nulls, maps, nested
 * lists and other types are rejected by {@link #validate}.
 */
public final class MetadataCodec {

	private static final int STRING = 1;

	private static final int INT = 2;

	private static final int LONG = 3;

	private static final int FLOAT = 4;

	private static final int DOUBLE = 5;

	private static final int BOOLEAN = 6;

	private static final int SHORT = 7;

	private static final int BYTE = 8;

	private static final int LIST = 9;

	private static final String ALLOWED = "allowed values are String, Boolean, Integer, Long, Short, Byte, Float, Double and lists of those";

	private MetadataCodec() {
	}

	/**
	 * Checks that the metadata can be stored.
	 * @param owner names the document in messages, for example {@code documents[3] (id 'a')}
	 * @throws IllegalArgumentException naming the document, the key and the problem
	 */
	public static void validate(Map<String, ?> metadata, String owner) {
		if (metadata == null) {
			return;
		}
		for (Map.Entry<String, ?> entry : metadata.entrySet()) {
			String key = entry.getKey();
			if (key == null) {
				throw new IllegalArgumentException(owner + ": metadata has a null key");
			}
			requireStorableText(key, owner + ": metadata key '" + key + "'");
			Object value = entry.getValue();
			if (value == null) {
				throw new IllegalArgumentException(owner + ": metadata '" + key
						+ "' is null; leave the key out instead (null values cannot be stored or filtered)");
			}
			if (value instanceof String text) {
				requireStorableText(text, owner + ": metadata '" + key + "'");
			}
			if (value instanceof List<?> list) {
				for (int i = 0; i < list.size(); i++) {
					Object element = list.get(i);
					if (element == null) {
						throw new IllegalArgumentException(
								owner + ": metadata '" + key + "' holds null at list index " + i + "; " + ALLOWED);
					}
					if (element instanceof String text) {
						requireStorableText(text, owner + ": metadata '" + key + "' at list index " + i);
					}
					if (!isScalar(element)) {
						throw new IllegalArgumentException(owner + ": metadata '" + key + "' holds a "
								+ describe(element) + " at list index " + i + "; " + ALLOWED);
					}
				}
			}
			else if (!isScalar(value)) {
				throw new IllegalArgumentException(
						owner + ": metadata '" + key + "' holds a " + describe(value) + "; " + ALLOWED);
			}
		}
	}

	/**
	 * Checks that a string survives UTF-8 storage unchanged: Java strings may hold unpaired UTF-16 surrogates (from
	 * escaped JSON such as a lone high surrogate, or from slicing a string inside a pair), which UTF-8 encoding would
	 * silently replace with '?'.
	 * @param what names the string in the message, for example {@code documents[3] (id 'a'): text}
	 * @throws IllegalArgumentException naming the string, the character and its position
	 */
	public static void requireStorableText(String text, String what) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				throw new IllegalArgumentException(what + " holds an unpaired UTF-16 surrogate (U+"
						+ Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + ") at char " + i
						+ ", which cannot be stored as UTF-8: remove it or replace it with U+FFFD");
			}
		}
	}

	private static String describe(Object value) {
		if (value instanceof Map) {
			return "nested map";
		}
		if (value instanceof List) {
			return "nested list";
		}
		return value.getClass().getName();
	}

	private static boolean isScalar(Object value) {
		return value instanceof String || value instanceof Integer || value instanceof Long || value instanceof Float
				|| value instanceof Double || value instanceof Boolean || value instanceof Short
				|| value instanceof Byte;
	}

	/** Encodes validated metadata. */
	public static byte[] encode(Map<String, ?> metadata) {
		ByteSink sink = new ByteSink();
		Map<String, ?> sorted = (metadata == null) ? Map.of() : new TreeMap<>(metadata);
		sink.writeVInt(sorted.size());
		for (Map.Entry<String, ?> entry : sorted.entrySet()) {
			sink.writeString(entry.getKey());
			writeValue(sink, entry.getValue(), true);
		}
		return sink.toByteArray();
	}

	private static void writeValue(ByteSink sink, Object value, boolean allowList) {
		if (value instanceof String s) {
			sink.writeByte(STRING);
			sink.writeString(s);
		}
		else if (value instanceof Integer i) {
			sink.writeByte(INT);
			sink.writeInt(i);
		}
		else if (value instanceof Long l) {
			sink.writeByte(LONG);
			sink.writeLong(l);
		}
		else if (value instanceof Float f) {
			sink.writeByte(FLOAT);
			sink.writeInt(Float.floatToRawIntBits(f));
		}
		else if (value instanceof Double d) {
			sink.writeByte(DOUBLE);
			sink.writeLong(Double.doubleToRawLongBits(d));
		}
		else if (value instanceof Boolean b) {
			sink.writeByte(BOOLEAN);
			sink.writeByte(b ? 1 : 0);
		}
		else if (value instanceof Short s) {
			sink.writeByte(SHORT);
			sink.writeShort(s);
		}
		else if (value instanceof Byte b) {
			sink.writeByte(BYTE);
			sink.writeByte(b);
		}
		else if (allowList && value instanceof List<?> list) {
			sink.writeByte(LIST);
			sink.writeVInt(list.size());
			for (Object element : list) {
				writeValue(sink, element, false);
			}
		}
		else {
			throw new IllegalArgumentException("Cannot store metadata value of type "
					+ ((value != null) ? value.getClass().getName() : "null") + "; " + ALLOWED);
		}
	}

	/**
	 * Decodes metadata into an unmodifiable map in key order.
	 * @throws IllegalStateException when the bytes are malformed
	 */
	public static Map<String, Object> decode(byte[] bytes) {
		ByteSource source = new ByteSource(bytes);
		int count = source.readVInt();
		if (count == 0) {
			return Map.of();
		}
		Map<String, Object> result = new LinkedHashMap<>(count * 2);
		for (int i = 0; i < count; i++) {
			String key = source.readString();
			result.put(key, readValue(source, true));
		}
		if (source.hasMore()) {
			throw new IllegalStateException("metadata record has trailing bytes");
		}
		return Collections.unmodifiableMap(result);
	}

	private static Object readValue(ByteSource source, boolean allowList) {
		int tag = source.readByte();
		switch (tag) {
			case STRING:
				return source.readString();
			case INT:
				return source.readInt();
			case LONG:
				return source.readLong();
			case FLOAT:
				return Float.intBitsToFloat(source.readInt());
			case DOUBLE:
				return Double.longBitsToDouble(source.readLong());
			case BOOLEAN:
				return source.readByte() != 0;
			case SHORT:
				return source.readShort();
			case BYTE:
				return (byte) source.readByte();
			case LIST:
				if (!allowList) {
					throw new IllegalStateException("nested list in metadata record");
				}
				int n = source.readVInt();
				List<Object> list = new ArrayList<>(n);
				for (int i = 0; i < n; i++) {
					list.add(readValue(source, false));
				}
				return Collections.unmodifiableList(list);
			default:
				throw new IllegalStateException("unknown metadata value tag " + tag);
		}
	}

}
