package dev.colbert.reliability.http;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;

import dev.colbert.index.StoredDocument;
import dev.colbert.reliability.BadInputAnswers;
import dev.colbert.store.embedded.EmbeddedTokenVectorStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad requests over HTTP to {@link ReliabilityWebApp}: each gets a 4xx with a message naming the problem (never a 5xx),
 * and after each the documents stored before are all there and searchable. Also probes the default actuator
 * exposure (only health), the HTTP surface documented in docs/RELIABILITY.md.
 */
@DirtiesContext
@SpringBootTest(classes = ReliabilityWebApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpBadInputTests {

	private static final String PREFIX = "bad-input-";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		WebAppTestSupport.register(registry, "bad-input-index");
	}

	@LocalServerPort
	int port;

	@Autowired
	EmbeddedTokenVectorStore store;

	private final BadInputAnswers answers = new BadInputAnswers("Bad input: HTTP (minimal web app) and actuator exposure");

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	private long documentsBefore;

	@BeforeAll
	void storeDocuments() throws Exception {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			documents.add(Map.of("id", PREFIX + i, "text", Corpus.text(500 + i), "metadata", Map.of("n", i)));
		}
		HttpResponse<String> response = send("POST", "/api/documents", "application/json",
				new com.google.gson.Gson().toJson(documents).getBytes(StandardCharsets.UTF_8));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		this.documentsBefore = this.store.index().stats().documents();
	}

	@AfterEach
	void nothingStoredIsLost() throws Exception {
		assertThat(this.store.index().stats().documents()).isEqualTo(this.documentsBefore);
		for (int i = 0; i < 20; i++) {
			assertThat(this.store.index().document(PREFIX + i)).map(StoredDocument::text).contains(Corpus.text(500 + i));
		}
		assertThat(send("GET", "/api/search?q=river&k=3", null, null).statusCode()).isEqualTo(200);
	}

	@AfterAll
	void report() {
		this.answers.report();
	}

	@Test
	void badSearches() throws Exception {
		expect(400, "GET /api/search (no q)", "GET", "/api/search", null, null, "no query text");
		expect(400, "GET /api/search?q=", "GET", "/api/search?q=", null, null, "no query text");
		expect(400, "GET /api/search?q=%20%20", "GET", "/api/search?q=%20%20", null, null, "no query text");
		expect(400, "GET /api/search?q=river&k=0", "GET", "/api/search?q=river&k=0", null, null, "topK");
		expect(400, "GET /api/search?q=river&k=-5", "GET", "/api/search?q=river&k=-5", null, null, null);
		expect(400, "GET /api/search?q=river&k=2147483647", "GET", "/api/search?q=river&k=2147483647", null, null,
				"100000");
		expect(400, "GET /api/search?q=river&k=99999999999", "GET", "/api/search?q=river&k=99999999999", null, null,
				null);
		expect(400, "GET /api/search?q=river&k=ten", "GET", "/api/search?q=river&k=ten", null, null, null);
		expect(400, "GET /api/search?q=river&mode=fast", "GET", "/api/search?q=river&mode=fast", null, null, "mode");
		expect(200, "filter on an unknown key: nosuchkey == 'x' (0 results)", "GET",
				"/api/search?q=river&filter=nosuchkey%20%3D%3D%20%27x%27", null, null, "\"results\":[]");
		expect(400, "malformed filter: n ==", "GET", "/api/search?q=river&filter=n%20%3D%3D", null, null, null);
		expect(400, "malformed filter: ((n == 1", "GET", "/api/search?q=river&filter=((n%20%3D%3D%201", null, null,
				"not a valid filter expression");
		expect(400, "invalid UTF-8 in the query string (%C3%28%FF)", "GET", "/api/search?q=%C3%28%FF", null, null,
				null);
		String longQuery = "river ".repeat(10_000);
		expect(200, "POST /api/search with a 10,000-word query (truncated to the query length)", "POST",
				"/api/search", "application/json",
				("{\"q\":\"" + longQuery + "\",\"k\":3}").getBytes(StandardCharsets.UTF_8), "\"results\":[{");
		expect(400, "GET /api/search with a 10,000-word query in the URL (60 kB)", "GET",
				"/api/search?q=" + "river+".repeat(10_000), null, null, null);
	}

	@Test
	void badUploads() throws Exception {
		String json = "application/json";
		expect(400, "POST /api/documents with a null metadata value", "POST", "/api/documents", json,
				bytes("[{\"id\":\"x1\",\"text\":\"river\",\"metadata\":{\"a\":null}}]"), null);
		expect(400, "POST /api/documents with a nested metadata object", "POST", "/api/documents", json,
				bytes("[{\"id\":\"x2\",\"text\":\"river\",\"metadata\":{\"a\":{\"b\":1}}}]"), "'a'");
		expect(400, "POST /api/documents with a lone surrogate escape in the text", "POST", "/api/documents", json,
				bytes("[{\"id\":\"x3\",\"text\":\"river \\ud800 lake\"}]"), "surrogate");
		byte[] invalid = { '[', '{', '"', 'i', 'd', '"', ':', '"', 'x', '4', '"', ',', '"', 't', 'e', 'x', 't', '"',
				':', '"', 'r', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}', ']' };
		expect(400, "POST /api/documents whose body is invalid UTF-8", "POST", "/api/documents", json, invalid, null);
		expect(400, "POST /api/documents with truncated JSON", "POST", "/api/documents", json, bytes("[{\"id\":"),
				null);
		expect(400, "POST /api/documents with a blank id", "POST", "/api/documents", json,
				bytes("[{\"id\":\" \",\"text\":\"river\"}]"), "id");
		expect(400, "POST /api/documents without text", "POST", "/api/documents", json, bytes("[{\"id\":\"x5\"}]"),
				"text");
		expect(400, "POST /api/documents with the same id twice", "POST", "/api/documents", json,
				bytes("[{\"id\":\"x6\",\"text\":\"a\"},{\"id\":\"x6\",\"text\":\"b\"}]"), "repeats");
		expect(415, "POST /api/documents as text/plain", "POST", "/api/documents", "text/plain", bytes("river"),
				null);
		byte[] big = new byte[5 << 20];
		java.util.Arrays.fill(big, (byte) ' ');
		big[0] = '[';
		big[big.length - 1] = ']';
		expect(413, "POST /api/documents with a 5 MiB body (limit 1 MiB)", "POST", "/api/documents", json, big,
				"more than");
		// a declared length far beyond what is sent: refused before reading the body
		String raw = rawRequest("POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Content-Length: 10737418240\r\nConnection: close\r\n\r\n[");
		this.answers.record("POST /api/documents declaring Content-Length 10 GiB", raw.lines().findFirst().orElse(""));
		assertThat(raw).startsWith("HTTP/1.1 413");
		String chunked = rawRequest("POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\n[{\"id\r\n0\r\n\r\n");
		this.answers.record("POST /api/documents chunked (no declared length)", chunked.lines().findFirst().orElse(""));
		assertThat(chunked).startsWith("HTTP/1.1 413");
	}

	@Test
	void actuatorExposesOnlyHealthByDefault() throws Exception {
		HttpResponse<String> health = send("GET", "/actuator/health", null, null);
		this.answers.record("GET /actuator/health", health.statusCode() + " " + health.body());
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).doesNotContain("details");
		for (String path : new String[] { "/actuator/env", "/actuator/beans", "/actuator/heapdump",
				"/actuator/configprops", "/actuator/loggers", "/actuator/shutdown", "/actuator/colbert",
				"/actuator/colberttraining" }) {
			HttpResponse<String> response = send("GET", path, null, null);
			this.answers.record("GET " + path, String.valueOf(response.statusCode()));
			assertThat(response.statusCode()).as(path).isEqualTo(404);
		}
		HttpResponse<String> post = send("POST", "/actuator/colberttraining", "application/json", bytes("{}"));
		this.answers.record("POST /actuator/colberttraining", String.valueOf(post.statusCode()));
		assertThat(post.statusCode()).isIn(404, 405);
	}

	private void expect(int status, String input, String method, String path, String contentType, byte[] body,
			String contains) throws Exception {
		HttpResponse<String> response = send(method, path, contentType, body);
		String shown = response.body();
		this.answers.record(input, response.statusCode() + " " + ((shown.length() > 300) ? shown.substring(0, 300) + "..." : shown));
		assertThat(response.statusCode()).as("%s: %s", input, response.body()).isEqualTo(status);
		if (contains != null) {
			assertThat(response.body()).as(input).contains(contains);
		}
	}

	private HttpResponse<String> send(String method, String path, String contentType, byte[] body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(120))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofByteArray(body)
					: HttpRequest.BodyPublishers.noBody());
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String rawRequest(String request) throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(60_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			// end of the body: the server answers from the headers and must not wait for the declared bytes
			socket.shutdownOutput();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
