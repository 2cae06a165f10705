package dev.colbert.reliability.http;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.ColbertIndex;
import dev.colbert.reliability.ReliabilityRun;
import dev.colbert.store.embedded.EmbeddedTokenVectorStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load over HTTP on loopback: 8 query threads and one writer against {@link ReliabilityWebApp} for 15 s (60 s with
 * {@code -Dreliability.long=true}, or {@code -Dreliability.load.seconds=N}), run and checked by {@link HttpLoad}:
 * every answer must be the exact top-k of one of the index states between the generation seen before the request and
 * the one seen after the answer. Queries run in exhaustive mode ({@code mode=exhaustive}) so that "exact" is the
 * contract. The writer adds, replaces and deletes documents by id, one document and one commit per request. The
 * sample application itself is loaded the same way by {@code SampleAppLoadIT} in sample-rag-app.
 */
@DirtiesContext
@SpringBootTest(classes = ReliabilityWebApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HttpLoadTests {

	private static final int CORPUS = 200;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		WebAppTestSupport.register(registry, "load-index");
	}

	@LocalServerPort
	int port;

	@Autowired
	EmbeddedTokenVectorStore store;

	@Autowired
	ColbertEncoder encoder;

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	@Test
	void readersAndAWriterGetNoErrorsAndOnlyExactAnswers() throws Exception {
		int seconds = ReliabilityRun.intSetting("reliability.load.seconds", 15, 60);
		ColbertIndex index = this.store.index();
		List<Map<String, Object>> documents = new ArrayList<>();
		for (int i = 0; i < CORPUS; i++) {
			documents.add(Map.of("id", "c-" + i, "text", Corpus.text(i), "metadata", Map.of("n", i, "kind", "corpus")));
		}
		for (int from = 0; from < CORPUS; from += 50) {
			HttpResponse<String> response = post("/api/documents", json(documents.subList(from, from + 50)));
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		}
		Map<String, TokenVectors> live = new LinkedHashMap<>();
		for (int i = 0; i < CORPUS; i++) {
			live.put("c-" + i, index.vectors("c-" + i).orElseThrow());
		}

		HttpLoad.Settings settings = new HttpLoad.Settings("ReliabilityWebApp", CORPUS + " documents", seconds,
				Corpus.queries(40, 5), this.encoder::encodeQuery, () -> index.stats().generation(),
				HttpLoad.READERS * 10 + 1, 6);
		HttpLoad.run(settings, live, (query, k, random) -> {
			HttpResponse<String> response = get("/api/search?mode=exhaustive&k=" + k + "&q="
					+ URLEncoder.encode(query, StandardCharsets.UTF_8));
			return (response.statusCode() != 200) ? new HttpLoad.Reply(response.statusCode(), response.body(), null, null)
					: reply(response.body());
		}, new HttpLoad.Writer() {

			private int next;

			@Override
			public String write(java.util.Random random, Map<String, TokenVectors> state) throws Exception {
				int op = random.nextInt(3);
				String id;
				HttpResponse<String> response;
				if (op == 0 || state.size() < 150) {
					id = "w-" + this.next++;
					response = post("/api/documents", json(List.of(Map.of("id", id, "text",
							Corpus.text(10_000 + this.next), "metadata", Map.of("kind", "written")))));
				}
				else if (op == 1) {
					id = "c-" + random.nextInt(CORPUS);
					response = post("/api/documents", json(List.of(Map.of("id", id, "text",
							Corpus.text(20_000 + random.nextInt(1_000_000)), "metadata", Map.of("kind", "replaced")))));
				}
				else {
					List<String> ids = new ArrayList<>(state.keySet());
					id = ids.get(random.nextInt(ids.size()));
					response = delete("/api/documents/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
				}
				if (response.statusCode() != 200) {
					return response.statusCode() + " " + response.body();
				}
				if (op == 2 && state.size() >= 150) {
					state.remove(id);
				}
				else {
					state.put(id, index.vectors(id).orElseThrow());
				}
				return null;
			}

		});
	}

	private static HttpLoad.Reply reply(String body) {
		JsonArray results = JsonParser.parseString(body).getAsJsonObject().getAsJsonArray("results");
		String[] ids = new String[results.size()];
		double[] scores = new double[results.size()];
		for (int i = 0; i < results.size(); i++) {
			JsonObject hit = results.get(i).getAsJsonObject();
			ids[i] = hit.get("id").getAsString();
			scores[i] = hit.get("score").getAsDouble();
		}
		return new HttpLoad.Reply(200, body, ids, scores);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		return this.client.send(HttpRequest.newBuilder(uri(path))
			.timeout(Duration.ofSeconds(120))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> delete(String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).DELETE().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private static String json(Object value) {
		return new com.google.gson.Gson().toJson(value);
	}

}
