package dev.colbert.reliability.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.colbert.reliability.BadInputAnswers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code colberttraining} endpoint enabled and exposed over HTTP, without the writes opt-in
 * ({@code management.endpoint.colberttraining.access=unrestricted}): it shows the status, and {@code POST} and
 * {@code DELETE} are not mapped, so no job can be started or cancelled (issue 15, item 10).
 */
@DirtiesContext
@SpringBootTest(classes = ReliabilityWebApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "colbert.training.enabled=true", "management.endpoints.web.exposure.include=health,colberttraining" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainingEndpointReadOnlyTests {

	private static Path data;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		WebAppTestSupport.register(registry, "training-read-only-index");
		Path root = Files.createTempDirectory("colbert-reliability-training-read-only");
		data = Files.createDirectories(root.resolve("data"));
		Files.writeString(data.resolve("triples.tsv"), Corpus.text(1) + "\t" + Corpus.text(2) + "\t" + Corpus.text(3)
				+ "\n");
		registry.add("colbert.training.data-dir", data::toString);
		registry.add("colbert.training.output-dir", () -> root.resolve("output").toString());
	}

	@LocalServerPort
	int port;

	private final BadInputAnswers answers = new BadInputAnswers(
			"Bad input: training endpoint (enabled and exposed, writes not opted in)");

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	@AfterAll
	void report() throws Exception {
		this.answers.report();
	}

	@Test
	void writesAreNotMappedWithoutTheAccessOptIn() throws Exception {
		HttpResponse<String> status = send("GET", "", null);
		this.answers.record("GET /actuator/colberttraining", status.statusCode() + " " + state(status));
		assertThat(status.statusCode()).isEqualTo(200);
		String[][] writes = { { "POST", "", "{\"input\":\"text-triples\",\"triples\":\"triples.tsv\",\"steps\":2}" },
				{ "POST", "/swap", "{\"checkpoint\":\"anything\"}" }, { "DELETE", "", null } };
		for (String[] write : writes) {
			HttpResponse<String> response = send(write[0], write[1], write[2]);
			this.answers.record(write[0] + " /actuator/colberttraining" + write[1] + " (no access opt-in)",
					String.valueOf(response.statusCode()));
			assertThat(response.statusCode()).as("%s %s: %s", write[0], write[1], response.body()).isIn(404, 405);
		}
		HttpResponse<String> after = send("GET", "", null);
		assertThat(state(after)).isEqualTo("IDLE");
		assertThat(data.getParent().resolve("output")).satisfiesAnyOf((output) -> assertThat(output).doesNotExist(),
				(output) -> assertThat(output).isEmptyDirectory());
	}

	private static String state(HttpResponse<String> response) {
		return JsonParser.parseString(response.body()).getAsJsonObject().get("state").getAsString();
	}

	private HttpResponse<String> send(String method, String path, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/colberttraining" + path))
			.timeout(Duration.ofSeconds(60))
			.method(method, (json != null) ? HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)
					: HttpRequest.BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
