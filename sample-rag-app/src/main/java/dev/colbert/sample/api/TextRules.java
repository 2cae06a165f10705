package dev.colbert.sample.api;

import java.net.URI;
import java.net.URISyntaxException;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import dev.colbert.sample.SampleProperties;

/**
 * The one rule for text that comes in over HTTP, whatever the way in (query string, JSON body, multipart part,
 * uploaded file, the front matter and headings of a Markdown text):
 *
 * <ol>
 * <li><b>well-formed Unicode</b>: no unpaired UTF-16 surrogate (a lone {@code \ud800} JSON escape; the index stores
 * UTF-8, which cannot hold one);</li>
 * <li><b>no control characters</b> (Unicode category Cc: NUL, BEL, ESC, DEL, the C1 controls) other than tab, line
 * feed, carriage return and form feed;</li>
 * <li><b>something to read</b>: a query, a question, a document text and a title hold at least one letter or digit
 * (zero-width characters, punctuation and symbols alone give nothing to search for or index);</li>
 * <li><b>a bounded length</b>: a query or question at most {@code sample.search.max-query-chars}, a document text
 * {@code sample.documents.max-chars}, and every text copied into each chunk's metadata (title, section heading, file
 * name, front matter source and licence) {@code sample.documents.max-metadata-chars}.</li>
 * </ol>
 *
 * <p>A text that breaks the rule is refused with an {@link InvalidRequestException} that names the field, what is wrong
 * and where (a 400; a 413 for a document text over its length): nothing is replaced or dropped silently.
 */
@Component
public class TextRules {

	private final SampleProperties.Search search;

	private final SampleProperties.Documents documents;

	public TextRules(SampleProperties properties) {
		this.search = properties.getSearch();
		this.documents = properties.getDocuments();
	}

	/**
	 * A query or question, stripped.
	 * @param field its name in messages ({@code q}, {@code question})
	 * @throws InvalidRequestException when it is missing or blank, too long, or breaks the rule
	 */
	public String query(String field, String value) {
		if (value == null || value.isBlank()) {
			throw new InvalidRequestException("The " + field + " is empty: give the text to search for, e.g. "
					+ ("q".equals(field) ? "/api/search?q=write-ahead+log" : "{\"question\": \"What is WAL mode?\"}"));
		}
		String stripped = value.strip();
		if (stripped.length() > this.search.getMaxQueryChars()) {
			throw new InvalidRequestException("The " + field + " has " + stripped.length() + " characters, more than the "
					+ this.search.getMaxQueryChars() + " allowed (sample.search.max-query-chars): shorten it; the model "
					+ "reads only the first query_maxlen tokens of a query anyway (128 for the embedded default)");
		}
		check(field, stripped, true);
		return stripped;
	}

	/**
	 * A document's text, as given.
	 * @param field its name in messages ({@code text}, {@code file 'notes.md'})
	 * @throws InvalidRequestException when it is missing or blank, breaks the rule, or (413) is longer than
	 * {@code sample.documents.max-chars}
	 */
	public String documentText(String field, String value) {
		if (value == null || value.isBlank()) {
			throw new InvalidRequestException("The document has no text: send {\"title\": \"...\", \"text\": \"...\"} "
					+ "or upload a file");
		}
		if (value.length() > this.documents.getMaxChars()) {
			throw new InvalidRequestException(HttpStatus.CONTENT_TOO_LARGE, "The document has " + value.length()
					+ " characters, more than the " + this.documents.getMaxChars()
					+ " allowed (sample.documents.max-chars): split it into several documents");
		}
		check(field, value, true);
		return value;
	}

	/**
	 * A title, stripped; {@code null} when absent or blank.
	 * @throws InvalidRequestException when it is longer than {@code sample.documents.max-metadata-chars} or breaks the
	 * rule
	 */
	public String title(String field, String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String stripped = value.strip();
		checkLength(field, stripped);
		check(field, stripped, true);
		return stripped;
	}

	/**
	 * Another short text (a section heading, a licence, a format name); {@code null} passes.
	 * @throws InvalidRequestException when it is longer than {@code sample.documents.max-metadata-chars} or breaks the
	 * rule (letters are not required)
	 */
	public String metadata(String field, String value) {
		if (value == null) {
			return null;
		}
		checkLength(field, value);
		check(field, value, false);
		return value;
	}

	/**
	 * A URL that the page shows as a link; {@code null} when absent or blank.
	 * @throws InvalidRequestException unless it is an absolute {@code http} or {@code https} URL with a host
	 */
	public String url(String field, String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String url = metadata(field, value.strip());
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			uri = null;
		}
		boolean http = uri != null && uri.getHost() != null
				&& ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
		if (!http) {
			throw new InvalidRequestException("The " + field + " '" + url + "' is not an http or https URL: give the "
					+ "page's absolute address, e.g. https://example.org/page (the page shows it as a link)");
		}
		return url;
	}

	/**
	 * The name of an uploaded file: the last segment of what the client sent (after the last {@code /} or
	 * {@code \}), stripped, so that folders neither reach the metadata nor decide the file type.
	 * @throws InvalidRequestException when nothing is left, or the name is too long or breaks the rule
	 */
	public String fileName(String submitted) {
		String name = (submitted != null) ? submitted : "";
		name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).strip();
		if (name.isEmpty()) {
			throw new InvalidRequestException("The uploaded file has no name: send the part 'file' with a file name "
					+ "that ends in its type, e.g. notes.md");
		}
		return metadata("file name", name);
	}

	private void checkLength(String field, String value) {
		if (value.length() > this.documents.getMaxMetadataChars()) {
			throw new InvalidRequestException("The " + field + " has " + value.length() + " characters, more than the "
					+ this.documents.getMaxMetadataChars() + " allowed (sample.documents.max-metadata-chars): shorten "
					+ "it; it is copied into every chunk of the document");
		}
	}

	/**
	 * Rules 1 to 3.
	 * @param letterOrDigit whether the text must hold a letter or a digit
	 */
	static void check(String field, String value, boolean letterOrDigit) {
		boolean readable = false;
		for (int i = 0; i < value.length();) {
			int codePoint = value.codePointAt(i);
			if (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
				throw new InvalidRequestException(String.format("The %s holds an unpaired UTF-16 surrogate (U+%04X) at "
						+ "character %d: send well-formed Unicode (in JSON, a \\ud800-\\udbff escape must be followed by a "
						+ "\\udc00-\\udfff one)", field, codePoint, i + 1));
			}
			if (Character.getType(codePoint) == Character.CONTROL && codePoint != '\t' && codePoint != '\n'
					&& codePoint != '\r' && codePoint != '\f') {
				throw new InvalidRequestException(String.format("The %s holds the control character U+%04X at character "
						+ "%d: send text (tab, line feed, carriage return and form feed are the only control characters "
						+ "allowed)", field, codePoint, i + 1));
			}
			readable |= Character.isLetterOrDigit(codePoint);
			i += Character.charCount(codePoint);
		}
		if (letterOrDigit && !readable) {
			throw new InvalidRequestException("The " + field + " holds no letters or digits: zero-width characters, "
					+ "punctuation and symbols alone give nothing to search for or index");
		}
	}

}
