package dev.colbert.autoconfigure.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.ai.document.Document;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.colbert.autoconfigure.ai.ColbertSpringAiAutoConfiguration;
import dev.colbert.autoconfigure.encoder.ColbertEncoderAutoConfiguration;
import dev.colbert.autoconfigure.store.ColbertEmbeddedStoreAutoConfiguration;
import dev.colbert.spring.ai.ColbertVectorStore;
import dev.colbert.testing.TinyCheckpoints;
import dev.colbert.training.TrainingJob;
import dev.colbert.training.TrainingRunner;
import dev.colbert.training.TrainingState;
import dev.colbert.training.data.PseudoQuerySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A training job cannot exhaust the serving JVM (issue 15, item 3): batch size, n-way, negatives and steps have upper
 * bounds ({@code colbert.training.limits.*}) and a request over one is answered 400 naming it; the prefix cache has a
 * budget property instead of a fixed 2 GiB; pseudo-queries from the live index are mined with the index's own PLAID
 * search instead of a float copy of every token vector in native memory.
 */
@ExtendWith(OutputCaptureExtension.class)
class TrainingLimitsTests {

	private static final String[] TEXTS = { "The apple orchard had a great harvest this autumn.",
			"The stock market fell sharply on Monday after the report.",
			"The orchestra played a violin concert in Vienna last night.",
			"The football team won the league title in the final match.",
			"A storm closed the river bridge for the whole winter.", "Tomatoes grow well in a sunny garden bed.",
			"The engine piston was replaced during the annual service.",
			"The planet completes its orbit around the star every year.",
			"The knight defended the castle walls against the siege.",
			"Fresh bread is baked every morning in the village bakery." };

	@TempDir
	static Path models;

	static Path base;

	@TempDir
	Path directory;

	@BeforeAll
	static void writeCheckpoint() {
		base = TinyCheckpoints.write(models.resolve("base"), 8, 7);
	}

	@Test
	void requestsOverABoundAreRefusedNamingTheBound() throws Exception {
		TrainingRequests.writeTriples(this.directory.resolve("data"));
		record Over(String bound, long limit, Function<TrainingRequests, TrainingRequests> request) {
		}
		List<Over> cases = List.of(new Over("max-batch-size", 64, (r) -> r.batchSize(65)),
				new Over("max-nway", 32, (r) -> r.nway(33)), new Over("max-negatives", 64, (r) -> r.negatives(65)),
				new Over("max-steps", 100_000, (r) -> r.steps(100_001)));
		trainingOnly().run((context) -> {
			ColbertTrainingEndpoint endpoint = context.getBean(ColbertTrainingEndpoint.class);
			for (Over over : cases) {
				WebEndpointResponse<Map<String, Object>> response = endpoint
					.start(over.request().apply(TrainingRequests.textTriples("triples.tsv")).build());
				String property = "colbert.training.limits." + over.bound();
				assertThat(response.getStatus()).as("%s: %s", property, response.getBody()).isEqualTo(400);
				assertThat(response.getBody()).as(property)
					.containsEntry("status", 400)
					.containsEntry("title", "Bad Request")
					.containsEntry("bound", property)
					.containsEntry("limit", over.limit());
				assertThat((String) response.getBody().get("detail")).as(property).contains(property + " (" + over.limit() + ")");
				assertThat(response.getBody().get("error")).isEqualTo(response.getBody().get("detail"));
			}
			assertThat(context.getBean(TrainingRunner.class).current()).isEmpty();
		});
	}

	@Test
	void boundsAndThePrefixCacheBudgetAreProperties() throws Exception {
		TrainingRequests.writeTriples(this.directory.resolve("data"));
		trainingOnly().withPropertyValues("colbert.training.limits.max-batch-size=3",
				"colbert.training.limits.prefix-cache-size=64MB").run((context) -> {
					ColbertTrainingEndpoint endpoint = context.getBean(ColbertTrainingEndpoint.class);
					WebEndpointResponse<Map<String, Object>> over = endpoint
						.start(TrainingRequests.textTriples("triples.tsv").steps(1).batchSize(4).build());
					assertThat(over.getStatus()).isEqualTo(400);
					assertThat((String) over.getBody().get("error"))
						.contains("colbert.training.limits.max-batch-size (3)");
					WebEndpointResponse<Map<String, Object>> within = endpoint
						.start(TrainingRequests.textTriples("triples.tsv").steps(1).batchSize(3).build());
					assertThat(within.getStatus()).as("%s", within.getBody()).isEqualTo(200);
					TrainingJob job = TrainingRequests.awaitJob(context);
					assertThat(job.state()).as("%s", job.status()).isEqualTo(TrainingState.SUCCEEDED);
					assertThat(job.spec().orElseThrow().config().prefixCacheBytes()).isEqualTo(64L << 20);
				});
		trainingOnly().run((context) -> {
			context.getBean(ColbertTrainingEndpoint.class)
				.start(TrainingRequests.textTriples("triples.tsv").steps(1).output("default-budget").build());
			TrainingJob job = TrainingRequests.awaitJob(context);
			assertThat(job.spec().orElseThrow().config().prefixCacheBytes()).isEqualTo(256L << 20);
		});
	}

	@Test
	void epochsThatWouldRunPastTheStepBoundFailTheJobNamingTheBound() throws Exception {
		TrainingRequests.writeTriples(this.directory.resolve("data"));
		trainingOnly().withPropertyValues("colbert.training.limits.max-steps=50").run((context) -> {
			WebEndpointResponse<Map<String, Object>> started = context.getBean(ColbertTrainingEndpoint.class)
				.start(TrainingRequests.textTriples("triples.tsv").epochs(1000.0).build());
			assertThat(started.getStatus()).as("%s", started.getBody()).isEqualTo(200);
			TrainingJob job = TrainingRequests.awaitJob(context);
			assertThat(job.state()).isEqualTo(TrainingState.FAILED);
			assertThat(job.status().error()).contains("colbert.training.limits.max-steps (50)").contains("2000 steps");
			assertThat(job.status().step()).isZero();
		});
	}

	@Test
	void pseudoQueriesFromTheLiveIndexAreMinedWithItsOwnSearch(CapturedOutput output) {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ColbertEncoderAutoConfiguration.class,
					ColbertEmbeddedStoreAutoConfiguration.class, ColbertSpringAiAutoConfiguration.class,
					ColbertTrainingAutoConfiguration.class))
			.withPropertyValues(properties())
			.withPropertyValues("colbert.model=" + base, "colbert.store.embedded.path=" + this.directory.resolve("index"),
					"colbert.encoder.threads=1", "colbert.training.defaults.negatives=2",
					"colbert.training.defaults.mining-depth=4")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				List<Document> documents = new ArrayList<>();
				for (int i = 0; i < TEXTS.length; i++) {
					documents.add(new Document("doc-" + i, TEXTS[i], Map.of("position", i)));
				}
				context.getBean(ColbertVectorStore.class).add(documents);
				WebEndpointResponse<Map<String, Object>> started = context.getBean(ColbertTrainingEndpoint.class)
					.start(TrainingRequests.pseudoQueries().steps(1).build());
				assertThat(started.getStatus()).as("%s", started.getBody()).isEqualTo(200);
				TrainingJob job = TrainingRequests.awaitJob(context);
				assertThat(job.state()).as("%s", job.status()).isEqualTo(TrainingState.SUCCEEDED);
				PseudoQuerySource source = (PseudoQuerySource) job.spec().orElseThrow().source();
				assertThat(source.ranker()).as("the index's own search").isNotNull();
				assertThat(output).doesNotContain("Encoding the collection for negative mining");
			});
	}

	private ApplicationContextRunner trainingOnly() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ColbertTrainingAutoConfiguration.class))
			.withPropertyValues(properties())
			.withPropertyValues("colbert.training.base-model=" + base);
	}

	private String[] properties() {
		return new String[] { "management.endpoints.web.exposure.include=colberttraining",
				"colbert.training.enabled=true", "colbert.training.data-dir=" + this.directory.resolve("data"),
				"colbert.training.output-dir=" + this.directory.resolve("out"), "colbert.training.threads=1",
				"colbert.training.defaults.layers=projection", "colbert.training.defaults.batch-size=2" };
	}

}
