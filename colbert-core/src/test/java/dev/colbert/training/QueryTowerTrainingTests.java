package dev.colbert.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ModelSource;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.encoder.checkpoint.ColbertCheckpointWriter;
import dev.colbert.encoder.checkpoint.LoadedModel;
import dev.colbert.encoder.checkpoint.DocumentTowerFile;
import dev.colbert.encoder.model.ColbertModel;
import dev.colbert.training.data.TextTriplesSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * A query-tower job ({@code query-top-N}) trains the top layers and the projection of the queries and a projection of
 * the documents, whose layers stay the base model's; it validates on a BEIR collection, writes the document
 * projection beside the checkpoint, and resumes like any job.
 */
class QueryTowerTrainingTests {

	@TempDir
	Path directory;

	@Test
	void trainsTheQueryTopLayersAndBothProjectionsOnly() throws IOException {
		Path base = TrainingFixtures.baseCheckpoint(this.directory);
		TrainingConfig training = config(4).toBuilder().build();
		Path beir = validationCollection();
		RecordingProgress progress = new RecordingProgress();
		Path checkpoint = ColbertTrainer.train(
				TrainingFixtures.spec(base.toString(), source(), training, this.directory.resolve("job")), progress,
				null, List.of(new BeirValidation(beir, "test")));

		assertThat(progress.evaluations).containsKeys("before", "after");
		Map<String, Double> after = progress.evaluations.get("after");
		assertThat(after.get("beir ndcg@10")).isBetween(0.0, 1.0);
		assertThat(after.get("beir recall@100")).isEqualTo(1.0);
		assertThat(checkpoint.resolve(DocumentTowerFile.FILE_NAME)).isRegularFile();
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			ColbertModel before = ColbertEncoders
				.loadModel(new ModelSource.Folder(base), TrainingFixtures.options(), manager)
				.model();
			ColbertModel queries = ColbertEncoders
				.loadModel(new ModelSource.Folder(checkpoint), TrainingFixtures.options(), manager)
				.model();
			Map<String, NDArray> tower = DocumentTowerFile.read(checkpoint, manager);
			NDArray documents = tower.get(ColbertModel.PROJECTION_NAME);
			assertThat(tower.keySet()).as("the projection and the base model's top layer")
				.allMatch((name) -> name.equals(ColbertModel.PROJECTION_NAME)
						|| name.startsWith("bert.encoder.layer.1."))
				.hasSize(1 + (int) before.checkpointTensors().keySet().stream()
					.filter((name) -> name.startsWith("bert.encoder.layer.1."))
					.count());
			tower.forEach((name, tensor) -> {
				if (!name.equals(ColbertModel.PROJECTION_NAME)) {
					assertThat(differs(tensor, before.checkpointTensors().get(name))).as(name).isFalse();
				}
			});
			assertThat(documents.getShape()).isEqualTo(queries.projection().getShape());
			assertThat(differs(documents, queries.projection())).as("each side has its own projection").isTrue();
			Map<String, NDArray> trained = queries.checkpointTensors();
			before.checkpointTensors().forEach((name, tensor) -> {
				boolean topLayer = name.startsWith("bert.encoder.layer.1.");
				boolean projection = name.equals(ColbertModel.PROJECTION_NAME);
				assertThat(differs(tensor, trained.get(name))).as(name).isEqualTo(topLayer || projection);
			});
		}
	}

	@Test
	void theCheckpointLoadsAsAnAsymmetricEncoder() throws IOException {
		Path base = TrainingFixtures.baseCheckpoint(this.directory);
		Path checkpoint = ColbertTrainer.train(
				TrainingFixtures.spec(base.toString(), source(), config(4), this.directory.resolve("job")),
				new RecordingProgress());
		// the same document tower as a symmetric checkpoint: the base encoder with the document projection
		Path symmetric = this.directory.resolve("documents-only");
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			LoadedModel loaded = ColbertEncoders.loadModel(new ModelSource.Folder(base), TrainingFixtures.options(),
					manager);
			LoadedModel trained = ColbertEncoders.loadModel(new ModelSource.Folder(checkpoint),
					TrainingFixtures.options(), manager);
			assertThat(trained.model().asymmetric()).isTrue();
			NDArray projection = DocumentTowerFile.readProjection(checkpoint, manager);
			Files.createDirectories(symmetric);
			ColbertCheckpointWriter.write(new ColbertModel(loaded.model().bert(), projection), trained.settings(),
					trained.tokenizerJson(), symmetric);
		}
		List<String> documents = List.of(TrainingFixtures.TRIPLES.get(0)[1], TrainingFixtures.TRIPLES.get(2)[1]);
		try (ColbertEncoder asymmetric = ColbertEncoders.load(checkpoint.toString(), TrainingFixtures.options());
				ColbertEncoder reference = ColbertEncoders.load(symmetric.toString(), TrainingFixtures.options());
				ColbertEncoder queryTowerOnly = ColbertEncoders.load(queryTowerCopy(checkpoint).toString(),
						TrainingFixtures.options())) {
			List<TokenVectors> got = asymmetric.encodeDocuments(documents);
			List<TokenVectors> want = reference.encodeDocuments(documents);
			List<TokenVectors> queryTower = queryTowerOnly.encodeDocuments(documents);
			for (int d = 0; d < documents.size(); d++) {
				assertThat(got.get(d).count()).isEqualTo(want.get(d).count());
				float[] x = got.get(d).data();
				float[] y = want.get(d).data();
				for (int i = 0; i < x.length; i++) {
					assertThat(x[i]).as("document %d value %d", d, i).isCloseTo(y[i], within(1e-5f));
				}
				assertThat(maxDifference(x, queryTower.get(d).data())).as("documents skip the query tower")
					.isGreaterThan(1e-3f);
			}
			String query = TrainingFixtures.TRIPLES.get(0)[0];
			assertThat(asymmetric.encodeQuery(query).data()).as("queries go through the query tower")
				.containsExactly(queryTowerOnly.encodeQuery(query).data(), within(1e-5f));
			assertThat(asymmetric.info().fingerprint()).isNotEqualTo(queryTowerOnly.info().fingerprint());
		}
	}

	@Test
	void aStoppedJobResumesWithItsDocumentProjection() throws IOException {
		Path base = TrainingFixtures.baseCheckpoint(this.directory);
		TrainingFixtures.disableDropout(base);
		TrainingConfig training = config(4);
		Path straight = ColbertTrainer.train(
				TrainingFixtures.spec(base.toString(), source(), training, this.directory.resolve("straight")),
				new RecordingProgress());
		Path folder = this.directory.resolve("stopped");
		RecordingProgress stopping = new RecordingProgress();
		stopping.cancelAtStep = 2;
		assertThatThrownBy(
				() -> ColbertTrainer.train(TrainingFixtures.spec(base.toString(), source(), training, folder), stopping))
			.isInstanceOf(CancellationException.class);
		assertThat(folder.resolve("resume").resolve(DocumentTowerFile.FILE_NAME)).isRegularFile();
		Path resumed = ColbertTrainer.train(new TrainingJobSpec(base.toString(), TrainingFixtures.options(), source(),
				training, folder, 1, 2, true), new RecordingProgress());
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			float[] want = DocumentTowerFile.readProjection(straight, manager).toFloatArray();
			float[] got = DocumentTowerFile.readProjection(resumed, manager).toFloatArray();
			for (int i = 0; i < want.length; i++) {
				assertThat(got[i]).as("document projection [%d]", i).isCloseTo(want[i], within(1e-5f));
			}
		}
	}

	@Test
	void parsesTheQueryTowerSelection() {
		TrainableLayers layers = TrainableLayers.parse("query-top-3");
		assertThat(layers.documentsFrozen()).isTrue();
		assertThat(layers.trainedLayers(12)).isEqualTo(3);
		assertThat(layers).hasToString("query-top-3");
		assertThat(TrainableLayers.parse("top-3").documentsFrozen()).isFalse();
		assertThatThrownBy(() -> TrainableLayers.parse("query-top-0")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("N >= 1");
	}

	@Test
	void aValidationCollectionWithoutJudgmentsIsRefused() throws IOException {
		Path beir = validationCollection();
		Files.writeString(beir.resolve("qrels").resolve("test.tsv"), "query-id\tcorpus-id\tscore\n");
		assertThatThrownBy(() -> new BeirValidation(beir, "test")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("no judged query");
		assertThatThrownBy(() -> new BeirValidation(beir, "dev")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("qrels/dev.tsv");
	}

	private TrainingConfig config(int steps) {
		return TrainingConfig.builder()
			.trainableLayers(TrainableLayers.queryTop(1))
			.outputDim(6)
			.learningRate(3e-3)
			.totalSteps(steps)
			.batchSize(4)
			.checkpointEverySteps(2)
			.build();
	}

	private TextTriplesSource source() throws IOException {
		return new TextTriplesSource(TrainingFixtures.textTriples(this.directory));
	}

	/** The fixture's positives as a BEIR collection, each triple's query judged against its positive. */
	private Path validationCollection() throws IOException {
		Path beir = this.directory.resolve("beir");
		Files.createDirectories(beir.resolve("qrels"));
		StringBuilder corpus = new StringBuilder();
		StringBuilder queries = new StringBuilder();
		StringBuilder qrels = new StringBuilder("query-id\tcorpus-id\tscore\n");
		for (int i = 0; i < TrainingFixtures.TRIPLES.size(); i++) {
			String[] triple = TrainingFixtures.TRIPLES.get(i);
			corpus.append("{\"_id\": \"d").append(i).append("\", \"text\": \"").append(triple[1]).append("\"}\n");
			queries.append("{\"_id\": \"q").append(i).append("\", \"text\": \"").append(triple[0]).append("\"}\n");
			qrels.append('q').append(i).append("\td").append(i).append("\t1\n");
		}
		Files.writeString(beir.resolve("corpus.jsonl"), corpus, StandardCharsets.UTF_8);
		Files.writeString(beir.resolve("queries.jsonl"), queries, StandardCharsets.UTF_8);
		Files.writeString(beir.resolve("qrels").resolve("test.tsv"), qrels, StandardCharsets.UTF_8);
		return beir;
	}

	/** The checkpoint without its document tower: the query tower as a symmetric model. */
	private Path queryTowerCopy(Path checkpoint) throws IOException {
		Path copy = this.directory.resolve("query-tower-only");
		Files.createDirectories(copy);
		try (var files = Files.list(checkpoint)) {
			for (Path file : files.toList()) {
				if (!file.getFileName().toString().equals(DocumentTowerFile.FILE_NAME)) {
					Files.copy(file, copy.resolve(file.getFileName()));
				}
			}
		}
		return copy;
	}

	private static float maxDifference(float[] x, float[] y) {
		float max = 0;
		for (int i = 0; i < Math.min(x.length, y.length); i++) {
			max = Math.max(max, Math.abs(x[i] - y[i]));
		}
		return max;
	}

	private static boolean differs(NDArray a, NDArray b) {
		float[] x = a.toFloatArray();
		float[] y = b.toFloatArray();
		for (int i = 0; i < x.length; i++) {
			if (Math.abs(x[i] - y[i]) > 1e-7f) {
				return true;
			}
		}
		return false;
	}

}
