package dev.colbert.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.ModelSource;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.encoder.checkpoint.ColbertCheckpointWriter;
import dev.colbert.encoder.checkpoint.LoadedModel;
import dev.colbert.training.data.TextTriplesSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checkpoint a training job writes round-trips: it loads as an encoder, keeps the base model's settings and
 * tokenizer, holds the trained tensors (changed) and the frozen ones (bit-identical to the base), has the new
 * projection's dimension, and writing the loaded model again gives the same tensors and the same vectors.
 */
class TrainedCheckpointRoundTripTests {

	@TempDir
	Path directory;

	@Test
	void writtenCheckpointRoundTrips() throws IOException {
		Path base = TrainingFixtures.baseCheckpoint(this.directory);
		TrainingConfig config = TrainingConfig.builder()
			.trainableLayers(TrainableLayers.top(1))
			.outputDim(6)
			.learningRate(3e-3)
			.totalSteps(4)
			.batchSize(4)
			.checkpointEverySteps(0)
			.build();
		Path checkpoint = ColbertTrainer.train(TrainingFixtures.spec(base.toString(),
				new TextTriplesSource(TrainingFixtures.textTriples(this.directory)), config,
				this.directory.resolve("out")), new RecordingProgress());
		assertThat(checkpoint).isEqualTo(this.directory.resolve("out").resolve("checkpoint"));
		assertThat(this.directory.resolve("out").resolve("resume")).doesNotExist();
		Path rewritten = this.directory.resolve("rewritten");
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			LoadedModel before = ColbertEncoders.loadModel(new ModelSource.Folder(base), TrainingFixtures.options(),
					manager);
			LoadedModel after = ColbertEncoders.loadModel(new ModelSource.Folder(checkpoint),
					TrainingFixtures.options(), manager);
			assertThat(after.settings().dim()).isEqualTo(6);
			assertThat(after.settings().queryMaxLength()).isEqualTo(before.settings().queryMaxLength());
			assertThat(after.settings().documentMaxLength()).isEqualTo(before.settings().documentMaxLength());
			assertThat(after.settings().markers()).isEqualTo(before.settings().markers());
			assertThat(after.settings().queryAugmentation()).isEqualTo(before.settings().queryAugmentation());
			assertThat(after.tokenizerJson()).isEqualTo(before.tokenizerJson());
			Map<String, NDArray> trained = after.model().checkpointTensors();
			Map<String, NDArray> original = before.model().checkpointTensors();
			assertThat(trained.get("linear.weight").getShape().getShape()).containsExactly(6, 32);
			int changed = 0;
			for (Map.Entry<String, NDArray> entry : original.entrySet()) {
				if (entry.getKey().equals("linear.weight")) {
					continue;
				}
				float[] old = entry.getValue().toFloatArray();
				float[] now = trained.get(entry.getKey()).toFloatArray();
				if (entry.getKey().startsWith("bert.encoder.layer.1.")) {
					changed += java.util.Arrays.equals(old, now) ? 0 : 1;
				}
				else {
					assertThat(now).as("frozen tensor %s", entry.getKey()).isEqualTo(old);
				}
			}
			assertThat(changed).as("trained tensors of the top layer that changed").isGreaterThan(0);
			ColbertCheckpointWriter.write(after.model(), after.settings(), after.tokenizerJson(), rewritten);
			LoadedModel again = ColbertEncoders.loadModel(new ModelSource.Folder(rewritten),
					TrainingFixtures.options(), manager);
			again.model().checkpointTensors()
				.forEach((name, tensor) -> assertThat(tensor.toFloatArray()).as(name)
					.isEqualTo(trained.get(name).toFloatArray()));
		}
		assertThat(Files.readAllBytes(rewritten.resolve("artifact.metadata")))
			.isEqualTo(Files.readAllBytes(checkpoint.resolve("artifact.metadata")));
		List<String> texts = List.of("the apple orchard had a great harvest this autumn");
		try (ColbertEncoder first = ColbertEncoders.load(checkpoint.toString(), TrainingFixtures.options());
				ColbertEncoder second = ColbertEncoders.load(rewritten.toString(), TrainingFixtures.options())) {
			TokenVectors a = first.encodeDocuments(texts).get(0);
			TokenVectors b = second.encodeDocuments(texts).get(0);
			assertThat(a.dim()).isEqualTo(6);
			assertThat(b.data()).isEqualTo(a.data());
			assertThat(first.encodeQuery("apple harvest").data()).isEqualTo(second.encodeQuery("apple harvest").data());
		}
	}

	@Test
	void lengthsTrainedWithAreTheCheckpointsLengths() throws IOException {
		Path checkpoint = trainOneStep(TrainingFixtures.baseCheckpoint(this.directory),
				TrainingConfig.builder().queryMaxLength(20).documentMaxLength(48));
		try (ColbertEncoder encoder = ColbertEncoders.load(checkpoint.toString(), TrainingFixtures.options())) {
			assertThat(encoder.info().queryMaxLength()).isEqualTo(20);
			assertThat(encoder.info().documentMaxLength()).isEqualTo(48);
		}
	}

	@Test
	void queryAugmentationTrainedWithIsTheCheckpoints() throws IOException {
		Path base = TrainingFixtures.baseCheckpoint(this.directory);
		try (ColbertEncoder encoder = ColbertEncoders.load(base.toString(), TrainingFixtures.options())) {
			assertThat(encoder.info().queryAugmentation()).isTrue();
		}
		Path checkpoint = trainOneStep(base, TrainingConfig.builder().queryAugmentation(false));
		try (ColbertEncoder encoder = ColbertEncoders.load(checkpoint.toString(), TrainingFixtures.options())) {
			assertThat(encoder.info().queryAugmentation()).isFalse();
			assertThat(encoder.encodeQuery("apple harvest").count()).isLessThan(encoder.info().queryMaxLength());
		}
	}

	/** One step of projection-only training from {@code base} with the given settings; the final checkpoint. */
	private Path trainOneStep(Path base, TrainingConfig.Builder settings) throws IOException {
		TrainingConfig config = settings.trainableLayers(TrainableLayers.projection())
			.totalSteps(1)
			.batchSize(4)
			.checkpointEverySteps(0)
			.build();
		return ColbertTrainer.train(TrainingFixtures.spec(base.toString(),
				new TextTriplesSource(TrainingFixtures.textTriples(this.directory)), config,
				this.directory.resolve("out")), new RecordingProgress());
	}

}
