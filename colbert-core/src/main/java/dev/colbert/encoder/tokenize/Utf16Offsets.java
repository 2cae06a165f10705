package dev.colbert.encoder.tokenize;

/**
 * Converts the code point offsets the native tokenizer reports into Java (UTF-16) string indices; they differ only
 * after a character outside the Basic Multilingual Plane (an emoji, for example).
 */
final class Utf16Offsets {

	private static final Utf16Offsets IDENTITY = new Utf16Offsets(null);

	private final int[] utf16ByCodePoint;

	private Utf16Offsets(int[] utf16ByCodePoint) {
		this.utf16ByCodePoint = utf16ByCodePoint;
	}

	static Utf16Offsets of(String text) {
		boolean surrogates = false;
		for (int i = 0; i < text.length() && !surrogates; i++) {
			surrogates = Character.isSurrogate(text.charAt(i));
		}
		if (!surrogates) {
			return IDENTITY;
		}
		int codePoints = text.codePointCount(0, text.length());
		int[] map = new int[codePoints + 1];
		int index = 0;
		for (int cp = 0; cp < codePoints; cp++) {
			map[cp] = index;
			index += Character.charCount(text.codePointAt(index));
		}
		map[codePoints] = index;
		return new Utf16Offsets(map);
	}

	int toUtf16(int codePointOffset) {
		if (this.utf16ByCodePoint == null || codePointOffset < 0) {
			return codePointOffset;
		}
		return this.utf16ByCodePoint[Math.min(codePointOffset, this.utf16ByCodePoint.length - 1)];
	}

}
