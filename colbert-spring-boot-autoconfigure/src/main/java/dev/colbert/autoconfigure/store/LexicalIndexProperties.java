package dev.colbert.autoconfigure.store;

import dev.colbert.autoconfigure.PropertyChecks;
import dev.colbert.lexical.LexicalAnalyzers;
import dev.colbert.lexical.LexicalSettings;

/**
 * The embedded store's lexical index ({@code colbert.store.embedded.lexical.*}): a Lucene BM25 index of the texts in
 * {@code lexical/} inside the index folder, kept with the token-vector index, for hybrid retrieval.
 */
public class LexicalIndexProperties {

	/**
	 * Whether the embedded store keeps a Lucene BM25 index of the texts beside the token vectors, needed by hybrid
	 * retrieval (colbert.retriever.mode=hybrid, the default, or the per-query key "colbert_retrieval_mode"). Built
	 * from the stored texts at start-up when missing. Off saves its disk space and the work of each write; the
	 * retriever then serves late interaction unless colbert.retriever.mode=hybrid is set, which stops the start.
	 */
	private boolean enabled = true;

	/**
	 * The analyzer of texts and queries: "english" (Lucene's EnglishAnalyzer: stop words and Porter stemming),
	 * "standard", "simple", "whitespace", or the class name of a Lucene Analyzer with a public no-argument constructor
	 * (e.g. org.apache.lucene.analysis.fr.FrenchAnalyzer). Changing it rebuilds the lexical index at start-up.
	 */
	private String analyzer = LexicalSettings.DEFAULT_ANALYZER;

	/** BM25 term-frequency saturation k1, at least 0 (Anserini's default 0.9). */
	private double k1 = decimal(LexicalSettings.DEFAULT_K1);

	/** BM25 length normalization b, 0 to 1 (Anserini's default 0.4). */
	private double b = decimal(LexicalSettings.DEFAULT_B);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getAnalyzer() {
		return this.analyzer;
	}

	public void setAnalyzer(String analyzer) {
		this.analyzer = analyzer;
	}

	public double getK1() {
		return this.k1;
	}

	public void setK1(double k1) {
		this.k1 = k1;
	}

	public double getB() {
		return this.b;
	}

	public void setB(double b) {
		this.b = b;
	}

	/** The settings of the lexical index, or {@code null} when it is disabled. */
	public LexicalSettings toSettings() {
		return this.enabled ? new LexicalSettings(this.analyzer.trim(), (float) this.k1, (float) this.b) : null;
	}

	/**
	 * A float setting of the library as the double of its shortest decimal form: 0.9f as 0.9, not as
	 * 0.8999999761581421.
	 */
	static double decimal(float value) {
		return Double.parseDouble(Float.toString(value));
	}

	/** Checks the analyzer (that it can be created) and the BM25 parameters. */
	public void validate(PropertyChecks checks) {
		if (this.analyzer == null || this.analyzer.isBlank()) {
			checks.reject("analyzer",
					checks.name("analyzer") + " must name an analyzer: " + LexicalAnalyzers.DESCRIPTION);
		}
		else {
			try {
				LexicalAnalyzers.create(this.analyzer).close();
			}
			catch (IllegalArgumentException ex) {
				checks.reject("analyzer", checks.name("analyzer") + ": " + ex.getMessage());
			}
		}
		checks.between("k1", this.k1, 0, 100);
		checks.between("b", this.b, 0, 1);
	}

}
