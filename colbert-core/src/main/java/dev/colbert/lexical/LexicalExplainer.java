package dev.colbert.lexical;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.lucene.analysis.Analyzer;

/**
 * Computes a {@link LexicalExplanation}: the query and the document are analysed with the lexical index's analyzer,
 * and a query token matches where the document has its term. Costs one analysis of the document text.
 * Thread-safe (Lucene analyzers reuse their components per thread).
 */
public final class LexicalExplainer {

	/** Document spans kept per query term. */
	public static final int MAX_SPANS = 32;

	private final Analyzer analyzer;

	/** An explainer with this analyzer; the caller keeps ownership of it. */
	public LexicalExplainer(Analyzer analyzer) {
		this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
	}

	/** An explainer for an analyzer name of {@link LexicalAnalyzers}. */
	public static LexicalExplainer forAnalyzer(String name) {
		return new LexicalExplainer(LexicalAnalyzers.create(name));
	}

	public LexicalExplanation explain(String query, String documentText) {
		Objects.requireNonNull(query, "query");
		Objects.requireNonNull(documentText, "documentText");
		Map<String, List<LexicalExplanation.Span>> spans = new HashMap<>();
		Map<String, Integer> frequencies = new HashMap<>();
		for (QueryTerms.Token token : QueryTerms.analyze(this.analyzer, LexicalIndex.TEXT, documentText)) {
			frequencies.merge(token.term(), 1, Integer::sum);
			List<LexicalExplanation.Span> list = spans.computeIfAbsent(token.term(), (t) -> new ArrayList<>());
			if (list.size() < MAX_SPANS) {
				list.add(new LexicalExplanation.Span(token.start(), token.end(),
						cut(documentText, token)));
			}
		}
		List<LexicalExplanation.TermMatch> terms = new ArrayList<>();
		for (QueryTerms.Token token : QueryTerms.analyze(this.analyzer, LexicalIndex.TEXT, query)) {
			terms.add(new LexicalExplanation.TermMatch(token.term(), cut(query, token),
					token.start(), token.end(), frequencies.getOrDefault(token.term(), 0),
					spans.getOrDefault(token.term(), List.of())));
		}
		return new LexicalExplanation(terms);
	}

	private static String cut(String text, QueryTerms.Token token) {
		int start = Math.max(0, Math.min(token.start(), text.length()));
		return text.substring(start, Math.max(start, Math.min(token.end(), text.length())));
	}

}
