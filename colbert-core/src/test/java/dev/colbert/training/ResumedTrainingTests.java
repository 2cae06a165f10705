package dev.colbert.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CancellationException;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.ModelSource;
import dev.colbert.training.data.TextTriplesSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * A job stopped at a checkpoint and resumed keeps the frozen layers' outputs it had computed (on disk, beside the
 * resumable state), and ends with the weights of a job that was never stopped.
 */
class ResumedTrainingTests {

	@TempDir
	Path directory;

	@Test
	void aResumedJobReadsItsFrozenOutputsAndTrainsAsIfNeverStopped() throws IOException {
		Path base = TrainingFixtures.baseCheckpoint(this.directory);
		// no dropout: its random masks are not part of the resumable state, everything else is
		TrainingFixtures.disableDropout(base);
		Path config = base.resolve("config.json");
		assertThat(Files.readString(config)).contains("\"hidden_dropout_prob\": 0.0")
			.contains("\"attention_probs_dropout_prob\": 0.0");
		TextTriplesSource source = new TextTriplesSource(TrainingFixtures.textTriples(this.directory));
		TrainingConfig training = TrainingConfig.builder()
			.trainableLayers(TrainableLayers.top(1))
			.outputDim(6)
			.learningRate(3e-3)
			.totalSteps(4)
			.batchSize(4)
			.checkpointEverySteps(2)
			.build();
		Path straight = ColbertTrainer.train(
				TrainingFixtures.spec(base.toString(), source, training, this.directory.resolve("straight")),
				new RecordingProgress());

		Path folder = this.directory.resolve("stopped");
		RecordingProgress stopping = new RecordingProgress();
		stopping.cancelAtStep = 2;
		assertThatThrownBy(
				() -> ColbertTrainer.train(TrainingFixtures.spec(base.toString(), source, training, folder), stopping))
			.isInstanceOf(CancellationException.class);
		Path frozen = folder.resolve(ColbertTrainer.FROZEN_OUTPUTS_FILE);
		assertThat(frozen).isRegularFile();
		assertThat(Files.size(frozen)).isGreaterThan(1000);

		RecordingProgress resuming = new RecordingProgress();
		Path resumed = ColbertTrainer.train(new TrainingJobSpec(base.toString(), TrainingFixtures.options(), source,
				training, folder, 1, 2, true), resuming);
		assertThat(resuming.phases).contains("reading frozen outputs");
		assertThat(resuming.losses).hasSize(2);
		assertThat(frozen).as("deleted with the finished job's resumable state").doesNotExist();

		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			Map<String, NDArray> expected = ColbertEncoders
				.loadModel(new ModelSource.Folder(straight), TrainingFixtures.options(), manager)
				.model()
				.checkpointTensors();
			Map<String, NDArray> actual = ColbertEncoders
				.loadModel(new ModelSource.Folder(resumed), TrainingFixtures.options(), manager)
				.model()
				.checkpointTensors();
			assertThat(actual.keySet()).isEqualTo(expected.keySet());
			expected.forEach((name, tensor) -> {
				float[] want = tensor.toFloatArray();
				float[] got = actual.get(name).toFloatArray();
				for (int i = 0; i < want.length; i++) {
					assertThat(got[i]).as("%s[%d]", name, i).isCloseTo(want[i], within(1e-5f));
				}
			});
		}
	}

	@Test
	void frozenOutputsLinkedFromOutsideTheJobFolderAreRefused() throws IOException {
		Path base = TrainingFixtures.baseCheckpoint(this.directory);
		TextTriplesSource source = new TextTriplesSource(TrainingFixtures.textTriples(this.directory));
		TrainingConfig training = TrainingConfig.builder()
			.trainableLayers(TrainableLayers.top(1))
			.outputDim(6)
			.totalSteps(4)
			.batchSize(4)
			.checkpointEverySteps(2)
			.build();
		Path folder = this.directory.resolve("stopped");
		RecordingProgress stopping = new RecordingProgress();
		stopping.cancelAtStep = 2;
		assertThatThrownBy(
				() -> ColbertTrainer.train(TrainingFixtures.spec(base.toString(), source, training, folder), stopping))
			.isInstanceOf(CancellationException.class);
		Path frozen = folder.resolve(ColbertTrainer.FROZEN_OUTPUTS_FILE);
		Path elsewhere = Files.move(frozen, this.directory.resolve("elsewhere.bin"));
		Files.createSymbolicLink(frozen, elsewhere);

		assertThatThrownBy(() -> ColbertTrainer.train(new TrainingJobSpec(base.toString(), TrainingFixtures.options(),
				source, training, folder, 1, 2, true), new RecordingProgress()))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining(ColbertTrainer.FROZEN_OUTPUTS_FILE)
			.hasMessageContaining("is outside");
	}

}
