package dev.colbert.encoder.checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

import dev.colbert.encoder.model.ColbertModel;
import dev.colbert.encoder.model.ColbertSettings;

/**
 * Writes a model as a checkpoint folder in the HuggingFace ColBERT layout that {@link ColbertCheckpointReader} (and
 * stanford-futuredata/ColBERT) read: config.json, tokenizer.json, model.safetensors ({@code bert.*} and
 * {@code linear.weight}, float32, {@code format: pt}) and artifact.metadata.
 */
public final class ColbertCheckpointWriter {

	private ColbertCheckpointWriter() {
	}

	/**
	 * Writes the checkpoint; existing files of the same names are replaced.
	 * @param model the model; a model with an identity projection gets an explicit identity {@code linear.weight}
	 * @param settings the ColBERT settings to record in artifact.metadata
	 * @param tokenizerJson the content of tokenizer.json
	 * @param folder the target folder, created when missing
	 */
	public static void write(ColbertModel model, ColbertSettings settings, byte[] tokenizerJson, Path folder)
			throws IOException {
		if (settings.dim() != model.dim()) {
			throw new IllegalArgumentException(
					"settings dim " + settings.dim() + " differs from the model's dim " + model.dim());
		}
		Files.createDirectories(folder);
		var gson = new GsonBuilder().setPrettyPrinting().create();
		writeString(folder.resolve(CheckpointFiles.CONFIG), gson.toJson(model.bert().config().toJson()));
		Files.write(folder.resolve(CheckpointFiles.TOKENIZER), tokenizerJson);
		JsonObject metadata = settings.toArtifactMetadata();
		writeString(folder.resolve(CheckpointFiles.METADATA), gson.toJson(metadata));
		Map<String, ai.djl.ndarray.NDArray> tensors = model.checkpointTensors();
		if (model.projection() == null) {
			try (var scope = model.bert().manager().newSubManager()) {
				var identity = scope.eye(model.dim());
				tensors.put(ColbertModel.PROJECTION_NAME, identity);
				Safetensors.write(tensors, Map.of("format", "pt"), folder.resolve(CheckpointFiles.WEIGHTS));
			}
		}
		else {
			Safetensors.write(tensors, Map.of("format", "pt"), folder.resolve(CheckpointFiles.WEIGHTS));
		}
	}

	private static void writeString(Path file, String content) throws IOException {
		Files.write(file, content.getBytes(StandardCharsets.UTF_8));
	}

}
