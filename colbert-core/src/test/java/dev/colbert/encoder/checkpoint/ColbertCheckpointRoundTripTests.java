package dev.colbert.encoder.checkpoint;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderInfo;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.TestModels;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.encoder.inference.TorchColbertEncoder;
import dev.colbert.encoder.model.ColbertModel;
import dev.colbert.encoder.model.ColbertSettings;
import dev.colbert.encoder.tokenize.ColbertTokenizer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tiny random BERT + linear written by the test in the HuggingFace ColBERT layout loads back, encodes identically,
 * and every artifact.metadata value is honoured.
 */
class ColbertCheckpointRoundTripTests {

	private static final List<String> DOCUMENTS = List.of("ColBERT scores documents by late interaction, token by token.",
			"Short.", "", "Vitamin D and bone density: a cohort study of 1,200 adults over ten years.");

	@TempDir
	Path temporary;

	private NDManager manager;

	@BeforeEach
	void createManager() {
		this.manager = NDManager.newBaseManager("PyTorch");
	}

	@AfterEach
	void closeManager() {
		this.manager.close();
	}

	@Test
	void checkpointLoadsAndEncodesIdenticallyAfterRoundTrip() throws Exception {
		ColbertSettings settings = TestModels.colbertSettings(16).withQueryMaxLength(12).withDocumentMaxLength(20);
		ColbertModel model = TestModels.tinyModel(this.manager, TestModels.tinyConfig(), 16, 42);
		Path folder = this.temporary.resolve("checkpoint");
		ColbertCheckpointWriter.write(model, settings, TestModels.tokenizerJson(), folder);
		assertThat(folder).isDirectoryContaining("glob:**/config.json")
			.isDirectoryContaining("glob:**/tokenizer.json")
			.isDirectoryContaining("glob:**/model.safetensors")
			.isDirectoryContaining("glob:**/artifact.metadata");

		try (ColbertEncoder inMemory = inMemoryEncoder(model, settings);
				ColbertEncoder loaded = ColbertEncoders.load(folder.toString(), EncoderOptions.defaults())) {
			TorchColbertEncoder torchLoaded = (TorchColbertEncoder) loaded;
			for (Map.Entry<String, NDArray> entry : model.checkpointTensors().entrySet()) {
				NDArray reloaded = torchLoaded.model().checkpointTensors().get(entry.getKey());
				assertThat(reloaded).as(entry.getKey()).isNotNull();
				assertThat(reloaded.toFloatArray()).as(entry.getKey()).isEqualTo(entry.getValue().toFloatArray());
			}
			assertSameVectors(loaded.encodeQuery("what is late interaction?"),
					inMemory.encodeQuery("what is late interaction?"));
			List<TokenVectors> expected = inMemory.encodeDocuments(DOCUMENTS);
			List<TokenVectors> actual = loaded.encodeDocuments(DOCUMENTS);
			for (int i = 0; i < DOCUMENTS.size(); i++) {
				assertSameVectors(actual.get(i), expected.get(i));
			}
			Path again = this.temporary.resolve("again");
			ColbertCheckpointWriter.write(torchLoaded.model(), settings, TestModels.tokenizerJson(), again);
			assertThat(Files.readAllBytes(again.resolve("model.safetensors")))
				.isEqualTo(Files.readAllBytes(folder.resolve("model.safetensors")));
		}
	}

	@Test
	void everyArtifactMetadataValueIsHonoured() throws Exception {
		ColbertSettings settings = new ColbertSettings(10, 9, "[unused3]", "[unused4]", true, true, true, false, 8);
		Path folder = TestModels.writeCheckpoint(this.temporary.resolve("custom"), settings, 7);
		try (ColbertEncoder encoder = ColbertEncoders.load(folder.toString(), EncoderOptions.defaults())) {
			EncoderInfo info = encoder.info();
			assertThat(info.queryMaxLength()).isEqualTo(10);
			assertThat(info.documentMaxLength()).isEqualTo(9);
			assertThat(info.dim()).isEqualTo(8);
			assertThat(info.attendToMaskTokens()).isTrue();
			assertThat(info.maskPunctuation()).isFalse();
			assertThat(info.queryAugmentation()).isTrue();
			assertThat(info.markers()).isTrue();

			TokenVectors query = encoder.encodeQuery("late interaction");
			assertThat(query.count()).isEqualTo(10);
			assertThat(query.dim()).isEqualTo(8);
			assertThat(query.tokenIds()).containsExactly(101, 4, 2397, 8290, 102, 103, 103, 103, 103, 103);

			TokenVectors document = encoder.encodeDocuments(List.of("one, two. three, four. five, six. seven")).get(0);
			assertThat(document.count()).isEqualTo(9);
			assertThat(document.tokenIds()).containsExactly(101, 5, 2028, 1010, 2048, 1012, 2093, 1010, 102);
		}
	}

	@Test
	void attendToMaskTokensDecidesWhetherTheMaskPaddingChangesTheRealTokens() throws Exception {
		ColbertSettings notAttending = TestModels.colbertSettings(16).withQueryMaxLength(16);
		Path folder = TestModels.writeCheckpoint(this.temporary.resolve("not-attending"), notAttending, 3);
		Path attendingFolder = TestModels.writeCheckpoint(this.temporary.resolve("attending"),
				notAttending.withAttendToMaskTokens(true), 3);
		String text = "late interaction over bert";
		try (ColbertEncoder masked = ColbertEncoders.load(folder.toString(), EncoderOptions.defaults());
				ColbertEncoder plain = ColbertEncoders.load(folder.toString(),
						EncoderOptions.builder().queryAugmentation(false).build());
				ColbertEncoder attending = ColbertEncoders.load(attendingFolder.toString(),
						EncoderOptions.defaults())) {
			TokenVectors augmented = masked.encodeQuery(text);
			TokenVectors unaugmented = plain.encodeQuery(text);
			TokenVectors attended = attending.encodeQuery(text);
			assertThat(augmented.count()).isEqualTo(16);
			assertThat(unaugmented.count()).isEqualTo(7);
			// Not attended: the real tokens see only each other, exactly as without the padding.
			for (int i = 0; i < unaugmented.count(); i++) {
				assertClose(augmented.vector(i), unaugmented.vector(i), 1e-5);
			}
			// Attended: the padding changes what the real tokens see.
			assertThat(maxDifference(attended.vector(0), unaugmented.vector(0))).isGreaterThan(1e-3);
		}
	}

	@Test
	void vectorsAreTheNormalizedProjectionOfTheHiddenStates() throws Exception {
		ColbertSettings settings = TestModels.colbertSettings(16);
		ColbertModel model = TestModels.tinyModel(this.manager, TestModels.tinyConfig(), 16, 11);
		float[] projection = model.projection().toFloatArray();
		try (ColbertEncoder encoder = inMemoryEncoder(model, settings);
				ColbertTokenizer tokenizer = ColbertTokenizer.create(TestModels.tokenizerJson(), "tokenizer.json",
						settings)) {
			String text = "Hello, world. Late interaction!";
			TokenVectors vectors = encoder.encodeDocuments(List.of(text)).get(0);
			var tokens = tokenizer.document(text);
			float[] hidden;
			try (NDManager scope = this.manager.newSubManager()) {
				hidden = model.bert()
					.forward(scope.create(new long[][] { tokens.ids() }), scope.create(new long[][] { tokens.attention() }))
					.toFloatArray();
			}
			int row = 0;
			for (int t = 0; t < tokens.length(); t++) {
				if (!tokens.kept()[t]) {
					continue;
				}
				float[] expected = new float[16];
				double norm = 0;
				for (int d = 0; d < 16; d++) {
					double sum = 0;
					for (int h = 0; h < 32; h++) {
						sum += projection[d * 32 + h] * hidden[t * 32 + h];
					}
					expected[d] = (float) sum;
					norm += sum * sum;
				}
				for (int d = 0; d < 16; d++) {
					expected[d] /= (float) Math.sqrt(norm);
				}
				assertClose(vectors.vector(row), expected, 1e-5);
				assertThat(vectors.tokenIds()[row]).isEqualTo((int) tokens.ids()[t]);
				row++;
			}
			assertThat(row).isEqualTo(vectors.count()).isEqualTo(tokens.length() - 3);
		}
	}

	@Test
	void float16WeightsAreWidenedToFloat32() throws Exception {
		ColbertSettings settings = TestModels.colbertSettings(16);
		ColbertModel model = TestModels.tinyModel(this.manager, TestModels.tinyConfig(), 16, 5);
		Path folder = this.temporary.resolve("fp16");
		ColbertCheckpointWriter.write(model, settings, TestModels.tokenizerJson(), folder);
		Map<String, NDArray> halves = new LinkedHashMap<>();
		model.checkpointTensors().forEach((name, tensor) -> halves.put(name, tensor.toType(DataType.FLOAT16, true)));
		Safetensors.write(halves, Map.of("format", "pt"), folder.resolve("model.safetensors"));
		try (ColbertEncoder encoder = ColbertEncoders.load(folder.toString(), EncoderOptions.defaults())) {
			Map<String, NDArray> loaded = ((TorchColbertEncoder) encoder).model().checkpointTensors();
			for (Map.Entry<String, NDArray> entry : halves.entrySet()) {
				NDArray tensor = loaded.get(entry.getKey());
				assertThat(tensor.getDataType()).isEqualTo(DataType.FLOAT32);
				// libtorch's own float16 -> float32 conversion is the reference for ours
				assertThat(tensor.toFloatArray()).as(entry.getKey())
					.isEqualTo(entry.getValue().toType(DataType.FLOAT32, true).toFloatArray());
			}
			assertThat(encoder.encodeQuery("hello").count()).isEqualTo(32);
		}
	}

	@Test
	void bfloat16WeightsAreWidenedToFloat32() throws Exception {
		ColbertSettings settings = TestModels.colbertSettings(16);
		ColbertModel model = TestModels.tinyModel(this.manager, TestModels.tinyConfig(), 16, 6);
		Path folder = this.temporary.resolve("bf16");
		ColbertCheckpointWriter.write(model, settings, TestModels.tokenizerJson(), folder);
		Map<String, float[]> truncated = new LinkedHashMap<>();
		Map<String, long[]> shapes = new LinkedHashMap<>();
		model.checkpointTensors().forEach((name, tensor) -> {
			float[] values = tensor.toFloatArray();
			for (int i = 0; i < values.length; i++) {
				values[i] = Float.intBitsToFloat(Float.floatToRawIntBits(values[i]) & 0xffff0000);
			}
			truncated.put(name, values);
			shapes.put(name, tensor.getShape().getShape());
		});
		RawSafetensors.writeBfloat16(truncated, shapes, folder.resolve("model.safetensors"));
		try (ColbertEncoder encoder = ColbertEncoders.load(folder.toString(), EncoderOptions.defaults())) {
			Map<String, NDArray> loaded = ((TorchColbertEncoder) encoder).model().checkpointTensors();
			truncated.forEach((name, values) -> assertThat(loaded.get(name).toFloatArray()).as(name).isEqualTo(values));
			assertThat(encoder.encodeQuery("hello").count()).isEqualTo(32);
		}
	}

	@Test
	void weightsWithoutTheBertPrefixAreAccepted() throws Exception {
		ColbertSettings settings = TestModels.colbertSettings(16);
		ColbertModel model = TestModels.tinyModel(this.manager, TestModels.tinyConfig(), 16, 9);
		Path folder = this.temporary.resolve("bare");
		ColbertCheckpointWriter.write(model, settings, TestModels.tokenizerJson(), folder);
		Map<String, NDArray> bare = new LinkedHashMap<>();
		model.bert().parameters().forEach(bare::put);
		bare.put("linear.weight", model.projection());
		Safetensors.write(bare, Map.of("format", "pt"), folder.resolve("model.safetensors"));
		try (ColbertEncoder encoder = ColbertEncoders.load(folder.toString(), EncoderOptions.defaults());
				ColbertEncoder inMemory = inMemoryEncoder(model, settings)) {
			assertSameVectors(encoder.encodeQuery("late interaction"), inMemory.encodeQuery("late interaction"));
		}
	}

	@Test
	void djlReadsTheSafetensorsWeWrite() throws Exception {
		ColbertModel model = TestModels.tinyModel(this.manager, TestModels.tinyConfig(), 16, 13);
		Path folder = this.temporary.resolve("djl");
		ColbertCheckpointWriter.write(model, TestModels.colbertSettings(16), TestModels.tokenizerJson(), folder);
		try (InputStream in = Files.newInputStream(folder.resolve("model.safetensors"));
				NDManager scope = this.manager.newSubManager()) {
			NDList decoded = NDList.decode(scope, in);
			Map<String, NDArray> expected = model.checkpointTensors();
			assertThat(decoded).hasSize(expected.size());
			for (NDArray array : decoded) {
				assertThat(array.toFloatArray()).as(array.getName())
					.isEqualTo(expected.get(array.getName()).toFloatArray());
			}
		}
	}

	private ColbertEncoder inMemoryEncoder(ColbertModel model, ColbertSettings settings) {
		ColbertTokenizer tokenizer = ColbertTokenizer.create(TestModels.tokenizerJson(), "tokenizer.json", settings);
		EncoderInfo info = new EncoderInfo("memory", "tiny", 32, 2, model.dim(), settings.queryMaxLength(),
				settings.documentMaxLength(), settings.queryAugmentation(), settings.attendToMaskTokens(),
				settings.maskPunctuation(), "none", settings.markers(), 32, "cpu");
		return new TorchColbertEncoder(model, tokenizer, info);
	}

	private static void assertSameVectors(TokenVectors actual, TokenVectors expected) {
		assertThat(actual.count()).isEqualTo(expected.count());
		assertThat(actual.dim()).isEqualTo(expected.dim());
		assertThat(actual.tokenIds()).isEqualTo(expected.tokenIds());
		assertThat(actual.charStart()).isEqualTo(expected.charStart());
		assertThat(maxDifference(actual.data(), expected.data())).isLessThanOrEqualTo(1e-6);
	}

	private static void assertClose(float[] actual, float[] expected, double tolerance) {
		assertThat(maxDifference(actual, expected)).isLessThanOrEqualTo(tolerance);
	}

	private static double maxDifference(float[] a, float[] b) {
		assertThat(a).hasSameSizeAs(b);
		double max = 0;
		for (int i = 0; i < a.length; i++) {
			max = Math.max(max, Math.abs(a[i] - b[i]));
		}
		return max;
	}

}
