package dev.colbert.sample.it;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small HTTP client for the tests: JSON in and out, multipart uploads, and waiting for the knowledge base. HTTP/1.1
 * to 127.0.0.1 (loopback), safe to share between threads.
 */
final class SampleHttp {

	/** How long a test waits for the knowledge-base ingestion (model load is done before the port opens). */
	static final Duration INGESTION_TIMEOUT = Duration.ofMinutes(5);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	private final String base;

	SampleHttp(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	String base() {
		return this.base;
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	Response get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).GET());
	}

	Response delete(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).DELETE());
	}

	Response postJson(String path, String body) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	Response upload(String path, String fileName, byte[] content) {
		String boundary = "----sample" + UUID.randomUUID();
		byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
				+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8);
		byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
		byte[] body = new byte[head.length + content.length + tail.length];
		System.arraycopy(head, 0, body, 0, head.length);
		System.arraycopy(content, 0, body, head.length, content.length);
		System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.client.send(request.timeout(Duration.ofMinutes(2)).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(),
					response.headers().firstValue("Content-Type").orElse(""));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Polls {@code /api/status} until the ingestion has finished; fails when it failed or takes too long. */
	JsonNode awaitIngestion() throws InterruptedException {
		long deadline = System.nanoTime() + INGESTION_TIMEOUT.toNanos();
		while (true) {
			JsonNode status = get("/api/status").json();
			String state = status.path("ingestion").path("state").asString();
			assertThat(state).as("ingestion state (%s)", status.path("ingestion").path("message").asString())
				.isNotEqualTo("FAILED");
			if (state.equals("READY") || state.equals("REUSED")) {
				return status;
			}
			assertThat(System.nanoTime()).as("ingestion still %s after %s", state, INGESTION_TIMEOUT)
				.isLessThan(deadline);
			Thread.sleep(500);
		}
	}

	static Path writeTemp(Path directory, String name, String text) throws IOException {
		return Files.writeString(directory.resolve(name), text);
	}

	/**
	 * An HTTP response.
	 *
	 * @param status the status code
	 * @param body the body
	 * @param contentType the Content-Type header
	 */
	record Response(int status, String body, String contentType) {

		JsonNode json() {
			try {
				return json.readTree(this.body);
			}
			catch (RuntimeException ex) {
				throw new AssertionError("Not JSON (status " + this.status + "): " + this.body, ex);
			}
		}

	}

}
