package dev.colbert.autoconfigure.store;

import dev.colbert.autoconfigure.PropertyChecks;
import dev.colbert.lexical.LexicalSettings;

/**
 * The BM25 text field of a new OpenSearch index ({@code colbert.store.opensearch.lexical.*}), for hybrid retrieval;
 * fixed when the index is created.
 */
public class OpenSearchLexicalProperties {

	/**
	 * The OpenSearch analyzer of the text field of a new index: "english" (stop words and Porter stemming), "standard",
	 * a language analyzer such as "french", or a custom analyzer of the cluster. Fixed when the index is created.
	 */
	private String analyzer = LexicalSettings.DEFAULT_ANALYZER;

	/** BM25 term-frequency saturation k1 of the text field's similarity in a new index, at least 0. */
	private double k1 = LexicalIndexProperties.decimal(LexicalSettings.DEFAULT_K1);

	/** BM25 length normalization b of the text field's similarity in a new index, 0 to 1. */
	private double b = LexicalIndexProperties.decimal(LexicalSettings.DEFAULT_B);

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

	public LexicalSettings toSettings() {
		return new LexicalSettings(this.analyzer.trim(), (float) this.k1, (float) this.b);
	}

	/** Checks that an analyzer is named and the BM25 parameters. */
	public void validate(PropertyChecks checks) {
		checks.require(this.analyzer != null && !this.analyzer.isBlank(), "analyzer",
				"must name an OpenSearch analyzer (e.g. english)");
		checks.between("k1", this.k1, 0, 100);
		checks.between("b", this.b, 0, 1);
	}

}
