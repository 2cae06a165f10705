package dev.colbert.lexical;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.util.BytesRef;

import dev.colbert.index.Candidates;

/**
 * The metadata postings of the lexical index: every metadata value (each element of a list) is indexed as a keyword
 * term of the field {@code m.<key>}, so that a filter's {@link Candidates} become a Lucene query, exactly as the
 * token-vector index answers them from its own postings. Terms follow {@link Candidates#term(Object)}: numbers by
 * their {@code double} value, strings and booleans as they are (strings over {@value #LONG_STRING} characters by
 * their SHA-256, to stay under Lucene's term length limit).
 */
final class MetadataTerms {

	static final String FIELD_PREFIX = "m.";

	private static final int LONG_STRING = 256;

	private MetadataTerms() {
	}

	/** Adds a term field per metadata value. */
	static void addFields(Document document, Map<String, Object> metadata) {
		for (Map.Entry<String, Object> entry : metadata.entrySet()) {
			String field = FIELD_PREFIX + entry.getKey();
			if (entry.getValue() instanceof List<?> list) {
				for (Object element : list) {
					if (element != null) {
						document.add(new StringField(field, term(element), Field.Store.NO));
					}
				}
			}
			else if (entry.getValue() != null) {
				document.add(new StringField(field, term(entry.getValue()), Field.Store.NO));
			}
		}
	}

	/**
	 * The documents the candidates name, as a query to use as a filter clause, or {@code null} for every document.
	 * @param idField the field holding document ids (for {@link Candidates.Ids})
	 */
	static Query query(Candidates candidates, String idField) {
		if (candidates instanceof Candidates.Terms terms) {
			List<BytesRef> values = new ArrayList<>(terms.terms().size());
			for (Object value : terms.terms()) {
				values.add(new BytesRef(term(value)));
			}
			return values.isEmpty() ? new MatchNoDocsQuery() : new TermInSetQuery(FIELD_PREFIX + terms.key(), values);
		}
		if (candidates instanceof Candidates.Ids ids) {
			List<BytesRef> values = ids.ids().stream().map(BytesRef::new).toList();
			return values.isEmpty() ? new MatchNoDocsQuery() : new TermInSetQuery(idField, values);
		}
		if (candidates instanceof Candidates.And and) {
			Query left = query(and.left(), idField);
			Query right = query(and.right(), idField);
			if (left == null || right == null) {
				return (left == null) ? right : left;
			}
			return new BooleanQuery.Builder().add(left, BooleanClause.Occur.FILTER)
				.add(right, BooleanClause.Occur.FILTER)
				.build();
		}
		if (candidates instanceof Candidates.Or or) {
			Query left = query(or.left(), idField);
			Query right = query(or.right(), idField);
			if (left == null || right == null) {
				return null;
			}
			return new BooleanQuery.Builder().add(left, BooleanClause.Occur.SHOULD)
				.add(right, BooleanClause.Occur.SHOULD)
				.setMinimumNumberShouldMatch(1)
				.build();
		}
		return null;
	}

	/** The keyword term of a metadata value. */
	static String term(Object value) {
		Object term = Candidates.term(value);
		if (term instanceof Double number) {
			return "n:" + number;
		}
		if (term instanceof Boolean bool) {
			return "b:" + bool;
		}
		String text = term.toString();
		return (text.length() <= LONG_STRING) ? "s:" + text : "h:" + sha256(text);
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
