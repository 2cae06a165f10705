package dev.colbert.autoconfigure.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.colbert.testing.TinyCheckpoints;
import dev.colbert.training.TrainingJob;
import dev.colbert.training.TrainingRunner;
import dev.colbert.training.TrainingState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new training job never writes into an existing folder (issue 15, item 8): an earlier job's checkpoint, even one
 * that serves after a swap, cannot be overwritten by naming its folder again. {@code "resume": true} continues a
 * cancelled job in its folder instead.
 */
class TrainingOutputFolderTests {

	@TempDir
	static Path models;

	static Path base;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ColbertTrainingAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=colberttraining");

	@BeforeAll
	static void writeCheckpoint() {
		base = TinyCheckpoints.write(models.resolve("base"), 8, 7);
	}

	@Test
	void aNewJobRefusesAnExistingFolderAndLeavesItsCheckpointAlone(@TempDir Path directory) throws Exception {
		TrainingRequests.writeTriples(directory.resolve("data"));
		Files.createDirectories(directory.resolve("out/made-by-hand"));
		enabled(directory).run((context) -> {
			ColbertTrainingEndpoint endpoint = context.getBean(ColbertTrainingEndpoint.class);
			WebEndpointResponse<Map<String, Object>> first = endpoint
				.start(TrainingRequests.textTriples("triples.tsv").steps(2).output("run").build());
			assertThat(first.getStatus()).as("%s", first.getBody()).isEqualTo(200);
			TrainingJob job = TrainingRequests.awaitJob(context);
			assertThat(job.state()).isEqualTo(TrainingState.SUCCEEDED);
			Path weights = job.checkpoint().orElseThrow().resolve("model.safetensors");
			byte[] before = Files.readAllBytes(weights);
			for (String output : new String[] { "run", "run/checkpoint", "made-by-hand", "./run" }) {
				WebEndpointResponse<Map<String, Object>> again = endpoint
					.start(TrainingRequests.textTriples("triples.tsv").steps(3).output(output).build());
				assertThat(again.getStatus()).as("%s: %s", output, again.getBody()).isEqualTo(400);
				assertThat((String) again.getBody().get("error")).as(output)
					.contains("already exists")
					.contains("\"resume\": true");
			}
			assertThat(endpoint.status()).containsEntry("jobId", job.id());
			assertThat(Files.readAllBytes(weights)).isEqualTo(before);
		});
	}

	@Test
	void aCancelledJobResumesInItsFolderWithResumeTrue(@TempDir Path directory) throws Exception {
		TrainingRequests.writeTriples(directory.resolve("data"));
		TrainingRequest request = TrainingRequests.textTriples("triples.tsv").steps(100_000).output("long").build();
		enabled(directory).run((context) -> {
			ColbertTrainingEndpoint endpoint = context.getBean(ColbertTrainingEndpoint.class);
			assertThat(endpoint.start(request).getStatus()).isEqualTo(200);
			TrainingJob cancelled = context.getBean(TrainingRunner.class).current().orElseThrow();
			awaitStep(cancelled, 3);
			assertThat(endpoint.cancel().getStatus()).isEqualTo(200);
			TrainingRequests.awaitJob(context);
			assertThat(cancelled.state()).isEqualTo(TrainingState.CANCELLED);
			int stoppedAt = cancelled.status().step();
			Path folder = directory.resolve("out/long").toRealPath();
			assertThat(folder.resolve("resume/trainer-state.json")).isRegularFile();

			assertThat(endpoint.start(request).getStatus()).as("a new job in the folder").isEqualTo(400);
			WebEndpointResponse<Map<String, Object>> resumed = endpoint.start(request, false, true);
			assertThat(resumed.getStatus()).as("%s", resumed.getBody()).isEqualTo(200);
			TrainingJob job = context.getBean(TrainingRunner.class).current().orElseThrow();
			assertThat(job.spec().orElseThrow().resume()).isTrue();
			assertThat(job.spec().orElseThrow().outputDirectory()).isEqualTo(folder);
			awaitStep(job, stoppedAt + 1);
			// the first step of the resumed job is the one after the step the cancelled job stopped at
			assertThat(job.status().lossHistory().get(0).step()).isEqualTo(stoppedAt + 1);
			endpoint.cancel();
			TrainingRequests.awaitJob(context);
		});
	}

	@Test
	void resumeNeedsTheFolderOfACancelledJob(@TempDir Path directory) throws Exception {
		TrainingRequests.writeTriples(directory.resolve("data"));
		Files.createDirectories(directory.resolve("out/made-by-hand"));
		TinyCheckpoints.write(directory.resolve("out/finished/checkpoint"), 8, 3);
		Files.createDirectories(directory.resolve("out/finished/resume"));
		Files.writeString(directory.resolve("out/finished/resume/trainer-state.json"), "{}");
		enabled(directory).run((context) -> {
			ColbertTrainingEndpoint endpoint = context.getBean(ColbertTrainingEndpoint.class);
			Map<String, String> cases = new java.util.LinkedHashMap<>();
			cases.put("made-by-hand", "has no resumable state");
			cases.put("finished", "holds a finished checkpoint");
			cases.put("missing", "does not exist");
			cases.put("../outside", "is outside colbert.training.output-dir");
			for (Map.Entry<String, String> folder : cases.entrySet()) {
				WebEndpointResponse<Map<String, Object>> response = endpoint.start(
						TrainingRequests.textTriples("triples.tsv").steps(2).output(folder.getKey()).build(), false,
						true);
				assertThat(response.getStatus()).as("%s: %s", folder.getKey(), response.getBody()).isEqualTo(400);
				assertThat((String) response.getBody().get("error")).as(folder.getKey()).contains(folder.getValue());
			}
			WebEndpointResponse<Map<String, Object>> unnamed = endpoint
				.start(TrainingRequests.textTriples("triples.tsv").steps(2).build(), false, true);
			assertThat((String) unnamed.getBody().get("error")).contains("\"resume\": true needs 'output'");
			assertThat(context.getBean(TrainingRunner.class).current()).isEmpty();
		});
	}

	private static void awaitStep(TrainingJob job, int step) throws InterruptedException {
		long deadline = System.nanoTime() + 300_000_000_000L;
		while (job.status().step() < step && !job.state().isFinished() && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(job.status().step()).as("%s", job.status()).isGreaterThanOrEqualTo(step);
	}

	private ApplicationContextRunner enabled(Path directory) {
		return this.contextRunner.withPropertyValues("colbert.training.enabled=true",
				"colbert.training.data-dir=" + directory.resolve("data"),
				"colbert.training.output-dir=" + directory.resolve("out"), "colbert.training.threads=1",
				"colbert.training.base-model=" + base, "colbert.training.defaults.layers=projection",
				"colbert.training.defaults.batch-size=2");
	}

}
