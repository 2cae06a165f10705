package dev.colbert.sample.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
		return upload(path, fileName, content, null, Map.of());
	}

	/**
	 * A multipart upload: the part {@code file} with {@code content}, and a part {@code title} when not {@code null}.
	 */
	Response upload(String path, String fileName, byte[] content, String title, Map<String, String> headers) {
		String boundary = "----sample" + UUID.randomUUID();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		if (title != null) {
			body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n"
					+ "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + title + "\r\n")
				.getBytes(StandardCharsets.UTF_8));
		}
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
				+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(content);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		Map<String, String> all = new java.util.LinkedHashMap<>(headers);
		all.putIfAbsent("Content-Type", "multipart/form-data; boundary=" + boundary);
		return send("POST", path, all, body.toByteArray());
	}

	/** Any request: {@code body} {@code null} for none. */
	Response send(String method, String path, Map<String, String> headers, byte[] body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofByteArray(body)
					: HttpRequest.BodyPublishers.noBody());
		headers.forEach(request::header);
		return send(request);
	}

	/**
	 * Writes {@code request} as it is on a new connection (for what {@link HttpClient} does not send: a declared
	 * length beyond the body, chunked bodies, raw bytes), closes the sending side and returns what the server answered
	 * (status line, headers and body as ISO-8859-1 text).
	 */
	String raw(byte[] request) {
		try (Socket socket = new Socket("127.0.0.1", port())) {
			socket.setSoTimeout(120_000);
			OutputStream out = socket.getOutputStream();
			out.write(request);
			out.flush();
			socket.shutdownOutput();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A POST of {@code body} as JSON in chunks of 64 KiB (no declared length), for {@link #raw}. */
	static byte[] chunked(String path, byte[] body) {
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		request.writeBytes(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
		for (int from = 0; from < body.length; from += 65_536) {
			int n = Math.min(65_536, body.length - from);
			request.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
			request.write(body, from, n);
			request.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
		}
		request.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
		return request.toByteArray();
	}

	/** {@link #raw} parsed: the status, the Content-Type and the body (UTF-8, chunked transfer coding removed). */
	Response rawResponse(byte[] request) {
		String answer = raw(request);
		int end = answer.indexOf("\r\n\r\n");
		String head = (end >= 0) ? answer.substring(0, end) : answer;
		String body = (end >= 0) ? answer.substring(end + 4) : "";
		String[] lines = head.split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		String contentType = "";
		boolean chunkedBody = false;
		for (String line : lines) {
			String lower = line.toLowerCase(java.util.Locale.ROOT);
			if (lower.startsWith("content-type:")) {
				contentType = line.substring("content-type:".length()).strip();
			}
			chunkedBody |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
		}
		if (chunkedBody) {
			StringBuilder joined = new StringBuilder();
			int at = 0;
			while (at < body.length()) {
				int lineEnd = body.indexOf("\r\n", at);
				int size = Integer.parseInt(body.substring(at, lineEnd).strip(), 16);
				if (size == 0) {
					break;
				}
				joined.append(body, lineEnd + 2, lineEnd + 2 + size);
				at = lineEnd + 2 + size + 2;
			}
			body = joined.toString();
		}
		return new Response(status, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8),
				contentType);
	}

	private int port() {
		return URI.create(this.base).getPort();
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
