package dev.colbert.encoder.checkpoint;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.ModelLoadException;
import dev.colbert.encoder.TestModels;
import dev.colbert.encoder.model.BertActivation;
import dev.colbert.encoder.model.BertConfig;
import dev.colbert.encoder.model.ColbertModel;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Missing, corrupt or mismatched checkpoint files fail at load with the file and the problem named.
 */
class ColbertCheckpointValidationTests {

	@TempDir
	Path temporary;

	private Path folder;

	private NDManager manager;

	@BeforeEach
	void writeValidCheckpoint() throws IOException {
		this.manager = NDManager.newBaseManager("PyTorch");
		this.folder = TestModels.writeCheckpoint(this.temporary.resolve("ckpt"), TestModels.colbertSettings(16), 1);
	}

	@AfterEach
	void close() {
		this.manager.close();
	}

	private AbstractThrowableAssert<?, ? extends Throwable> assertLoadFails() {
		return assertThatThrownBy(() -> ColbertEncoders.load(this.folder.toString(), EncoderOptions.defaults()).close())
			.isInstanceOf(ModelLoadException.class);
	}

	@Test
	void eachMissingFileIsNamed() throws IOException {
		for (String file : new String[] { "config.json", "tokenizer.json", "artifact.metadata", "model.safetensors" }) {
			Path path = this.folder.resolve(file);
			byte[] content = Files.readAllBytes(path);
			Files.delete(path);
			assertLoadFails().hasMessageContaining(path.toString()).hasMessageContaining("is missing");
			Files.write(path, content);
		}
	}

	@Test
	void pytorchBinOnlyAsksForSafetensors() throws IOException {
		Files.move(this.folder.resolve("model.safetensors"), this.folder.resolve("pytorch_model.bin"));
		assertLoadFails().hasMessageContaining("model.safetensors")
			.hasMessageContaining("pytorch_model.bin")
			.hasMessageContaining("safe_serialization=True");
	}

	@Test
	void missingTensorIsNamed() throws IOException {
		rewriteWeights((tensors) -> tensors.remove("bert.encoder.layer.1.output.dense.bias"));
		assertLoadFails().hasMessageContaining("model.safetensors")
			.hasMessageContaining("tensor bert.encoder.layer.1.output.dense.bias is missing");
	}

	@Test
	void missingProjectionIsNamed() throws IOException {
		rewriteWeights((tensors) -> tensors.remove("linear.weight"));
		assertLoadFails().hasMessageContaining("model.safetensors").hasMessageContaining("linear.weight is missing");
	}

	@Test
	void wrongShapeIsNamedWithBothShapes() throws IOException {
		rewriteWeights((tensors) -> tensors.put("bert.encoder.layer.0.attention.self.query.weight",
				this.manager.zeros(new ai.djl.ndarray.types.Shape(32, 16))));
		assertLoadFails().hasMessageContaining("model.safetensors")
			.hasMessageContaining("tensor bert.encoder.layer.0.attention.self.query.weight has shape [32, 16], "
					+ "expected [32, 32]");
	}

	@Test
	void configWithFewerLayersThanTheWeightsIsRefused() throws IOException {
		editJson("config.json", (json) -> json.addProperty("num_hidden_layers", 1));
		assertLoadFails().hasMessageContaining("model.safetensors")
			.hasMessageContaining("layers [1]")
			.hasMessageContaining("num_hidden_layers 1");
	}

	@Test
	void configWithMoreLayersThanTheWeightsIsRefused() throws IOException {
		editJson("config.json", (json) -> json.addProperty("num_hidden_layers", 3));
		assertLoadFails().hasMessageContaining("tensor bert.encoder.layer.2.");
	}

	@Test
	void configHiddenSizeThatDisagreesWithTheWeightsIsRefused() throws IOException {
		editJson("config.json", (json) -> {
			json.addProperty("hidden_size", 64);
			json.addProperty("num_attention_heads", 4);
		});
		assertLoadFails().hasMessageContaining("embeddings.word_embeddings.weight has shape [30522, 32], "
				+ "expected [30522, 64]");
	}

	@Test
	void unreadableJsonIsNamed() throws IOException {
		Files.writeString(this.folder.resolve("config.json"), "{\"hidden_size\": 32,");
		assertLoadFails().hasMessageContaining(this.folder.resolve("config.json").toString())
			.hasMessageContaining("unreadable JSON");
		writeValidConfig();
		Files.writeString(this.folder.resolve("artifact.metadata"), "[1, 2");
		assertLoadFails().hasMessageContaining("artifact.metadata").hasMessageContaining("unreadable JSON");
	}

	@Test
	void missingConfigValueIsNamed() throws IOException {
		editJson("config.json", (json) -> json.remove("intermediate_size"));
		assertLoadFails().hasMessageContaining("config.json").hasMessageContaining("intermediate_size is missing");
	}

	@Test
	void unsupportedModelTypeIsRefused() throws IOException {
		editJson("config.json", (json) -> json.addProperty("model_type", "modernbert"));
		assertLoadFails().hasMessageContaining("config.json").hasMessageContaining("model_type 'modernbert'");
	}

	@Test
	void metadataDimThatDiffersFromTheProjectionIsRefused() throws IOException {
		editJson("artifact.metadata", (json) -> json.addProperty("dim", 24));
		assertLoadFails().hasMessageContaining("artifact.metadata")
			.hasMessageContaining("dim 24 does not match linear.weight, which has 16 rows");
	}

	@Test
	void metadataValueOfTheWrongTypeIsNamed() throws IOException {
		editJson("artifact.metadata", (json) -> json.addProperty("query_maxlen", "thirty-two"));
		assertLoadFails().hasMessageContaining("artifact.metadata").hasMessageContaining("query_maxlen must be an integer");
	}

	@Test
	void tokenizerLargerThanTheEmbeddingIsRefused() throws IOException {
		BertConfig small = new BertConfig("small-vocab", 1000, 32, 2, 4, 64, 64, 2, 1e-12, BertActivation.GELU, 0.1,
				0.1);
		ColbertModel model = TestModels.tinyModel(this.manager, small, 16, 2);
		ColbertCheckpointWriter.write(model, TestModels.colbertSettings(16), TestModels.tokenizerJson(), this.folder);
		assertLoadFails().hasMessageContaining("tokenizer.json")
			.hasMessageContaining("token ids up to 30521")
			.hasMessageContaining("1000 rows");
	}

	@Test
	void truncatedWeightsAreRefused() throws IOException {
		Path weights = this.folder.resolve("model.safetensors");
		try (RandomAccessFile file = new RandomAccessFile(weights.toFile(), "rw")) {
			file.setLength(file.length() - 1000);
		}
		assertLoadFails().hasMessageContaining("model.safetensors").hasMessageContaining("truncated");
	}

	@Test
	void corruptHeaderIsRefused() throws IOException {
		Path weights = this.folder.resolve("model.safetensors");
		try (RandomAccessFile file = new RandomAccessFile(weights.toFile(), "rw")) {
			file.seek(12);
			file.write("#@!".getBytes(StandardCharsets.US_ASCII));
		}
		assertLoadFails().hasMessageContaining("model.safetensors").hasMessageContaining("header");
		try (RandomAccessFile file = new RandomAccessFile(weights.toFile(), "rw")) {
			file.seek(0);
			file.write(new byte[] { (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 0, 0, 0, 0 });
		}
		assertLoadFails().hasMessageContaining("model.safetensors").hasMessageContaining("header length");
	}

	@Test
	void notAFolderIsRefused() {
		assertThatThrownBy(() -> ColbertEncoders.load(this.folder.resolve("config.json").toString(),
				EncoderOptions.defaults()))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("is a file");
	}

	@Test
	void documentMaxLengthBeyondThePositionEmbeddingsIsRefused() {
		assertThatThrownBy(() -> ColbertEncoders.load(this.folder.toString(),
				EncoderOptions.builder().documentMaxLength(65).build()))
			.isInstanceOf(ModelLoadException.class)
			.hasMessageContaining("option documentMaxLength 65 exceeds its max_position_embeddings 64");
	}

	private void rewriteWeights(Consumer<Map<String, NDArray>> change) throws IOException {
		Path weights = this.folder.resolve("model.safetensors");
		Map<String, NDArray> tensors = new LinkedHashMap<>(
				Safetensors.read(weights, this.manager, (name) -> true, null));
		change.accept(tensors);
		Safetensors.write(tensors, Map.of("format", "pt"), weights);
	}

	private void editJson(String file, Consumer<JsonObject> change) throws IOException {
		Path path = this.folder.resolve(file);
		JsonObject json = JsonParser.parseString(Files.readString(path)).getAsJsonObject();
		change.accept(json);
		Files.writeString(path, json.toString());
	}

	private void writeValidConfig() throws IOException {
		Files.writeString(this.folder.resolve("config.json"), TestModels.tinyConfig().toJson().toString());
	}

}
