package dev.colbert.autoconfigure.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.colbert.autoconfigure.ColbertProperties;
import dev.colbert.autoconfigure.ai.ColbertSpringAiAutoConfiguration;
import dev.colbert.autoconfigure.encoder.ColbertEncoderAutoConfiguration;
import dev.colbert.autoconfigure.store.ColbertEmbeddedStoreAutoConfiguration;
import dev.colbert.autoconfigure.store.StoreType;
import dev.colbert.autoconfigure.swap.LiveModelSwapper;
import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.SwitchableEncoder;
import dev.colbert.spring.ai.ColbertVectorStore;
import dev.colbert.spring.ai.TestStores;
import dev.colbert.store.TokenVectorStore;
import dev.colbert.store.embedded.EmbeddedTokenVectorStore;
import dev.colbert.store.swap.ActiveModelFile;
import dev.colbert.testing.TinyCheckpoints;
import dev.colbert.training.TrainingJob;
import dev.colbert.training.TrainingRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Training jobs that swap their model into the running application, pseudo-queries from the application's own index,
 * and the swap of an existing checkpoint, with tiny random models and the real embedded store.
 */
class TrainingSwapTests {

	private static final String[] TEXTS = { "The apple orchard had a great harvest this autumn.",
			"The stock market fell sharply on Monday after the report.",
			"The orchestra played a violin concert in Vienna last night.",
			"The football team won the league title in the final match.",
			"A storm closed the river bridge for the whole winter.", "Tomatoes grow well in a sunny garden bed.",
			"The engine piston was replaced during the annual service.",
			"The planet completes its orbit around the star every year.",
			"The knight defended the castle walls against the siege.",
			"Fresh bread is baked every morning in the village bakery.",
			"The library lends books, maps and old newspapers to members.",
			"Solar panels on the roof power the whole farm in summer." };

	@TempDir
	static Path models;

	static Path base;

	static Path other;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ColbertEncoderAutoConfiguration.class,
				ColbertEmbeddedStoreAutoConfiguration.class, ColbertSpringAiAutoConfiguration.class,
				ColbertTrainingAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=colberttraining");

	@BeforeAll
	static void writeCheckpoints() {
		base = TinyCheckpoints.write(models.resolve("base"), 8, 7);
		other = TinyCheckpoints.write(models.resolve("other"), 12, 11);
	}

	@Test
	void pseudoQueriesFromTheIndexTrainAModelThatIsSwappedInAndKeptAfterARestart(@TempDir Path directory)
			throws Exception {
		Path[] swappedIndex = new Path[1];
		String[] fingerprint = new String[1];
		enabled(directory).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ColbertEncoder.class)).isInstanceOf(SwitchableEncoder.class);
			ColbertVectorStore vectorStore = context.getBean(ColbertVectorStore.class);
			vectorStore.add(documents());
			String oldFingerprint = context.getBean(ColbertEncoder.class).info().fingerprint();
			ColbertTrainingEndpoint endpoint = context.getBean(ColbertTrainingEndpoint.class);
			WebEndpointResponse<Map<String, Object>> started = endpoint.start(pseudoQueries(2, "adapted"), true);
			assertThat(started.getStatus()).as("%s", started.getBody()).isEqualTo(200);
			TrainingJob job = context.getBean(TrainingRunner.class).current().orElseThrow();
			assertThat(job.awaitCompletion(Duration.ofMinutes(10))).isTrue();
			Map<String, Object> status = endpoint.status();
			assertThat(status).as("%s", status).containsEntry("state", "SUCCEEDED").containsEntry("error", null);
			assertThat((String) status.get("source")).contains("pseudo-queries from 12 documents");
			Path checkpoint = Path.of((String) status.get("checkpoint"));
			String trained = fingerprintOf(checkpoint);
			assertThat(trained).isNotEqualTo(oldFingerprint);
			@SuppressWarnings("unchecked")
			Map<String, Object> serving = (Map<String, Object>) status.get("serving");
			assertThat(serving).containsEntry("fingerprint", trained).containsEntry("swappable", true);
			TokenVectorStore store = context.getBean(TokenVectorStore.class);
			assertThat(store.modelFingerprint()).isEqualTo(trained);
			assertThat(store.stats().documents()).isEqualTo(TEXTS.length);
			swappedIndex[0] = ((EmbeddedTokenVectorStore) store).index().directory();
			assertThat(swappedIndex[0]).isNotEqualTo(directory.resolve("index"));
			fingerprint[0] = trained;
			// the swapped-in model answers as an index built from scratch with it does
			try (ColbertEncoder fresh = ColbertEncoders.load(checkpoint.toString(),
					EncoderOptions.builder().intraOpThreads(1).build());
					EmbeddedTokenVectorStore freshStore = TestStores.embedded(directory.resolve("fresh"), fresh)) {
				ColbertVectorStore expected = ColbertVectorStore.builder(fresh, freshStore).build();
				expected.add(documents());
				for (String query : List.of("apple harvest", "violin concert in vienna", "castle siege")) {
					SearchRequest request = SearchRequest.builder().query(query).topK(4).build();
					assertThat(ids(vectorStore.similaritySearch(request)))
						.containsExactlyElementsOf(ids(expected.similaritySearch(request)));
					assertThat(vectorStore.similaritySearch(request)).extracting(Document::getScore)
						.containsExactlyElementsOf(
								expected.similaritySearch(request).stream().map(Document::getScore).toList());
				}
			}
		});
		assertThat(ActiveModelFile.read(directory.resolve("index"))).isPresent();
		// a restart serves the swapped-in model and its index
		enabled(directory).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ColbertEncoder.class).info().fingerprint()).isEqualTo(fingerprint[0]);
			EmbeddedTokenVectorStore store = context.getBean(EmbeddedTokenVectorStore.class);
			assertThat(store.index().directory()).isEqualTo(swappedIndex[0]);
			assertThat(store.stats().documents()).isEqualTo(TEXTS.length);
			assertThat(context.getBean(ColbertVectorStore.class)
				.similaritySearch(SearchRequest.builder().query("apple harvest").topK(3).build())).hasSize(3);
		});
	}

	@Test
	void swapOperationSwapsAnExistingCheckpointAndAFailedSwapKeepsTheOldModel(@TempDir Path directory)
			throws IOException {
		Path outputs = Files.createDirectories(directory.resolve("out"));
		TinyCheckpoints.write(outputs.resolve("other/checkpoint"), 12, 11);
		Path broken = Files.createDirectories(outputs.resolve("broken/checkpoint"));
		Files.writeString(broken.resolve("config.json"), "{ not json");
		enabled(directory).run((context) -> {
			assertThat(context).hasNotFailed();
			context.getBean(ColbertVectorStore.class).add(documents());
			ColbertTrainingEndpoint endpoint = context.getBean(ColbertTrainingEndpoint.class);
			String before = context.getBean(ColbertEncoder.class).info().fingerprint();
			assertThat(endpoint.swap("swap", "missing/checkpoint").getStatus()).isEqualTo(400);
			assertThat(endpoint.swap("other", "other/checkpoint").getStatus()).isEqualTo(404);
			assertThat(endpoint.swap("swap", "broken/checkpoint").getStatus()).isEqualTo(200);
			TrainingJob failed = context.getBean(TrainingRunner.class).current().orElseThrow();
			assertThat(failed.awaitCompletion(Duration.ofMinutes(5))).isTrue();
			assertThat(endpoint.status()).containsEntry("state", "FAILED");
			assertThat(context.getBean(ColbertEncoder.class).info().fingerprint()).isEqualTo(before);
			assertThat(context.getBean(TokenVectorStore.class).modelFingerprint()).isEqualTo(before);
			WebEndpointResponse<Map<String, Object>> swapped = endpoint.swap("swap", "other/checkpoint");
			assertThat(swapped.getStatus()).as("%s", swapped.getBody()).isEqualTo(200);
			TrainingJob job = context.getBean(TrainingRunner.class).current().orElseThrow();
			assertThat(job.awaitCompletion(Duration.ofMinutes(5))).isTrue();
			Map<String, Object> status = endpoint.status();
			assertThat(status).as("%s", status).containsEntry("state", "SUCCEEDED").containsEntry("config", null);
			String expected = fingerprintOf(outputs.resolve("other/checkpoint"));
			assertThat(context.getBean(ColbertEncoder.class).info().fingerprint()).isEqualTo(expected);
			assertThat(context.getBean(ColbertEncoder.class).info().dim()).isEqualTo(12);
			assertThat(context.getBean(TokenVectorStore.class).modelFingerprint()).isEqualTo(expected);
			assertThat(context.getBean(ColbertVectorStore.class)
				.similaritySearch(SearchRequest.builder().query("football league").topK(2).build())).hasSize(2);
		});
	}

	@Test
	void swapIsRefusedWithTheOpenSearchStore(@TempDir Path directory) {
		ColbertProperties colbert = new ColbertProperties();
		colbert.getStore().setType(StoreType.OPENSEARCH);
		ColbertTrainingEndpoint endpoint = new ColbertTrainingEndpoint(new TrainingRunner(), properties(directory),
				base.toString(), new LiveModelSwapper(null, null, colbert));
		WebEndpointResponse<Map<String, Object>> start = endpoint.start(pseudoQueries(2, "x"), true);
		assertThat(start.getStatus()).isEqualTo(400);
		assertThat((String) start.getBody().get("error")).contains("embedded store only");
		WebEndpointResponse<Map<String, Object>> swap = endpoint.swap("swap", "anything");
		assertThat(swap.getStatus()).isEqualTo(400);
		assertThat((String) swap.getBody().get("error")).contains("embedded store only");
		WebEndpointResponse<Map<String, Object>> pseudo = endpoint.start(pseudoQueries(2, "y"), false);
		assertThat(pseudo.getStatus()).isEqualTo(400);
		assertThat((String) pseudo.getBody().get("error")).contains("give 'collection'");
	}

	private ApplicationContextRunner enabled(Path directory) {
		return this.contextRunner.withPropertyValues("colbert.model=" + base,
				"colbert.store.embedded.path=" + directory.resolve("index"), "colbert.encoder.threads=1",
				"colbert.training.enabled=true", "colbert.training.data-dir=" + directory.resolve("data"),
				"colbert.training.output-dir=" + directory.resolve("out"), "colbert.training.threads=1",
				"colbert.training.defaults.layers=all", "colbert.training.defaults.learning-rate=1e-2",
				"colbert.training.defaults.batch-size=2", "colbert.training.defaults.negatives=2",
				"colbert.training.defaults.mining-depth=4");
	}

	private static ColbertTrainingProperties properties(Path directory) {
		ColbertTrainingProperties properties = new ColbertTrainingProperties();
		properties.setDataDir(directory.resolve("data"));
		properties.setOutputDir(directory.resolve("out"));
		return properties;
	}

	private static TrainingRequest pseudoQueries(int steps, String output) {
		return new TrainingRequest("pseudo-queries", null, null, null, null, null, output, null, null, null, null,
				steps, null, null, null, null, null, null, null, null, 0);
	}

	private static List<Document> documents() {
		List<Document> documents = new ArrayList<>();
		for (int i = 0; i < TEXTS.length; i++) {
			documents.add(new Document("doc-" + i, TEXTS[i], Map.of("position", i)));
		}
		return documents;
	}

	private static List<String> ids(List<Document> documents) {
		return documents.stream().map(Document::getId).toList();
	}

	private static String fingerprintOf(Path checkpoint) {
		try (ColbertEncoder encoder = ColbertEncoders.load(checkpoint.toString(),
				EncoderOptions.builder().intraOpThreads(1).build())) {
			return encoder.info().fingerprint();
		}
	}

}
