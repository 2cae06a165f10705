package dev.colbert.autoconfigure.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.testing.TinyCheckpoints;
import dev.colbert.training.TrainingJob;
import dev.colbert.training.TrainingRunner;
import dev.colbert.training.TrainingState;

import static org.assertj.core.api.Assertions.assertThat;

class ColbertTrainingAutoConfigurationTests {

	private static final String TRIPLES = """
			apple orchard harvest\tthe apple orchard had a great harvest this autumn\tthe stock market fell sharply
			stock market crash\tthe stock market fell sharply on monday\tthe apple orchard had a great harvest
			violin concert vienna\tthe orchestra played a violin concert in vienna\tthe football team won the league
			football league title\tthe football team won the league title\tthe orchestra played a violin concert
			""";

	@TempDir
	static Path folder;

	static Path checkpoint;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ColbertTrainingAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=colberttraining");

	@BeforeAll
	static void writeCheckpoint() {
		checkpoint = TinyCheckpoints.write(folder.resolve("tiny"), 8, 7);
	}

	@Test
	void trainingIsAbsentByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(TrainingRunner.class)
			.doesNotHaveBean(ColbertTrainingEndpoint.class));
	}

	@Test
	void trainingIsAbsentWhenDisabled() {
		this.contextRunner.withPropertyValues("colbert.training.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ColbertTrainingEndpoint.class));
	}

	@Test
	void endpointReportsIdleBeforeTheFirstJob(@TempDir Path directory) {
		enabled(directory).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(TrainingRunner.class);
			Map<String, Object> status = context.getBean(ColbertTrainingEndpoint.class).status();
			assertThat(status).containsEntry("state", "IDLE").containsEntry("jobId", null).containsKey("loss");
		});
	}

	@Test
	void pathsOutsideTheDataDirectoryAreRejected(@TempDir Path directory) throws IOException {
		Path outside = Files.writeString(directory.resolve("outside.tsv"), TRIPLES);
		Path data = Files.createDirectories(directory.resolve("data"));
		Files.createSymbolicLink(data.resolve("link.tsv"), outside);
		enabled(directory).run((context) -> {
			ColbertTrainingEndpoint endpoint = context.getBean(ColbertTrainingEndpoint.class);
			for (String path : List.of("../outside.tsv", outside.toString(), "link.tsv", "sub/../../outside.tsv")) {
				WebEndpointResponse<Map<String, Object>> response = endpoint.start(textTriples(path, 5, null));
				assertThat(response.getStatus()).as(path).isEqualTo(400);
				assertThat((String) response.getBody().get("error")).as(path)
					.contains("is outside colbert.training.data-dir");
			}
			WebEndpointResponse<Map<String, Object>> output = endpoint
				.start(textTriples("triples.tsv", 5, "../../escaped"));
			assertThat(output.getStatus()).isEqualTo(400);
			assertThat(context.getBean(TrainingRunner.class).current()).isEmpty();
		});
	}

	@Test
	void badRequestsNameTheProblem(@TempDir Path directory) {
		enabled(directory).run((context) -> {
			ColbertTrainingEndpoint endpoint = context.getBean(ColbertTrainingEndpoint.class);
			WebEndpointResponse<Map<String, Object>> missing = endpoint.start(textTriples("nothing.tsv", 5, null));
			assertThat(missing.getStatus()).isEqualTo(400);
			assertThat((String) missing.getBody().get("error")).contains("'nothing.tsv' does not exist");
			WebEndpointResponse<Map<String, Object>> kind = endpoint.start(new TrainingRequest("labels", null, null,
					null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
					null, null));
			assertThat((String) kind.getBody().get("error")).contains("input 'labels' is not one of");
		});
	}

	@Test
	void secondStartIsRefusedWhileAJobRunsAndCancelStopsIt(@TempDir Path directory) throws IOException {
		writeTriples(directory);
		enabled(directory).run((context) -> {
			ColbertTrainingEndpoint endpoint = context.getBean(ColbertTrainingEndpoint.class);
			WebEndpointResponse<Map<String, Object>> first = endpoint.start(textTriples("triples.tsv", 100000, "long"));
			assertThat(first.getStatus()).isEqualTo(200);
			assertThat(first.getBody()).containsEntry("state", "RUNNING");
			WebEndpointResponse<Map<String, Object>> second = endpoint.start(textTriples("triples.tsv", 5, "other"));
			assertThat(second.getStatus()).isEqualTo(409);
			assertThat((String) second.getBody().get("error")).contains("only one job runs at a time");
			TrainingJob job = context.getBean(TrainingRunner.class).current().orElseThrow();
			assertThat(endpoint.cancel().getStatus()).isEqualTo(200);
			assertThat(job.awaitCompletion(Duration.ofMinutes(10))).isTrue();
			assertThat(endpoint.status()).containsEntry("state", "CANCELLED").containsEntry("jobId", job.id());
			assertThat(endpoint.cancel().getStatus()).isEqualTo(404);
		});
	}

	@Test
	void startedJobTrainsAndWritesALoadableCheckpoint(@TempDir Path directory) throws IOException {
		writeTriples(directory);
		enabled(directory).run((context) -> {
			ColbertTrainingEndpoint endpoint = context.getBean(ColbertTrainingEndpoint.class);
			WebEndpointResponse<Map<String, Object>> started = endpoint.start(textTriples("triples.tsv", 6, "run"));
			assertThat(started.getStatus()).as("%s", started.getBody()).isEqualTo(200);
			TrainingJob job = context.getBean(TrainingRunner.class).current().orElseThrow();
			assertThat(job.awaitCompletion(Duration.ofMinutes(10))).isTrue();
			Map<String, Object> status = endpoint.status();
			assertThat(status).containsEntry("state", "SUCCEEDED").containsEntry("step", 6)
				.containsEntry("totalSteps", 6).containsEntry("error", null);
			assertThat((List<?>) status.get("loss")).hasSize(6);
			Path written = Path.of((String) status.get("checkpoint"));
			assertThat(written).startsWith(directory.resolve("out").toRealPath());
			try (ColbertEncoder encoder = ColbertEncoders.load(written.toString(),
					EncoderOptions.builder().intraOpThreads(1).build())) {
				assertThat(encoder.info().dim()).isEqualTo(8);
				assertThat(encoder.encodeQuery("apple harvest").dim()).isEqualTo(8);
			}
		});
	}

	private ApplicationContextRunner enabled(Path directory) {
		return this.contextRunner.withPropertyValues("colbert.training.enabled=true",
				"colbert.training.data-dir=" + directory.resolve("data"),
				"colbert.training.output-dir=" + directory.resolve("out"), "colbert.training.threads=1",
				"colbert.training.base-model=" + checkpoint, "colbert.training.defaults.layers=all",
				"colbert.training.defaults.learning-rate=1e-3", "colbert.training.defaults.batch-size=2");
	}

	private static void writeTriples(Path directory) throws IOException {
		Files.createDirectories(directory.resolve("data"));
		Files.writeString(directory.resolve("data").resolve("triples.tsv"), TRIPLES);
	}

	private static TrainingRequest textTriples(String path, int steps, String output) {
		return new TrainingRequest("text-triples", path, null, null, null, null, output, null, null, null, null,
				steps, null, null, null, null, null, null, null, null, null);
	}

}
