package dev.colbert.sample.api;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import dev.colbert.sample.SampleProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The one rule for text ({@link TextRules}), field by field; over HTTP in the ITs. */
class TextRulesTests {

	private final TextRules rules = new TextRules(new SampleProperties());

	@Test
	void wellFormedTextPasses() {
		assertThat(this.rules.documentText("text", "Tab\tline\nfeed\r\nform\ffeed, emoji 🎉, café, 東京"))
			.startsWith("Tab");
		assertThat(this.rules.query("q", "  write-ahead log  ")).isEqualTo("write-ahead log");
		assertThat(this.rules.title("title", "  ")).isNull();
		assertThat(this.rules.title("title", " Lighthouses ")).isEqualTo("Lighthouses");
		assertThat(this.rules.metadata("section heading", "---")).isEqualTo("---");
	}

	@Test
	void unpairedSurrogatesAreRefusedWherever() {
		for (String text : new String[] { "a\ud800b", "a\udc00", "\udc00\ud800", "end\ud83c" }) {
			assertRefused(() -> this.rules.documentText("text", text), 400, "unpaired UTF-16 surrogate");
			assertRefused(() -> this.rules.title("title", text), 400, "unpaired UTF-16 surrogate");
			assertRefused(() -> this.rules.query("q", text), 400, "unpaired UTF-16 surrogate");
		}
		assertRefused(() -> this.rules.documentText("text", "ab\ud800"), 400, "(U+D800) at character 3");
	}

	@Test
	void controlCharactersOtherThanWhitespaceAreRefused() {
		for (char control : new char[] { '\0', '\u0007', '\u001b', '\u007f', '\u0085', '\u009f' }) {
			assertRefused(() -> this.rules.documentText("text", "lock " + control + " gate"), 400,
					String.format("U+%04X at character 6", (int) control));
			assertRefused(() -> this.rules.fileName("lock" + control + ".txt"), 400, "The file name holds");
		}
	}

	@Test
	void textsWithoutALetterOrDigitAreRefused() {
		assertRefused(() -> this.rules.documentText("text", "\u200b\u200c\u200d\u2060\ufeff".repeat(20)), 400,
				"no letters or digits");
		assertRefused(() -> this.rules.documentText("text", "!?., ;:-()[] 🎉"), 400, "no letters or digits");
		assertRefused(() -> this.rules.query("q", "???"), 400, "The q holds no letters or digits");
		assertRefused(() -> this.rules.title("title", "\u200b\u200b"), 400, "no letters or digits");
		assertThat(this.rules.documentText("text", "\u200b1\u200b")).isNotNull();
	}

	@Test
	void lengthsAreBounded() {
		assertRefused(() -> this.rules.title("title", "t".repeat(257)), 400,
				"257 characters, more than the 256 allowed (sample.documents.max-metadata-chars)");
		assertThat(this.rules.title("title", "t".repeat(256))).hasSize(256);
		assertRefused(() -> this.rules.documentText("text", "a".repeat(200_001)), 413, "(sample.documents.max-chars)");
		assertRefused(() -> this.rules.query("q", "q".repeat(501)), 400, "(sample.search.max-query-chars)");
		assertRefused(() -> this.rules.metadata("section heading", "h".repeat(300)), 400, "The section heading has 300");
	}

	@Test
	void fileNamesLoseTheirFolders() {
		assertThat(this.rules.fileName("notes.md")).isEqualTo("notes.md");
		assertThat(this.rules.fileName("home/alice/private.d/harbour.txt")).isEqualTo("harbour.txt");
		assertThat(this.rules.fileName("C:\\Users\\alice\\notes.md")).isEqualTo("notes.md");
		assertThat(this.rules.fileName("notes.md/readme")).isEqualTo("readme");
		assertRefused(() -> this.rules.fileName("folder/"), 400, "has no name");
		assertRefused(() -> this.rules.fileName(null), 400, "has no name");
	}

	@Test
	void onlyAbsoluteHttpUrlsAreUrls() {
		assertThat(this.rules.url("source", "https://example.org/a?b=c")).isEqualTo("https://example.org/a?b=c");
		assertThat(this.rules.url("source", " HTTP://Example.org ")).isEqualTo("HTTP://Example.org");
		assertThat(this.rules.url("source", " ")).isNull();
		for (String url : new String[] { "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)",
				"data:text/html,<script>alert(1)</script>", "vbscript:msgbox", "//evil.example/x", "/relative",
				"example.org", "https://", "file:///etc/passwd", "http://exa mple.org" }) {
			assertRefused(() -> this.rules.url("front matter's source", url), 400, "is not an http or https URL");
		}
	}

	@Test
	void queryStringsMustBeUtf8() {
		assertThat(QueryStringFilter.isUtf8("q=caf%C3%A9+au+lait&k=5")).isTrue();
		assertThat(QueryStringFilter.isUtf8("q=%F0%9F%8E%89")).isTrue();
		assertThat(QueryStringFilter.isUtf8("")).isTrue();
		for (String query : new String[] { "q=%C3%28%FF", "q=caf%C3", "q=%ED%A0%80", "q=100%ZZ", "q=%", "q=%4",
				"%FF=1", "q=%C0%AF" }) {
			assertThat(QueryStringFilter.isUtf8(query)).as(query).isFalse();
		}
	}

	private static void assertRefused(Runnable action, int status, String message) {
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(action::run)
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(HttpStatus.valueOf(status)))
			.withMessageContaining(message);
	}

}
