package dev.colbert.autoconfigure.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.colbert.testing.TinyCheckpoints;
import dev.colbert.training.DataDirectory;
import dev.colbert.training.TrainingJob;
import dev.colbert.training.TrainingRunner;
import dev.colbert.training.TrainingState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A training request's {@code baseModel} is confined (issue 15, item 1): only the serving model, the configured base
 * model, a checkpoint folder under {@code colbert.training.output-dir} or a value of
 * {@code colbert.training.allowed-base-models} is accepted. Anything else is refused before it is looked at, with the
 * same answer whether it exists or not, so that the endpoint tells nothing about the disk or the hub.
 */
class TrainingBaseModelTests {

	@TempDir
	static Path models;

	/** Where models a request may not use lie. */
	@TempDir
	static Path strangers;

	static Path base;

	static Path elsewhere;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ColbertTrainingAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=colberttraining");

	@BeforeAll
	static void writeCheckpoints() {
		base = TinyCheckpoints.write(models.resolve("base"), 8, 7);
		elsewhere = TinyCheckpoints.write(strangers.resolve("elsewhere"), 8, 9);
	}

	@Test
	void modelsOutsideTheAllowedSetAreRefusedAlikeWhetherTheyExistOrNot(@TempDir Path directory) throws Exception {
		TrainingRequests.writeTriples(directory.resolve("data"));
		Path out = Files.createDirectories(directory.resolve("out"));
		Files.createSymbolicLink(out.resolve("linked"), elsewhere);
		Files.createSymbolicLink(out.resolve("linked-parent"), strangers);
		String outside = strangers.toRealPath().toString();
		enabled(directory).run((context) -> {
			ColbertTrainingEndpoint endpoint = context.getBean(ColbertTrainingEndpoint.class);
			Map<String, String> answers = new LinkedHashMap<>();
			List<String> values = List.of(elsewhere.toString(), elsewhere + "-missing", "file:" + elsewhere,
					"../../" + elsewhere.getFileName(), "linked", "linked-parent/elsewhere", "linked-parent/nothing",
					"hf:some-org/some-model", "some-org/some-model", "classpath:models/model.onnx", "~/");
			for (String value : values) {
				WebEndpointResponse<Map<String, Object>> response = endpoint
					.start(TrainingRequests.textTriples("triples.tsv").steps(1).baseModel(value).build());
				assertThat(response.getStatus()).as("%s: %s", value, response.getBody()).isEqualTo(400);
				String error = (String) response.getBody().get("error");
				assertThat(error).as(value).contains("baseModel");
				String withoutValue = error.replace(value, "<value>");
				assertThat(withoutValue).as(value).doesNotContain(outside);
				answers.put(value, withoutValue);
			}
			// the same answer for every value: nothing about existence, link targets or the hub
			assertThat(answers.values()).as("%s", answers).containsOnly(answers.values().iterator().next());
			assertThat(context.getBean(TrainingRunner.class).current()).isEmpty();
		});
	}

	@Test
	void theConfiguredModelACheckpointUnderTheOutputDirectoryAndTheAllowListAreAccepted(@TempDir Path directory)
			throws Exception {
		TrainingRequests.writeTriples(directory.resolve("data"));
		Path earlier = TinyCheckpoints.write(directory.resolve("out/earlier/checkpoint"), 8, 5);
		enabled(directory).withPropertyValues("colbert.training.allowed-base-models=" + elsewhere).run((context) -> {
			ColbertTrainingEndpoint endpoint = context.getBean(ColbertTrainingEndpoint.class);
			Map<String, String> accepted = new LinkedHashMap<>();
			accepted.put("earlier/checkpoint", earlier.toRealPath().toString());
			accepted.put(elsewhere.toString(), elsewhere.toString());
			accepted.put(base.toString(), base.toString());
			int job = 0;
			for (Map.Entry<String, String> value : accepted.entrySet()) {
				WebEndpointResponse<Map<String, Object>> response = endpoint.start(TrainingRequests
					.textTriples("triples.tsv").steps(1).baseModel(value.getKey()).output("job-" + job++).build());
				assertThat(response.getStatus()).as("%s: %s", value.getKey(), response.getBody()).isEqualTo(200);
				TrainingJob finished = TrainingRequests.awaitJob(context);
				assertThat(finished.spec().orElseThrow().baseModel()).isEqualTo(value.getValue());
				// a checkpoint under the output directory is loaded with each file checked again as it is opened
				assertThat(finished.spec().orElseThrow().baseModelRoot()).as(value.getKey())
					.isEqualTo(value.getKey().equals("earlier/checkpoint") ? directory.resolve("out").toRealPath() : null);
				assertThat(finished.state()).as("%s", finished.status()).isEqualTo(TrainingState.SUCCEEDED);
			}
		});
	}

	@Test
	void theModelThatServesIsAcceptedAndFollowsSwaps(@TempDir Path directory) {
		DataDirectory outputs = new DataDirectory(directory.resolve("out"), "colbert.training.output-dir");
		String[] serving = { "embedded:bge-small-en-v1.5" };
		BaseModelPolicy policy = new BaseModelPolicy("/srv/configured", () -> serving[0], List.of("hf:org/allowed"),
				outputs);
		assertThat(policy.resolve(null)).isEqualTo("/srv/configured");
		assertThat(policy.resolve(" embedded:bge-small-en-v1.5 ")).isEqualTo("embedded:bge-small-en-v1.5");
		assertThat(policy.resolve("hf:org/allowed")).isEqualTo("hf:org/allowed");
		serving[0] = "/srv/swapped/checkpoint";
		assertThat(policy.resolve("/srv/swapped/checkpoint")).isEqualTo("/srv/swapped/checkpoint");
		assertThatIllegalArgumentException().isThrownBy(() -> policy.resolve("embedded:bge-small-en-v1.5"))
			.withMessageContaining("is not allowed")
			.withMessageContaining("the model that serves (/srv/swapped/checkpoint)");
	}

	private ApplicationContextRunner enabled(Path directory) {
		return this.contextRunner.withPropertyValues("colbert.training.enabled=true",
				"colbert.training.data-dir=" + directory.resolve("data"),
				"colbert.training.output-dir=" + directory.resolve("out"), "colbert.training.threads=1",
				"colbert.training.base-model=" + base, "colbert.training.defaults.layers=projection",
				"colbert.training.defaults.batch-size=2");
	}

}
