package dev.colbert.lexical;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A 64-bit digest (the first 8 bytes of SHA-256) of a document's text and metadata, kept with every lexical document
 * so that {@link LexicalSync} can tell which documents differ from the token-vector index without re-analysing them.
 * Metadata keys are taken in sorted order and numbers by value ({@code 5}, {@code 5L} and {@code 5.0} digest alike:
 * they filter alike), so the digest does not depend on the map's order or on the number types a store returns.
 */
final class ContentHash {

	private ContentHash() {
	}

	static long of(String text, Map<String, Object> metadata) {
		MessageDigest digest = sha256();
		update(digest, "t", text);
		for (Map.Entry<String, Object> entry : new TreeMap<>(metadata).entrySet()) {
			update(digest, "k", entry.getKey());
			value(digest, entry.getValue());
		}
		return ByteBuffer.wrap(digest.digest()).getLong();
	}

	private static void value(MessageDigest digest, Object value) {
		if (value instanceof List<?> list) {
			update(digest, "[", Integer.toString(list.size()));
			for (Object element : list) {
				value(digest, element);
			}
		}
		else if (value instanceof Number number) {
			update(digest, "n", canonicalNumber(number));
		}
		else if (value instanceof Boolean bool) {
			update(digest, "b", bool.toString());
		}
		else {
			update(digest, "s", String.valueOf(value));
		}
	}

	private static String canonicalNumber(Number number) {
		double asDouble = number.doubleValue();
		if (Double.isNaN(asDouble) || Double.isInfinite(asDouble)) {
			return Double.toString(asDouble);
		}
		return new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
	}

	private static void update(MessageDigest digest, String tag, String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		digest.update(tag.getBytes(StandardCharsets.UTF_8));
		digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
		digest.update(bytes);
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
