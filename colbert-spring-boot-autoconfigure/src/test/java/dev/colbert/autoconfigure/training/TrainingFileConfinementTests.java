package dev.colbert.autoconfigure.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.colbert.autoconfigure.ai.ColbertSpringAiAutoConfiguration;
import dev.colbert.autoconfigure.encoder.ColbertEncoderAutoConfiguration;
import dev.colbert.autoconfigure.store.ColbertEmbeddedStoreAutoConfiguration;
import dev.colbert.encoder.checkpoint.ColbertCheckpointReader;
import dev.colbert.testing.TinyCheckpoints;
import dev.colbert.training.TrainingRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file a training request makes the application open is confined by its real path (issue 15, item 9), not only
 * the folder named in the request: a BEIR folder's {@code corpus.jsonl}, {@code queries.jsonl} and {@code qrels/*},
 * and each file of a checkpoint folder. A symbolic link inside the data or output directory that leads out is refused
 * with 400 naming the file, never the place it leads to.
 */
class TrainingFileConfinementTests {

	@TempDir
	static Path models;

	static Path base;

	@TempDir
	Path directory;

	private Path outside;

	@BeforeAll
	static void writeCheckpoint() {
		base = TinyCheckpoints.write(models.resolve("base"), 8, 7);
	}

	@Test
	void beirFilesThatLinkOutTheDataDirectoryAreRefused() throws Exception {
		Path data = Files.createDirectories(this.directory.resolve("data"));
		writeOutside();
		Files.createSymbolicLink(beir(data.resolve("corpus-linked"), "corpus.jsonl"), this.outside.resolve("corpus.jsonl"));
		Files.createSymbolicLink(beir(data.resolve("queries-linked"), "queries.jsonl"),
				this.outside.resolve("queries.jsonl"));
		Files.createSymbolicLink(beir(data.resolve("qrels-linked"), "qrels/train.tsv"), this.outside.resolve("train.tsv"));
		Path qrelsFolder = beir(data.resolve("qrels-folder-linked"), "qrels/train.tsv").getParent();
		Files.delete(qrelsFolder);
		Files.createSymbolicLink(qrelsFolder, this.outside);
		trainingOnly().run((context) -> {
			ColbertTrainingEndpoint endpoint = context.getBean(ColbertTrainingEndpoint.class);
			Map<String, String> cases = Map.of("corpus-linked", "corpus.jsonl", "queries-linked", "queries.jsonl",
					"qrels-linked", "train.tsv", "qrels-folder-linked", "train.tsv");
			for (Map.Entry<String, String> beir : cases.entrySet()) {
				WebEndpointResponse<Map<String, Object>> response = endpoint
					.start(TrainingRequests.beir(beir.getKey()).steps(1).build());
				assertThat(response.getStatus()).as("%s: %s", beir.getKey(), response.getBody()).isEqualTo(400);
				assertThat((String) response.getBody().get("error")).as(beir.getKey())
					.contains(beir.getValue())
					.contains("outside colbert.training.data-dir")
					.doesNotContain(this.outside.toRealPath().toString());
			}
			assertThat(context.getBean(TrainingRunner.class).current()).isEmpty();
		});
	}

	@Test
	void escapesNameThePathGivenNotWhereALinkLeads() throws Exception {
		Path data = Files.createDirectories(this.directory.resolve("data"));
		writeOutside();
		Files.createSymbolicLink(data.resolve("link.tsv"), this.outside.resolve("train.tsv"));
		trainingOnly().run((context) -> {
			WebEndpointResponse<Map<String, Object>> response = context.getBean(ColbertTrainingEndpoint.class)
				.start(TrainingRequests.textTriples("link.tsv").steps(1).build());
			assertThat(response.getStatus()).isEqualTo(400);
			assertThat((String) response.getBody().get("error")).contains("'link.tsv' is outside colbert.training.data-dir")
				.doesNotContain(this.outside.toRealPath().toString());
		});
	}

	@Test
	void checkpointFilesThatLinkOutAreRefusedAsBaseModel() throws Exception {
		TrainingRequests.writeTriples(this.directory.resolve("data"));
		writeOutside();
		for (String file : ColbertCheckpointReader.REQUIRED_FILES) {
			linkedCheckpoint(this.directory.resolve("out/linked-" + file + "/checkpoint"), file);
		}
		trainingOnly().run((context) -> {
			ColbertTrainingEndpoint endpoint = context.getBean(ColbertTrainingEndpoint.class);
			for (String file : ColbertCheckpointReader.REQUIRED_FILES) {
				WebEndpointResponse<Map<String, Object>> response = endpoint.start(TrainingRequests
					.textTriples("triples.tsv").steps(1).baseModel("linked-" + file + "/checkpoint").build());
				assertThat(response.getStatus()).as("%s: %s", file, response.getBody()).isEqualTo(400);
				assertThat((String) response.getBody().get("error")).as(file)
					.contains(file)
					.doesNotContain(this.outside.toRealPath().toString());
			}
			assertThat(context.getBean(TrainingRunner.class).current()).isEmpty();
		});
	}

	@Test
	void checkpointFilesThatLinkOutAreRefusedForASwap() throws Exception {
		writeOutside();
		List<String> files = List.of("model.safetensors", "tokenizer.json");
		for (String file : files) {
			linkedCheckpoint(this.directory.resolve("out/in-output-" + file), file);
			linkedCheckpoint(this.directory.resolve("data/in-data-" + file), file);
		}
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ColbertEncoderAutoConfiguration.class,
					ColbertEmbeddedStoreAutoConfiguration.class, ColbertSpringAiAutoConfiguration.class,
					ColbertTrainingAutoConfiguration.class))
			.withPropertyValues(properties())
			.withPropertyValues("colbert.model=" + base, "colbert.store.embedded.path=" + this.directory.resolve("index"),
					"colbert.encoder.threads=1")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ColbertTrainingEndpoint endpoint = context.getBean(ColbertTrainingEndpoint.class);
				for (String file : files) {
					for (String folder : List.of("in-output-" + file, "in-data-" + file)) {
						WebEndpointResponse<Map<String, Object>> response = endpoint.swap("swap", folder);
						assertThat(response.getStatus()).as("%s: %s", folder, response.getBody()).isEqualTo(400);
						assertThat((String) response.getBody().get("error")).as(folder)
							.contains(file)
							.doesNotContain(this.outside.toRealPath().toString());
					}
				}
				assertThat(context.getBean(TrainingRunner.class).current()).isEmpty();
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

	/** Files outside both directories that links lead to: BEIR files and a copy of a checkpoint. */
	private void writeOutside() throws IOException {
		this.outside = Files.createDirectories(this.directory.resolve("outside"));
		Files.writeString(this.outside.resolve("corpus.jsonl"), "{\"_id\": \"d1\", \"text\": \"secret text\"}\n");
		Files.writeString(this.outside.resolve("queries.jsonl"), "{\"_id\": \"q1\", \"text\": \"secret query\"}\n");
		Files.writeString(this.outside.resolve("train.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\n");
		for (String file : ColbertCheckpointReader.REQUIRED_FILES) {
			Files.copy(base.resolve(file), this.outside.resolve(file));
		}
	}

	/** A BEIR folder with real files; returns the path of {@code file} in it, deleted so that a link can replace it. */
	private static Path beir(Path folder, String file) throws IOException {
		Files.createDirectories(folder.resolve("qrels"));
		Files.writeString(folder.resolve("corpus.jsonl"), "{\"_id\": \"d1\", \"text\": \"apple harvest\"}\n"
				+ "{\"_id\": \"d2\", \"text\": \"stock market\"}\n");
		Files.writeString(folder.resolve("queries.jsonl"), "{\"_id\": \"q1\", \"text\": \"apple\"}\n");
		Files.writeString(folder.resolve("qrels/train.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\n");
		Path target = folder.resolve(file);
		Files.delete(target);
		return target;
	}

	/** A checkpoint folder whose {@code linked} file is a symbolic link to the copy outside. */
	private void linkedCheckpoint(Path folder, String linked) throws IOException {
		Files.createDirectories(folder);
		for (String file : ColbertCheckpointReader.REQUIRED_FILES) {
			if (file.equals(linked)) {
				Files.createSymbolicLink(folder.resolve(file), this.outside.resolve(file));
			}
			else {
				Files.copy(base.resolve(file), folder.resolve(file));
			}
		}
	}

}
