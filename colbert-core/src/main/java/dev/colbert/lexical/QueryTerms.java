package dev.colbert.lexical;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Turns a query text into its BM25 query, the way Anserini's bag-of-words queries are built: the text is analysed
 * with the index's analyzer and every distinct term becomes a {@code SHOULD} {@link TermQuery}, boosted by the number
 * of times it occurs. Also analyses texts with character offsets, for {@link LexicalExplainer}.
 */
final class QueryTerms {

	private QueryTerms() {
	}

	/** The BM25 query of a text, or {@code null} when analysis leaves no term (only stop words, say). */
	static Query bm25Query(Analyzer analyzer, String field, String text) {
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (Token token : analyze(analyzer, field, text)) {
			counts.merge(token.term(), 1, Integer::sum);
		}
		if (counts.isEmpty()) {
			return null;
		}
		BooleanQuery.Builder query = new BooleanQuery.Builder();
		int clauses = 0;
		for (Map.Entry<String, Integer> entry : counts.entrySet()) {
			if (clauses++ == IndexSearcher.getMaxClauseCount()) {
				break;
			}
			Query term = new TermQuery(new Term(field, entry.getKey()));
			query.add((entry.getValue() > 1) ? new BoostQuery(term, entry.getValue()) : term, BooleanClause.Occur.SHOULD);
		}
		return query.build();
	}

	/** The analysed tokens of a text, in order, with their character offsets in it. */
	static List<Token> analyze(Analyzer analyzer, String field, String text) {
		List<Token> tokens = new ArrayList<>();
		try (TokenStream stream = analyzer.tokenStream(field, text)) {
			CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
			OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
			stream.reset();
			while (stream.incrementToken()) {
				tokens.add(new Token(term.toString(), offset.startOffset(), offset.endOffset()));
			}
			stream.end();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot analyse a text: " + ex.getMessage(), ex);
		}
		return tokens;
	}

	/** An analysed term and the characters of the text it came from. */
	record Token(String term, int start, int end) {
	}

}
