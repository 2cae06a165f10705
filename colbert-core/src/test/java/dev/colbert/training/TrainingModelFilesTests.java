package dev.colbert.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.encoder.ModelLoadException;
import dev.colbert.encoder.TestModels;
import dev.colbert.encoder.checkpoint.ColbertCheckpointReader;
import dev.colbert.encoder.checkpoint.LoadedModel;
import dev.colbert.training.data.MiningContext;
import dev.colbert.training.data.TrainingDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A training job opens the checkpoint files it loads by a real path checked right before opening them, not only when
 * the request arrived: a file of a checked folder swapped for a symbolic link to elsewhere in between is refused.
 */
class TrainingModelFilesTests {

	@TempDir
	Path directory;

	@Test
	void theResumableStateIsReadOnlyFromTheJobFolder() throws IOException {
		Path output = this.directory.resolve("root/job");
		Path resume = TestModels.writeCheckpoint(output.resolve("resume"), TestModels.colbertSettings(8), 7);
		Files.writeString(resume.resolve("trainer-state.json"), "{\"step\": 1, \"total_steps\": 4}");
		Path elsewhere = TestModels.writeCheckpoint(this.directory.resolve("elsewhere"), TestModels.colbertSettings(8),
				9);
		// checked when the request arrived; swapped for a link before the job loads it
		Files.delete(resume.resolve("model.safetensors"));
		Files.createSymbolicLink(resume.resolve("model.safetensors"), elsewhere.resolve("model.safetensors"));
		TrainingJobSpec spec = new TrainingJobSpec("embedded:bge-small-en-v1.5", TrainingFixtures.options(),
				new NeverLoaded(), config(), output, 1, 2, true);
		Throwable failure = catchThrowable(() -> ColbertTrainer.train(spec, new RecordingProgress()));
		assertThat(failure).isInstanceOf(ModelLoadException.class)
			.hasMessageContaining("model.safetensors")
			.hasMessageContaining("is outside")
			.hasMessageNotContaining(this.directory.resolve("elsewhere").toRealPath().toString());
	}

	@Test
	void aBaseModelFileSwappedForALinkAfterTheRequestWasCheckedIsRefused() throws IOException {
		Path root = Files.createDirectories(this.directory.resolve("outputs"));
		Path base = TestModels.writeCheckpoint(root.resolve("job-1/checkpoint"), TestModels.colbertSettings(8), 7);
		Path elsewhere = TestModels.writeCheckpoint(this.directory.resolve("elsewhere"), TestModels.colbertSettings(8),
				9);
		DataDirectory outputs = new DataDirectory(root, "output-dir");
		for (String file : ColbertCheckpointReader.REQUIRED_FILES) {
			outputs.requireInside(base.resolve(file), "file of baseModel");
		}
		Files.delete(base.resolve("tokenizer.json"));
		Files.createSymbolicLink(base.resolve("tokenizer.json"), elsewhere.resolve("tokenizer.json"));
		TrainingJobSpec spec = new TrainingJobSpec(base.toString(), TrainingFixtures.options(), new NeverLoaded(),
				config(), root.resolve("job-2"), 1, 2, false, root);
		assertThatExceptionOfType(ModelLoadException.class)
			.isThrownBy(() -> ColbertTrainer.train(spec, new RecordingProgress()))
			.withMessageContaining("tokenizer.json")
			.withMessageContaining("is outside");
	}

	@Test
	void theReaderRefusesFilesOutsideItsRootAndAcceptsLinksInsideIt() throws IOException {
		Path root = Files.createDirectories(this.directory.resolve("root")).toRealPath();
		Path elsewhere = TestModels.writeCheckpoint(this.directory.resolve("elsewhere"), TestModels.colbertSettings(8),
				9);
		Path inside = TestModels.writeCheckpoint(root.resolve("inside"), TestModels.colbertSettings(8), 9);
		for (String file : ColbertCheckpointReader.REQUIRED_FILES) {
			Path folder = TestModels.writeCheckpoint(root.resolve("linked-" + file), TestModels.colbertSettings(8), 7);
			Files.delete(folder.resolve(file));
			Files.createSymbolicLink(folder.resolve(file), elsewhere.resolve(file));
			try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
				assertThatExceptionOfType(ModelLoadException.class)
					.isThrownBy(() -> ColbertCheckpointReader.read(folder, manager, null, root))
					.withMessageContaining(file)
					.withMessageContaining("is outside");
				LoadedModel unconfined = ColbertCheckpointReader.read(folder, manager, null);
				unconfined.model().close();
			}
			Files.delete(folder.resolve(file));
			Files.createSymbolicLink(folder.resolve(file), inside.resolve(file));
			try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
				ColbertCheckpointReader.read(folder, manager, null, root).model().close();
			}
		}
	}

	private static TrainingConfig config() {
		return TrainingConfig.builder().totalSteps(4).batchSize(4).checkpointEverySteps(0).build();
	}

	/** Fails the job if it ever gets to its data: the model must have been refused before. */
	private static final class NeverLoaded implements TrainingDataSource {

		@Override
		public List<TrainingExample> load(MiningContext context) {
			throw new IllegalStateException("the job loaded its model and went on to its data");
		}

		@Override
		public String describe() {
			return "never loaded";
		}

	}

}
