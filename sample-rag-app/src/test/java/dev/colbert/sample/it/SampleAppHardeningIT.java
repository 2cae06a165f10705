package dev.colbert.sample.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.colbert.sample.SampleRagApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample-app items of issue 15 over HTTP, one test per item (12 to 17), each failing on the code before the fix.
 * Same application context as {@link SampleAppIT} (same properties), so no second start. The browser-side halves of
 * items 15 and 16 are in {@link SampleAppBrowserIT}; the bad-input suite covering them all is
 * {@link SampleAppBadInputIT}.
 */
@SpringBootTest(classes = SampleRagApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { TestApplication.TEST_KB, TestApplication.TEST_BATCH, TestApplication.TEST_INDEX,
				TestApplication.TEST_MANIFEST })
@ExtendWith(OutputCaptureExtension.class)
class SampleAppHardeningIT {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	SampleHttp http;

	@BeforeEach
	void awaitKnowledgeBase() throws InterruptedException {
		this.http = new SampleHttp(this.port);
		this.http.awaitIngestion();
	}

	/** Item 12: the title is bounded (it is copied into every chunk), and so is a body before it is read. */
	@Test
	void titleAndRequestBodyAreBounded() {
		String text = "The harbour master logs every arrival in a leather-bound ledger. ".repeat(40);
		assertProblem(postDocument("x".repeat(257), text), 400, "sample.documents.max-metadata-chars");
		assertProblem(postDocument("y".repeat(300_000), text), 400, "more than the 256 allowed");

		// 1.5 MB of JSON whitespace around a small valid document: refused from its declared length, unread
		byte[] padded = ("{\"title\": \"Padded\", \"text\": \"padding\"" + " ".repeat(1_500_000) + "}")
			.getBytes(StandardCharsets.UTF_8);
		assertProblem(this.http.send("POST", "/api/documents", Map.of("Content-Type", "application/json"), padded), 413,
				"sample.web.max-body-size");
		// a declared 10 GiB: answered at once from the headers
		String answer = this.http.raw(("POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1\r\n"
				+ "Content-Type: application/json\r\nContent-Length: 10737418240\r\nConnection: close\r\n\r\n{")
			.getBytes(StandardCharsets.ISO_8859_1));
		assertThat(answer).startsWith("HTTP/1.1 413").contains("application/problem+json");
		// chunked (no declared length): counted while read
		String chunked = this.http.raw(SampleHttp.chunked("/api/documents", padded));
		assertThat(chunked).startsWith("HTTP/1.1 413").contains("sample.web.max-body-size");

		// a title within the bound: every chunk carries it, nothing more
		SampleHttp.Response added = postDocument("Harbour ledger", text);
		assertThat(added.status()).as(added.body()).isEqualTo(201);
		assertThat(added.json().path("title").asString()).isEqualTo("Harbour ledger");
		delete(added);
	}

	/** Item 13: the two inputs that gave 500, and invalid UTF-8 in the query string, get a 400 problem. */
	@Test
	void loneSurrogateTitleMultipartWithoutBoundaryAndInvalidQueryStringAre400(CapturedOutput output) {
		assertProblem(this.http.postJson("/api/documents",
				"{\"title\": \"\\ud800\", \"text\": \"A lone surrogate in the title gave a 500.\"}"), 400,
				"unpaired UTF-16 surrogate");
		assertProblem(this.http.send("POST", "/api/documents", Map.of("Content-Type", "multipart/form-data"),
				"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nabc\r\n--x--\r\n"
					.getBytes(StandardCharsets.UTF_8)),
				400, "multipart");
		int before = output.getAll().length();
		for (int i = 0; i < 3; i++) {
			assertProblem(this.http.get("/api/search?q=%C3%28%FF"), 400, "not valid UTF-8");
		}
		String logged = output.getAll().substring(before);
		assertThat(logged).doesNotContain("ERROR").doesNotContain("\tat ");
	}

	/** Item 14: {@code explain} (the default) explains the top 10 results, not all k. */
	@Test
	void explanationsAreLimitedToTheTopTen() {
		List<SampleHttp.Response> added = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			added.add(postDocument("Tide table " + i,
					"Tide table " + i + ": the spring tide at the quay rose " + (i + 2) + " feet above the mark."));
			assertThat(added.get(i).status()).as(added.get(i).body()).isEqualTo(201);
		}
		JsonNode body = this.http.get("/api/search?q=" + SampleHttp.encode("spring tide at the quay") + "&k=20").json();
		JsonNode results = body.path("results");
		assertThat(results.size()).isGreaterThanOrEqualTo(12);
		int explained = 0;
		for (int i = 0; i < results.size(); i++) {
			boolean hasMatch = !results.get(i).path("match").isNull() && !results.get(i).path("match").isMissingNode();
			assertThat(hasMatch).as("result %d explained", i).isEqualTo(i < 10);
			explained += hasMatch ? 1 : 0;
		}
		assertThat(explained).isEqualTo(10);
		assertThat(body.path("explained").asInt()).isEqualTo(10);
		added.forEach(this::delete);
	}

	/** Item 15: a state change from another origin is refused; the application's own origin is not. */
	@Test
	void crossOriginStateChangesAreRefused() {
		String own = "http://127.0.0.1:" + this.port;
		SampleHttp.Response forged = this.http.upload("/api/documents", "forged.txt",
				"Forged from another site".getBytes(StandardCharsets.UTF_8), null,
				Map.of("Origin", "http://evil.example"));
		assertProblem(forged, 403, "http://evil.example");
		assertProblem(this.http.send("POST", "/api/documents",
				Map.of("Content-Type", "application/json", "Sec-Fetch-Site", "cross-site"),
				"{\"text\": \"Forged without an Origin header\"}".getBytes(StandardCharsets.UTF_8)), 403, "cross-site");

		SampleHttp.Response same = this.http.upload("/api/documents", "own.txt",
				"Sent from the application's own page".getBytes(StandardCharsets.UTF_8), null,
				Map.of("Origin", own, "Sec-Fetch-Site", "same-origin"));
		assertThat(same.status()).as(same.body()).isEqualTo(201);
		String id = same.json().path("id").asString();
		assertProblem(this.http.send("DELETE", "/api/documents/" + id, Map.of("Origin", "null"), null), 403, "Origin");
		assertThat(this.http.send("DELETE", "/api/documents/" + id, Map.of("Origin", own), null).status())
			.isEqualTo(200);
	}

	/** Item 16: only http(s) URLs from front matter are kept as the document's url. */
	@Test
	void frontMatterSourceMustBeAnHttpUrl() {
		assertProblem(uploadMarkdown("---\nsource: javascript:alert(document.cookie)\n---\n# Trap\n\nClick the source.\n"),
				400, "http or https");
		assertProblem(uploadMarkdown("---\nsource: \"JavaScript:alert(1)\"\n---\n# Trap\n\nClick the source.\n"), 400,
				"http or https");
		SampleHttp.Response fine = uploadMarkdown("---\nsource: https://example.org/tides\n---\n# Tides\n\nThe tide.\n");
		assertThat(fine.status()).as(fine.body()).isEqualTo(201);
		delete(fine);
	}

	/** Item 17: one rule for every text, whatever the way in. */
	@Test
	void oneRuleForEveryText() {
		// NUL: refused in JSON text as in uploads, with the same answer
		SampleHttp.Response jsonNul = this.http.postJson("/api/documents",
				"{\"text\": \"A NUL \\u0000 in the text of a JSON document.\"}");
		SampleHttp.Response uploadNul = this.http.upload("/api/documents", "nul.txt",
				"A NUL \0 in the text of an uploaded file.".getBytes(StandardCharsets.UTF_8));
		assertProblem(jsonNul, 400, "U+0000");
		assertProblem(uploadNul, 400, "U+0000");
		// a lone surrogate in the text: refused as in the title, not silently replaced
		assertProblem(this.http.postJson("/api/documents",
				"{\"title\": \"Surrogate\", \"text\": \"The river \\udc00 flows into the lake past the old mill.\"}"),
				400, "unpaired UTF-16 surrogate");
		// nothing but zero-width or punctuation characters: nothing to index
		assertProblem(postDocument(null, "\u200b\u200c\u200d\u2060\ufeff".repeat(20)), 400, "no letters or digits");
		assertProblem(postDocument(null, "!?.,;:-()[]{}'\"".repeat(10)), 400, "no letters or digits");
		assertProblem(this.http.upload("/api/documents", "blank.md", "\u200b".repeat(60).getBytes(StandardCharsets.UTF_8)),
				400, "no letters or digits");
		// the file name: its last path segment, not its folders
		assertProblem(this.http.upload("/api/documents", "notes.md/readme", "A readme.".getBytes(StandardCharsets.UTF_8)),
				415, "(no extension) of 'readme'");
		SampleHttp.Response named = this.http.upload("/api/documents", "home/alice/private.d/harbour.txt",
				"The harbour dredger deepened the channel in May.".getBytes(StandardCharsets.UTF_8));
		assertThat(named.status()).as(named.body()).isEqualTo(201);
		assertThat(named.json().path("title").asString()).isEqualTo("harbour.txt");
		delete(named);
	}

	private SampleHttp.Response postDocument(String title, String text) {
		Map<String, String> body = new java.util.LinkedHashMap<>();
		if (title != null) {
			body.put("title", title);
		}
		body.put("text", text);
		return this.http.postJson("/api/documents", json.writeValueAsString(body));
	}

	private SampleHttp.Response uploadMarkdown(String markdown) {
		return this.http.upload("/api/documents", "page.md", markdown.getBytes(StandardCharsets.UTF_8));
	}

	private void delete(SampleHttp.Response added) {
		String id = added.json().path("id").asString();
		assertThat(this.http.delete("/api/documents/" + id).status()).isEqualTo(200);
	}

	static void assertProblem(SampleHttp.Response response, int status, String detail) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).as(response.body()).startsWith("application/problem+json");
		if (detail != null) {
			assertThat(response.json().path("detail").asString()).contains(detail);
		}
	}

}
