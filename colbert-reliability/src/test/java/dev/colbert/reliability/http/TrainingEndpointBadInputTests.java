package dev.colbert.reliability.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
 * Bad requests to the {@code colberttraining} actuator endpoint (enabled, exposed and opened to writes here, as an
 * operator would on a training node): paths that escape {@code colbert.training.data-dir} or {@code output-dir} ({@code ..}, absolute
 * paths, a symbolic link pointing outside, a NUL byte) must be refused with 400 naming the path, and concurrent
 * starts must leave exactly one job running, the others answered 409.
 */
@DirtiesContext
@SpringBootTest(classes = ReliabilityWebApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "colbert.training.enabled=true", "management.endpoints.web.exposure.include=health,colberttraining",
				"management.endpoint.colberttraining.access=unrestricted" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainingEndpointBadInputTests {

	private static Path data;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		WebAppTestSupport.register(registry, "training-index");
		Path root = Files.createTempDirectory("colbert-reliability-training");
		data = Files.createDirectories(root.resolve("data"));
		Path outside = Files.createDirectories(root.resolve("outside"));
		Files.writeString(outside.resolve("secret.tsv"), "q\tp\tn\n");
		Files.createSymbolicLink(data.resolve("link-out"), outside);
		StringBuilder triples = new StringBuilder();
		for (int i = 0; i < 64; i++) {
			triples.append(Corpus.text(900 + i)).append('\t').append(Corpus.text(1900 + i)).append('\t')
				.append(Corpus.text(2900 + i)).append('\n');
		}
		Files.writeString(data.resolve("triples.tsv"), triples.toString());
		registry.add("colbert.training.data-dir", data::toString);
		registry.add("colbert.training.output-dir", () -> root.resolve("output").toString());
	}

	@LocalServerPort
	int port;

	private final BadInputAnswers answers = new BadInputAnswers("Bad input: training endpoint (enabled and exposed)");

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	@AfterAll
	void report() throws Exception {
		send("DELETE", null);
		this.answers.report();
	}

	@Test
	void pathsThatEscapeTheDataDirectoryAreRefused() throws Exception {
		String[][] cases = { { "triples ../outside/secret.tsv", "{\"input\":\"text-triples\",\"triples\":\"../outside/secret.tsv\"}" },
				{ "triples ../../../../etc/passwd", "{\"input\":\"text-triples\",\"triples\":\"../../../../etc/passwd\"}" },
				{ "triples /etc/passwd (absolute)", "{\"input\":\"text-triples\",\"triples\":\"/etc/passwd\"}" },
				{ "triples link-out/secret.tsv (symbolic link to a folder outside)", "{\"input\":\"text-triples\",\"triples\":\"link-out/secret.tsv\"}" },
				{ "triples with a NUL byte", "{\"input\":\"text-triples\",\"triples\":\"tri\\u0000ples.tsv\"}" },
				{ "output ../../escaped (job folder outside output-dir)", "{\"input\":\"text-triples\",\"triples\":\"triples.tsv\",\"output\":\"../../escaped\"}" },
				{ "beir folder ..", "{\"input\":\"beir\",\"folder\":\"..\"}" },
				{ "unknown input kind", "{\"input\":\"shell\",\"triples\":\"triples.tsv\"}" },
				{ "missing triples", "{\"input\":\"text-triples\"}" },
				{ "triples that do not exist", "{\"input\":\"text-triples\",\"triples\":\"nope.tsv\"}" } };
		for (String[] c : cases) {
			HttpResponse<String> response = send("POST", c[1]);
			this.answers.record("POST /actuator/colberttraining: " + c[0], response.statusCode() + " " + response.body());
			assertThat(response.statusCode()).as("%s: %s", c[0], response.body()).isEqualTo(400);
			assertThat(response.body()).as(c[0]).contains("error");
		}
		assertThat(Files.exists(data.getParent().resolve("escaped"))).isFalse();
		assertThat(Files.exists(data.getParent().getParent().resolve("escaped"))).isFalse();
	}

	@Test
	void concurrentStartsRunOneJob() throws Exception {
		String body = "{\"input\":\"text-triples\",\"triples\":\"triples.tsv\",\"steps\":100000,\"batchSize\":2,"
				+ "\"evaluationExamples\":0}";
		int starters = 6;
		ExecutorService pool = Executors.newFixedThreadPool(starters);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<HttpResponse<String>>> futures = new ArrayList<>();
		for (int i = 0; i < starters; i++) {
			futures.add(pool.submit((Callable<HttpResponse<String>>) () -> {
				go.await();
				return send("POST", body);
			}));
		}
		go.countDown();
		int ok = 0;
		int conflict = 0;
		List<String> other = new ArrayList<>();
		for (Future<HttpResponse<String>> future : futures) {
			HttpResponse<String> response = future.get();
			if (response.statusCode() == 200) {
				ok++;
			}
			else if (response.statusCode() == 409) {
				conflict++;
			}
			else {
				other.add(response.statusCode() + " " + response.body());
			}
		}
		pool.shutdown();
		this.answers.record(starters + " concurrent POST /actuator/colberttraining (valid job)",
				ok + " x 200, " + conflict + " x 409" + (other.isEmpty() ? "" : ", other: " + other));
		assertThat(other).isEmpty();
		assertThat(ok).isEqualTo(1);
		assertThat(conflict).isEqualTo(starters - 1);
		HttpResponse<String> again = send("POST", body);
		this.answers.record("POST /actuator/colberttraining while a job runs", again.statusCode() + " " + again.body());
		assertThat(again.statusCode()).isEqualTo(409);
		HttpResponse<String> cancel = send("DELETE", null);
		this.answers.record("DELETE /actuator/colberttraining (cancel)", String.valueOf(cancel.statusCode()));
		assertThat(cancel.statusCode()).isEqualTo(200);
		String state = null;
		for (int i = 0; i < 600 && !"CANCELLED".equals(state) && !"FAILED".equals(state); i++) {
			Thread.sleep(500);
			state = JsonParser.parseString(send("GET", null).body()).getAsJsonObject().get("state").getAsString();
		}
		this.answers.record("GET /actuator/colberttraining after the cancel", String.valueOf(state));
		assertThat(state).isEqualTo("CANCELLED");
	}

	private HttpResponse<String> send(String method, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(
				URI.create("http://127.0.0.1:" + this.port + "/actuator/colberttraining"))
			.timeout(Duration.ofSeconds(120))
			.method(method, (json != null) ? HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)
					: HttpRequest.BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
