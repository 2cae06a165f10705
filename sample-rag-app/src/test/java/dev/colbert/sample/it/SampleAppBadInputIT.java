package dev.colbert.sample.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.colbert.index.ColbertIndex;
import dev.colbert.index.StoredDocument;
import dev.colbert.reliability.BadInputAnswers;
import dev.colbert.sample.SampleRagApplication;
import dev.colbert.store.TokenVectorStore;
import dev.colbert.store.embedded.EmbeddedTokenVectorStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The bad-input suite of the sample application (issue 15): {@value #MINIMUM_CASES}+ requests over HTTP covering every
 * sample-app item (12 to 17, tagged in the case names) and the older 4xx answers, each with the status and the
 * problem detail it must get. No case may answer a 5xx. The few valid cases among them (a bounded title, a same-origin
 * upload, a file name with folders, a chunked body under the limit, searches whose explanations are bounded) add
 * documents; after the suite the index must hold exactly what it held before, unchanged, plus their chunks. The
 * answers go to {@code target/reliability/figures.md} (colbert-reliability's {@link BadInputAnswers}).
 *
 * <p>Same application context as {@link SampleAppIT} (same properties): no second start.
 */
@SpringBootTest(classes = SampleRagApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { TestApplication.TEST_KB, TestApplication.TEST_BATCH, TestApplication.TEST_INDEX,
				TestApplication.TEST_MANIFEST })
class SampleAppBadInputIT {

	static final int MINIMUM_CASES = 40;

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	private static final String EVIL = "http://evil.example";

	@LocalServerPort
	int port;

	@Autowired
	TokenVectorStore tokenVectorStore;

	private SampleHttp http;

	private final BadInputAnswers answers = new BadInputAnswers("Bad input: sample application over HTTP (issue 15)");

	private final List<String> added = new ArrayList<>();

	@TestFactory
	Stream<DynamicTest> everyBadInputGetsA4xxAndTheIndexKeepsWhatItHeld() throws InterruptedException {
		this.http = new SampleHttp(this.port);
		this.http.awaitIngestion();
		Map<String, StoredDocument> before = snapshot();
		List<Case> cases = cases();
		assertThat(cases).hasSizeGreaterThanOrEqualTo(MINIMUM_CASES);
		assertThat(cases.stream().map(Case::name).distinct()).hasSameSizeAs(cases);
		return Stream.concat(cases.stream().map((c) -> dynamicTest(c.name(), () -> run(c))),
				Stream.of(dynamicTest("the index holds what it held before plus the valid cases' chunks", () -> {
					this.answers.report();
					assertIndexHoldsBeforePlusAdded(before);
				})));
	}

	private List<Case> cases() {
		List<Case> cases = new ArrayList<>();
		String text = "The lock keeper opens the upper gates when the chamber is full. ";

		// /api/search: the query string, the query and k
		cases.add(problem("no q", () -> get("/api/search"), 400, "The q is empty"));
		cases.add(problem("blank q", () -> get("/api/search?q=%20%09%20"), 400, "The q is empty"));
		cases.add(problem("q of 600 characters", () -> get("/api/search?q=" + "lock".repeat(150)), 400,
				"sample.search.max-query-chars"));
		cases.add(problem("k=0", () -> get("/api/search?q=lock&k=0"), 400, "between 1 and 100"));
		cases.add(problem("k=101", () -> get("/api/search?q=lock&k=101"), 400, "between 1 and 100"));
		cases.add(problem("k=ten", () -> get("/api/search?q=lock&k=ten"), 400, "'ten' is not a valid value for k"));
		cases.add(problem("k=99999999999", () -> get("/api/search?q=lock&k=99999999999"), 400, "valid value for k"));
		cases.add(problem("explain=maybe", () -> get("/api/search?q=lock&explain=maybe"), 400, "explain"));
		cases.add(problem("[13] invalid UTF-8 in the query string (%C3%28%FF)", () -> get("/api/search?q=%C3%28%FF"),
				400, "not valid UTF-8"));
		cases.add(problem("[13] truncated UTF-8 sequence in the query string (caf%C3)", () -> get("/api/search?q=caf%C3"),
				400, "not valid UTF-8"));
		cases.add(problem("[13] CESU-8 lone surrogate in the query string (%ED%A0%80)",
				() -> get("/api/search?q=%ED%A0%80"), 400, "not valid UTF-8"));
		cases.add(problem("[13] malformed percent escape in the query string (%ZZ)", () -> this.http.rawResponse(
				bytes("GET /api/search?q=100%ZZ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")), 400,
				"not valid UTF-8"));
		cases.add(problem("[13] invalid UTF-8 in a parameter name", () -> get("/api/search?q=lock&%FF=1"), 400,
				"not valid UTF-8"));
		cases.add(byTomcat("[13] raw bytes in the query string (not percent-encoded)", () -> this.http.rawResponse(
				concat(bytes("GET /api/search?q=caf"), new byte[] { (byte) 0xC3, (byte) 0xA9 },
						bytes(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))), 400));
		cases.add(problem("[17] NUL in q", () -> get("/api/search?q=lock%00gate"), 400, "U+0000"));
		cases.add(problem("[17] q of zero-width characters only", () -> get("/api/search?q=%E2%80%8B%E2%80%8C%E2%80%8D"),
				400, "no letters or digits"));
		cases.add(problem("[17] q of punctuation only", () -> get("/api/search?q=%3F%21%3F%2E%2E"), 400,
				"no letters or digits"));
		// POST /api/documents as JSON: bounds
		cases.add(problem("[12] title of 257 characters", () -> postDocument("t".repeat(257), text), 400,
				"sample.documents.max-metadata-chars"));
		cases.add(problem("[12] title of 300,000 characters", () -> postDocument("t".repeat(300_000), text), 400,
				"more than the 256 allowed"));
		byte[] padded = ("{\"text\": \"padded\"" + " ".repeat(1_500_000) + "}").getBytes(StandardCharsets.UTF_8);
		cases.add(problem("[12] JSON body of 1.5 MB (limit 1 MB)", () -> this.http.send("POST", "/api/documents", JSON,
				padded), 413, "sample.web.max-body-size"));
		cases.add(problem("[12] declared Content-Length of 10 GiB", () -> this.http.rawResponse(("POST /api/documents "
				+ "HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 10737418240\r\n"
				+ "Connection: close\r\n\r\n{").getBytes(StandardCharsets.ISO_8859_1)), 413, "sample.web.max-body-size"));
		cases.add(problem("[12] chunked JSON body of 1.5 MB (no declared length)",
				() -> this.http.rawResponse(SampleHttp.chunked("/api/documents", padded)), 413, "sample.web.max-body-size"));
		cases.add(valid("[12] chunked JSON body under the limit", () -> this.http.rawResponse(SampleHttp.chunked(
				"/api/documents", bytes("{\"title\": \"Chunked\", \"text\": \"" + text + "\"}"))), 201, this::added));
		cases.add(problem("text of 200,001 characters", () -> postDocument(null, "a".repeat(200_001)), 413,
				"sample.documents.max-chars"));
		cases.add(valid("[12] a title within the bound is kept on every chunk",
				() -> postDocument("Lock keeping", text.repeat(60)), 201, (response) -> {
					added(response);
					assertThat(response.json().path("title").asString()).isEqualTo("Lock keeping");
				}));

		// POST /api/documents as JSON: characters, the one rule
		cases.add(problem("[13] lone surrogate in the title", () -> postJson("{\"title\": \"\\ud800\", \"text\": \"" + text
				+ "\"}"), 400, "unpaired UTF-16 surrogate"));
		cases.add(problem("[17] lone high surrogate in the text", () -> postJson("{\"text\": \"lock \\ud800 gate\"}"),
				400, "unpaired UTF-16 surrogate"));
		cases.add(problem("[17] lone low surrogate at the end of the text", () -> postJson("{\"text\": \"lock gate \\udc00\"}"),
				400, "unpaired UTF-16 surrogate"));
		cases.add(problem("[17] reversed surrogate pair in the text", () -> postJson("{\"text\": \"lock \\udc00\\ud800 gate\"}"),
				400, "unpaired UTF-16 surrogate"));
		cases.add(problem("[17] NUL in the text", () -> postJson("{\"text\": \"lock \\u0000 gate\"}"), 400, "U+0000"));
		cases.add(problem("[17] NUL in the title", () -> postJson("{\"title\": \"a\\u0000b\", \"text\": \"" + text
				+ "\"}"), 400, "U+0000"));
		cases.add(problem("[17] BEL control character in the text", () -> postJson("{\"text\": \"lock \\u0007 gate\"}"),
				400, "U+0007"));
		cases.add(problem("[17] text of zero-width characters only", () -> postDocument(null, "\u200b\u200c\u2060".repeat(30)),
				400, "no letters or digits"));
		cases.add(problem("[17] text of punctuation only", () -> postDocument(null, "... !!! ??? --- ;;; ".repeat(10)), 400,
				"no letters or digits"));
		cases.add(problem("[17] title of zero-width characters only", () -> postDocument("\u200b\u200b\u200b", text), 400,
				"no letters or digits"));
		cases.add(problem("unknown format", () -> postJson("{\"text\": \"lock\", \"format\": \"pdf\"}"), 400,
				"Unknown format 'pdf'"));
		cases.add(problem("[17] lone surrogate in the format (echoed in the answer)",
				() -> postJson("{\"text\": \"lock\", \"format\": \"\\ud800\"}"), 400, "unpaired UTF-16 surrogate"));
		cases.add(problem("no text", () -> postJson("{\"title\": \"No text\"}"), 400, "has no text"));
		cases.add(problem("empty body", () -> this.http.send("POST", "/api/documents", JSON, new byte[0]), 400, null));
		cases.add(problem("truncated JSON", () -> postJson("{\"text\": \"lock"), 400, null));
		cases.add(problem("JSON array instead of an object", () -> postJson("[{\"text\": \"lock\"}]"), 400, null));
		cases.add(problem("invalid UTF-8 in the JSON body", () -> this.http.send("POST", "/api/documents", JSON,
				concat(bytes("{\"text\": \"lock "), new byte[] { (byte) 0xC3, 0x28, (byte) 0xFF }, bytes("\"}"))), 400,
				null));
		cases.add(problem("JSON nested 5,000 deep", () -> postJson("{\"text\": " + "[".repeat(5000) + "]".repeat(5000)
				+ "}"), 400, null));
		cases.add(problem("text/plain body", () -> this.http.send("POST", "/api/documents",
				Map.of("Content-Type", "text/plain"), bytes(text)), 415, null));

		// POST /api/documents as JSON Markdown: what the front matter and headings put on every chunk
		cases.add(problem("[16] front matter source javascript:", () -> postMarkdown(
				"---\nsource: javascript:alert(document.domain)\n---\n# Locks\n\n" + text), 400, "http or https"));
		cases.add(problem("[16] front matter source data:", () -> postMarkdown(
				"---\nsource: \"data:text/html,<script>alert(1)</script>\"\n---\n# Locks\n\n" + text), 400,
				"http or https"));
		cases.add(problem("[16] front matter source without a scheme", () -> postMarkdown(
				"---\nsource: //evil.example/x\n---\n# Locks\n\n" + text), 400, "http or https"));
		cases.add(problem("[12] front matter title of 300 characters", () -> postMarkdown(
				"---\ntitle: " + "T".repeat(300) + "\n---\n# Locks\n\n" + text), 400, "max-metadata-chars"));
		cases.add(problem("[12] section heading of 300 characters", () -> postMarkdown(
				"# Locks\n\n" + text + "\n\n## " + "H".repeat(300) + "\n\n" + text), 400, "max-metadata-chars"));
		cases.add(valid("[16] front matter source https: kept", () -> postMarkdown(
				"---\nsource: https://example.org/locks\n---\n# Locks\n\n" + text), 201, this::added));

		// POST /api/documents as multipart
		cases.add(problem("[13] multipart Content-Type without a boundary", () -> this.http.send("POST",
				"/api/documents", Map.of("Content-Type", "multipart/form-data"),
				bytes("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nlock\r\n--b--\r\n")),
				400, "multipart"));
		cases.add(problem("[13] multipart body that does not match its boundary", () -> this.http.send("POST",
				"/api/documents", Map.of("Content-Type", "multipart/form-data; boundary=nothere"), bytes("lock gate")),
				400, "No file in the upload"));
		cases.add(problem("no file part", () -> this.http.send("POST", "/api/documents",
				Map.of("Content-Type", "multipart/form-data; boundary=b"),
				bytes("--b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nLocks\r\n--b--\r\n")), 400,
				"No file in the upload"));
		cases.add(problem("a .pdf file", () -> upload("paper.pdf", bytes("%PDF-1.4")), 415, "'.pdf'"));
		cases.add(problem("an empty .txt file", () -> upload("empty.txt", new byte[0]), 400, "is empty"));
		cases.add(problem("a Latin-1 file", () -> upload("latin1.txt", new byte[] { 'c', 'a', 'f', (byte) 0xE9 }), 415,
				"is not UTF-8 text"));
		cases.add(problem("[17] NUL in an uploaded file (as in JSON text)", () -> upload("nul.txt", bytes("lock \0 gate")),
				400, "U+0000"));
		cases.add(problem("[17] uploaded file of zero-width characters only", () -> upload("zw.md",
				bytes("\u200b".repeat(80))), 400, "no letters or digits"));
		cases.add(problem("[17] extension only in a folder name (notes.md/readme)", () -> upload("notes.md/readme",
				bytes(text)), 415, "(no extension) of 'readme'"));
		cases.add(problem("[17] NUL in the file name", () -> upload("lock\0.txt", bytes(text)), 400, "file name"));
		cases.add(problem("[12] title part of 300 characters", () -> this.http.upload("/api/documents", "locks.txt",
				bytes(text), "T".repeat(300), Map.of()), 400, "max-metadata-chars"));
		cases.add(problem("file over spring.servlet.multipart.max-file-size", () -> upload("big.txt",
				bytes("lock ".repeat(230_000))), 413, null));
		cases.add(valid("[17] file name with folders: only its last segment is kept", () -> upload(
				"..\\..\\Windows\\locks.txt", bytes(text)), 201, (response) -> {
					added(response);
					assertThat(response.json().path("title").asString()).isEqualTo("locks.txt");
				}));
		cases.add(valid("a Markdown upload", () -> upload("locks.md", bytes("# Canal locks\n\n" + text)), 201,
				this::added));

		// state changes from another origin (CSRF)
		Map<String, String> evil = Map.of("Origin", EVIL);
		cases.add(problem("[15] multipart upload from another origin", () -> this.http.upload("/api/documents",
				"forged.txt", bytes(text), null, evil), 403, EVIL));
		cases.add(problem("[15] JSON POST from another origin", () -> this.http.send("POST", "/api/documents",
				Map.of("Content-Type", "application/json", "Origin", EVIL), bytes("{\"text\": \"" + text + "\"}")), 403,
				EVIL));
		cases.add(problem("[15] DELETE from another origin", () -> this.http.send("DELETE", "/api/documents/doc-unknown",
				evil, null), 403, EVIL));
		cases.add(problem("[15] POST /api/ask from another origin", () -> this.http.send("POST", "/api/ask",
				Map.of("Content-Type", "application/json", "Origin", EVIL), bytes("{\"question\": \"locks\"}")), 403,
				EVIL));
		cases.add(problem("[15] Origin: null (sandboxed frame, data: URL)", () -> this.http.upload("/api/documents",
				"forged.txt", bytes(text), null, Map.of("Origin", "null")), 403, "Origin"));
		cases.add(problem("[15] same host on another port", () -> this.http.upload("/api/documents", "forged.txt",
				bytes(text), null, Map.of("Origin", "http://127.0.0.1:" + (this.port + 1))), 403, "Origin"));
		cases.add(problem("[15] Sec-Fetch-Site: cross-site without Origin", () -> this.http.upload("/api/documents",
				"forged.txt", bytes(text), null, Map.of("Sec-Fetch-Site", "cross-site")), 403, "cross-site"));
		cases.add(valid("[15] upload from the application's own origin", () -> this.http.upload("/api/documents",
				"own.txt", bytes(text), null, Map.of("Origin", "http://127.0.0.1:" + this.port, "Sec-Fetch-Site",
						"same-origin")), 201, this::added));

		// POST /api/ask and DELETE
		cases.add(problem("ask without a question", () -> postJson("/api/ask", "{}"), 400, "The question is empty"));
		cases.add(problem("[17] ask with a lone surrogate", () -> postJson("/api/ask", "{\"question\": \"lock \\ud800\"}"),
				400, "unpaired UTF-16 surrogate"));
		cases.add(problem("[17] ask with a NUL", () -> postJson("/api/ask", "{\"question\": \"lock\\u0000\"}"), 400,
				"U+0000"));
		cases.add(problem("[17] ask with punctuation only", () -> postJson("/api/ask", "{\"question\": \"???\"}"), 400,
				"no letters or digits"));
		cases.add(problem("ask with 600 characters", () -> postJson("/api/ask", "{\"question\": \"" + "lock".repeat(150)
				+ "\"}"), 400, "sample.search.max-query-chars"));
		// searches, after the valid cases above added documents: more results than explanations
		cases.add(valid("[14] k=100 with the default explain explains the best 10", () -> get(
				"/api/search?q=lock+gates&k=100"), 200, (response) -> {
					assertThat(response.json().path("results").size()).isGreaterThan(10);
					assertExplained(response, 10);
				}));
		cases.add(valid("[14] explain=true k=40 explains the best 10", () -> get(
				"/api/search?q=chamber&k=40&explain=true"), 200, (response) -> assertExplained(response, 10)));
		cases.add(valid("[14] explain=false explains none", () -> get("/api/search?q=chamber&k=40&explain=false"), 200,
				(response) -> assertExplained(response, 0)));
		cases.add(problem("DELETE an unknown document", () -> this.http.delete("/api/documents/doc-unknown"), 404,
				"No document with id 'doc-unknown'"));
		return cases;
	}

	private void run(Case c) {
		SampleHttp.Response response = c.send().get();
		String body = response.body();
		this.answers.record(c.name(),
				response.status() + " " + ((body.length() > 300) ? body.substring(0, 300) + "..." : body));
		assertThat(response.status()).as("%s: never a 5xx (%s)", c.name(), body).isLessThan(500);
		assertThat(response.status()).as("%s: %s", c.name(), body).isEqualTo(c.status());
		if (c.problem()) {
			assertThat(response.contentType()).as("%s: %s", c.name(), body).startsWith("application/problem+json");
			assertThat(json.readTree(body).path("detail").asString()).as(c.name()).isNotBlank();
		}
		if (c.detail() != null) {
			assertThat(json.readTree(body).path("detail").asString()).as(c.name()).contains(c.detail());
		}
		c.check().accept(response);
	}

	private Map<String, StoredDocument> snapshot() {
		ColbertIndex index = ((EmbeddedTokenVectorStore) this.tokenVectorStore).index();
		Map<String, StoredDocument> documents = new LinkedHashMap<>();
		for (String id : index.documentIds()) {
			documents.put(id, index.document(id).orElseThrow());
		}
		return documents;
	}

	private void assertIndexHoldsBeforePlusAdded(Map<String, StoredDocument> before) {
		assertThat(this.added).as("chunks added by the valid cases").isNotEmpty();
		Map<String, StoredDocument> after = snapshot();
		List<String> expected = new ArrayList<>(before.keySet());
		expected.addAll(this.added);
		assertThat(after.keySet()).as("ids in the index").containsExactlyInAnyOrderElementsOf(expected);
		before.forEach((id, document) -> assertThat(after.get(id)).as(id).isEqualTo(document));
	}

	private void added(SampleHttp.Response response) {
		for (JsonNode chunk : response.json().path("chunks")) {
			this.added.add(chunk.asString());
		}
	}

	/** The best {@code most} results (all when fewer) carry their token-level match, the others none. */
	private static void assertExplained(SampleHttp.Response response, int most) {
		JsonNode results = response.json().path("results");
		for (int i = 0; i < results.size(); i++) {
			assertThat(results.get(i).path("match").isObject()).as("result %d explained", i).isEqualTo(i < most);
		}
		assertThat(response.json().path("explained").asInt(-1)).isEqualTo(Math.min(most, results.size()));
	}

	private SampleHttp.Response get(String path) {
		return this.http.get(path);
	}

	private SampleHttp.Response postJson(String body) {
		return postJson("/api/documents", body);
	}

	private SampleHttp.Response postJson(String path, String body) {
		return this.http.send("POST", path, JSON, bytes(body));
	}

	private SampleHttp.Response postDocument(String title, String text) {
		Map<String, String> body = new LinkedHashMap<>();
		if (title != null) {
			body.put("title", title);
		}
		body.put("text", text);
		return postJson(json.writeValueAsString(body));
	}

	private SampleHttp.Response postMarkdown(String markdown) {
		return postJson(json.writeValueAsString(Map.of("text", markdown, "format", "markdown")));
	}

	private SampleHttp.Response upload(String name, byte[] content) {
		return this.http.upload("/api/documents", name, content);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] concat(byte[]... parts) {
		byte[] all = new byte[Arrays.stream(parts).mapToInt((part) -> part.length).sum()];
		int at = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, all, at, part.length);
			at += part.length;
		}
		return all;
	}

	private static Case problem(String name, Supplier<SampleHttp.Response> send, int status, String detail) {
		return new Case(name, send, status, detail, true, (response) -> {
		});
	}

	/** A request Tomcat refuses before the application sees it: its own error page, not a problem. */
	private static Case byTomcat(String name, Supplier<SampleHttp.Response> send, int status) {
		return new Case(name, send, status, null, false, (response) -> {
		});
	}

	private static Case valid(String name, Supplier<SampleHttp.Response> send, int status,
			Consumer<SampleHttp.Response> check) {
		return new Case(name, send, status, null, false, check);
	}

	/**
	 * One request of the suite.
	 *
	 * @param name what it tries ({@code [n]}: the item of issue 15 it covers)
	 * @param send sends it
	 * @param status the status it must get
	 * @param detail what the problem detail must contain, or {@code null}
	 * @param problem whether the answer must be {@code application/problem+json}
	 * @param check further checks of the answer
	 */
	record Case(String name, Supplier<SampleHttp.Response> send, int status, String detail, boolean problem,
			Consumer<SampleHttp.Response> check) {
	}

}
