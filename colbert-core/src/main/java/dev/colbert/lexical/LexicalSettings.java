package dev.colbert.lexical;

import java.util.Objects;

/**
 * Settings of a {@link LexicalIndex}: the analyzer that turns texts and queries into terms, and the BM25 parameters.
 *
 * @param analyzer an analyzer name {@link LexicalAnalyzers} knows ({@value #DEFAULT_ANALYZER} by default); fixed
 * for an index: opening one with another analyzer rebuilds it from the stored texts
 * @param k1 BM25 term-frequency saturation, at least 0 ({@value #DEFAULT_K1}, Anserini's default)
 * @param b BM25 length normalization, 0 to 1 ({@value #DEFAULT_B}, Anserini's default)
 */
public record LexicalSettings(String analyzer, float k1, float b) {

	/** Lucene's {@code EnglishAnalyzer}: standard tokenizer, possessives, lower case, English stop words, Porter. */
	public static final String DEFAULT_ANALYZER = "english";

	public static final float DEFAULT_K1 = 0.9f;

	public static final float DEFAULT_B = 0.4f;

	public LexicalSettings {
		Objects.requireNonNull(analyzer, "analyzer");
		if (analyzer.isBlank()) {
			throw new IllegalArgumentException("analyzer must not be blank; " + LexicalAnalyzers.DESCRIPTION);
		}
		if (!(k1 >= 0f) || Float.isInfinite(k1)) {
			throw new IllegalArgumentException("BM25 k1 must be a finite number >= 0, was " + k1);
		}
		if (!(b >= 0f && b <= 1f)) {
			throw new IllegalArgumentException("BM25 b must be between 0 and 1, was " + b);
		}
	}

	/** EnglishAnalyzer, k1 0.9, b 0.4: the configuration of the BM25 baselines in docs/BENCHMARKS.md. */
	public static LexicalSettings defaults() {
		return new LexicalSettings(DEFAULT_ANALYZER, DEFAULT_K1, DEFAULT_B);
	}

	public LexicalSettings withAnalyzer(String analyzer) {
		return new LexicalSettings(analyzer, this.k1, this.b);
	}

	public LexicalSettings withBm25(float k1, float b) {
		return new LexicalSettings(this.analyzer, k1, b);
	}

}
