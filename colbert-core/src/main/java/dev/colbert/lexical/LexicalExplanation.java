package dev.colbert.lexical;

import java.util.List;

/**
 * Which query terms a document matches lexically: for every analysed query token, its text in the query and where
 * its term occurs in the document.
 *
 * @param terms one entry per analysed query token, in query order (stop words and punctuation, which the analyzer
 * drops, have none)
 */
public record LexicalExplanation(List<TermMatch> terms) {

	public LexicalExplanation {
		terms = List.copyOf(terms);
	}

	/** The distinct analysed terms the document contains, in query order. */
	public List<String> matchedTerms() {
		return this.terms.stream().filter(TermMatch::matched).map(TermMatch::term).distinct().toList();
	}

	/**
	 * One analysed query token.
	 *
	 * @param term the analysed term (for example {@code "gener"} for "generators" with the English analyzer)
	 * @param queryText the query characters it came from
	 * @param queryStart offset of those characters in the query
	 * @param queryEnd end offset (exclusive) in the query
	 * @param frequency how often the term occurs in the document (0: not matched)
	 * @param documentSpans where it occurs in the document text, at most {@value LexicalExplainer#MAX_SPANS} spans
	 */
	public record TermMatch(String term, String queryText, int queryStart, int queryEnd, int frequency,
			List<Span> documentSpans) {

		public TermMatch {
			documentSpans = List.copyOf(documentSpans);
		}

		public boolean matched() {
			return this.frequency > 0;
		}

	}

	/**
	 * Characters of the document text.
	 *
	 * @param start offset of the first character
	 * @param end offset after the last character
	 * @param text the characters
	 */
	public record Span(int start, int end, String text) {
	}

}
