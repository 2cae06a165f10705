package dev.colbert.encoder.onnx;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderInfo;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.ModelSource;
import dev.colbert.encoder.QueryEngine;
import dev.colbert.encoder.TestModels;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.encoder.model.BertActivation;
import dev.colbert.encoder.model.BertConfig;
import dev.colbert.encoder.model.BertModel;
import dev.colbert.encoder.model.ColbertSettings;
import dev.colbert.encoder.tokenize.ColbertTokenizer;
import dev.colbert.encoder.tokenize.TokenizedText;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The BERT forward pass on PyTorch against ONNX Runtime on the same bge-small-en-v1.5 weights and inputs: every real
 * token's last_hidden_state (before any projection) must agree within 1e-4, with the sentences batched and padded.
 */
class BertOnnxParityTests {

	private static final double TOLERANCE = 1e-4;

	private static final List<String> SENTENCES = List.of("What is late interaction?",
			"ColBERT encodes queries and documents into bags of contextualized token embeddings and scores them "
					+ "with the sum of maximum similarities, which keeps the fine-grained matching of cross-encoders "
					+ "while documents can be encoded offline.",
			"Vitamin D deficiency is associated with lower bone mineral density in older adults.", "Hi.",
			"The mitochondrial genome is maternally inherited in most animals, although paternal leakage has been "
					+ "reported; heteroplasmy complicates the analysis of disease-causing variants.");

	@TempDir
	static Path temporary;

	private static NDManager torch;

	private static BertModel bert;

	private static ZooModel<NDList, NDList> onnxModel;

	private static ColbertTokenizer tokenizer;

	@BeforeAll
	static void load() throws Exception {
		torch = NDManager.newBaseManager(Device.cpu(), "PyTorch");
		try (InputStream in = new BufferedInputStream(
				BertOnnxParityTests.class.getClassLoader().getResourceAsStream(TestModels.ONNX_RESOURCE), 1 << 16)) {
			bert = new OnnxBertImporter(TestModels.ONNX_RESOURCE, "bge-small-en-v1.5").importModel(in, torch);
		}
		Path onnxFile = temporary.resolve("bge-small-en-v1.5.onnx");
		try (InputStream in = BertOnnxParityTests.class.getClassLoader()
			.getResourceAsStream(TestModels.ONNX_RESOURCE)) {
			Files.copy(in, onnxFile, StandardCopyOption.REPLACE_EXISTING);
		}
		onnxModel = Criteria.builder()
			.setTypes(NDList.class, NDList.class)
			.optModelPath(onnxFile)
			.optEngine("OnnxRuntime")
			.build()
			.loadModel();
		tokenizer = ColbertTokenizer.create(TestModels.tokenizerJson(), TestModels.TOKENIZER_RESOURCE,
				ColbertSettings.untrainedBackbone(384));
	}

	@AfterAll
	static void close() {
		tokenizer.close();
		onnxModel.close();
		bert.close();
	}

	@Test
	void architectureIsDerivedFromTheGraph() {
		BertConfig config = bert.config();
		assertThat(config.vocabSize()).isEqualTo(30522);
		assertThat(config.hiddenSize()).isEqualTo(384);
		assertThat(config.layers()).isEqualTo(12);
		assertThat(config.attentionHeads()).isEqualTo(12);
		assertThat(config.headSize()).isEqualTo(32);
		assertThat(config.intermediateSize()).isEqualTo(1536);
		assertThat(config.maxPositionEmbeddings()).isEqualTo(512);
		assertThat(config.typeVocabSize()).isEqualTo(2);
		assertThat(config.layerNormEps()).isCloseTo(1e-12, org.assertj.core.data.Offset.offset(1e-18));
		assertThat(config.activation()).isEqualTo(BertActivation.GELU);
		assertThat(bert.parameters()).hasSize(5 + 12 * 16);
	}

	@Test
	void lastHiddenStateMatchesOnnxRuntimeOnPaddedBatch() throws Exception {
		TokenizedText[] texts = tokenizer.documents(SENTENCES);
		int length = 0;
		for (TokenizedText text : texts) {
			length = Math.max(length, text.length());
		}
		long[][] ids = new long[texts.length][length];
		long[][] mask = new long[texts.length][length];
		for (int b = 0; b < texts.length; b++) {
			for (int t = 0; t < texts[b].length(); t++) {
				ids[b][t] = texts[b].ids()[t];
				mask[b][t] = 1;
			}
		}
		float[] reference = runOnnx(ids, mask);
		float[] ours;
		try (NDManager scope = torch.newSubManager()) {
			ours = bert.forward(scope.create(ids), scope.create(mask)).toFloatArray();
		}
		double maxDifference = 0;
		int compared = 0;
		for (int b = 0; b < texts.length; b++) {
			for (int t = 0; t < texts[b].length(); t++) {
				for (int h = 0; h < 384; h++) {
					int index = (b * length + t) * 384 + h;
					maxDifference = Math.max(maxDifference, Math.abs(reference[index] - ours[index]));
					compared++;
				}
			}
		}
		System.out.printf("PyTorch vs ONNX Runtime: %d values over %d padded sequences of up to %d tokens, "
				+ "max abs difference %.3g%n", compared, texts.length, length, maxDifference);
		assertThat(compared).isGreaterThan(100 * 384);
		assertThat(maxDifference).isLessThanOrEqualTo(TOLERANCE);
	}

	@Test
	void packedForwardMatchesOnnxRuntime() throws Exception {
		TokenizedText[] texts = tokenizer.documents(SENTENCES);
		int length = 0;
		int tokens = 0;
		for (TokenizedText text : texts) {
			length = Math.max(length, text.length());
			tokens += text.length();
		}
		long[][] ids = new long[texts.length][length];
		long[][] mask = new long[texts.length][length];
		long[] packed = new long[tokens];
		long[] positions = new long[tokens];
		int[] lengths = new int[texts.length];
		int offset = 0;
		for (int b = 0; b < texts.length; b++) {
			lengths[b] = texts[b].length();
			for (int t = 0; t < texts[b].length(); t++) {
				ids[b][t] = texts[b].ids()[t];
				mask[b][t] = 1;
				packed[offset] = texts[b].ids()[t];
				positions[offset++] = t;
			}
		}
		float[] reference = runOnnx(ids, mask);
		float[] ours;
		try (NDManager scope = torch.newSubManager()) {
			ours = bert.forwardPacked(scope.create(packed), scope.create(positions), lengths, lengths, false)
				.toFloatArray();
		}
		double maxDifference = 0;
		offset = 0;
		for (int b = 0; b < texts.length; b++) {
			for (int t = 0; t < lengths[b]; t++, offset++) {
				for (int h = 0; h < 384; h++) {
					maxDifference = Math.max(maxDifference,
							Math.abs(reference[(b * length + t) * 384 + h] - ours[offset * 384 + h]));
				}
			}
		}
		System.out.printf("packed PyTorch vs padded ONNX Runtime: max abs difference %.3g%n", maxDifference);
		assertThat(maxDifference).isLessThanOrEqualTo(TOLERANCE);
	}

	@Test
	void paddingDoesNotChangeTheRealTokens() {
		TokenizedText[] texts = tokenizer.documents(SENTENCES);
		int length = 0;
		for (TokenizedText text : texts) {
			length = Math.max(length, text.length());
		}
		long[][] ids = new long[texts.length][length];
		long[][] mask = new long[texts.length][length];
		for (int b = 0; b < texts.length; b++) {
			for (int t = 0; t < texts[b].length(); t++) {
				ids[b][t] = texts[b].ids()[t];
				mask[b][t] = 1;
			}
		}
		try (NDManager scope = torch.newSubManager()) {
			float[] batched = bert.forward(scope.create(ids), scope.create(mask)).toFloatArray();
			for (int b = 0; b < texts.length; b++) {
				long[][] alone = { texts[b].ids() };
				float[] single = bert.forward(scope.create(alone), scope.create(texts[b].attention().clone())
					.reshape(1, texts[b].length())).toFloatArray();
				double maxDifference = 0;
				for (int i = 0; i < single.length; i++) {
					maxDifference = Math.max(maxDifference, Math.abs(single[i] - batched[b * length * 384 + i]));
				}
				assertThat(maxDifference).as("sentence %d alone vs padded in the batch", b).isLessThan(TOLERANCE);
			}
		}
	}

	private static float[] runOnnx(long[][] ids, long[][] mask) throws Exception {
		try (Predictor<NDList, NDList> predictor = onnxModel.newPredictor();
				NDManager manager = NDManager.newBaseManager(Device.cpu(), "OnnxRuntime")) {
			NDArray inputIds = manager.create(ids);
			inputIds.setName("input_ids");
			NDArray attention = manager.create(mask);
			attention.setName("attention_mask");
			NDArray types = manager.zeros(new Shape(ids.length, ids[0].length), DataType.INT64);
			types.setName("token_type_ids");
			NDList output = predictor.predict(new NDList(inputIds, attention, types));
			assertThat(output.get(0).getShape()).isEqualTo(new Shape(ids.length, ids[0].length, 384));
			return output.get(0).toFloatArray();
		}
	}

	@Test
	void embeddedDefaultEncoderMatchesOnnxRuntimeEndToEnd() throws Exception {
		// The PyTorch query path (ONNX Runtime's, the default for this model, is held to it in QueryEngineTests).
		EncoderOptions options = EncoderOptions.builder().queryEngine(QueryEngine.PYTORCH).build();
		try (ColbertEncoder encoder = ColbertEncoders.load(ModelSource.DEFAULT, options)) {
			EncoderInfo info = encoder.info();
			assertThat(info.backbone()).isEqualTo("BAAI/bge-small-en-v1.5");
			assertThat(info.dim()).isEqualTo(384);
			assertThat(info.documentMaxLength()).isEqualTo(300);
			assertThat(info.queryMaxLength()).isEqualTo(128);
			assertThat(info.markers()).isFalse();
			assertThat(info.queryAugmentation()).isFalse();
			assertThat(info.maskPunctuation()).isTrue();

			List<TokenVectors> documents = encoder.encodeDocuments(SENTENCES);
			double maxDifference = 0;
			for (int i = 0; i < SENTENCES.size(); i++) {
				TokenizedText text = tokenizer.document(SENTENCES.get(i));
				float[] hidden = runOnnx(new long[][] { text.ids() }, new long[][] { text.attention() });
				TokenVectors vectors = documents.get(i);
				assertThat(vectors.count()).isEqualTo(text.keptCount());
				int row = 0;
				for (int t = 0; t < text.length(); t++) {
					if (!text.kept()[t]) {
						continue;
					}
					float[] expected = normalized(hidden, t * 384, 384);
					float[] actual = vectors.vector(row++);
					for (int d = 0; d < 384; d++) {
						maxDifference = Math.max(maxDifference, Math.abs(expected[d] - actual[d]));
					}
				}
			}
			TokenVectors query = encoder.encodeQuery("What is late interaction?");
			assertThat(query.tokenIds()).containsExactly(101, 2054, 2003, 2397, 8290, 1029, 102);
			float[] hidden = runOnnx(new long[][] { { 101, 2054, 2003, 2397, 8290, 1029, 102 } },
					new long[][] { { 1, 1, 1, 1, 1, 1, 1 } });
			for (int t = 0; t < 7; t++) {
				float[] expected = normalized(hidden, t * 384, 384);
				for (int d = 0; d < 384; d++) {
					maxDifference = Math.max(maxDifference, Math.abs(expected[d] - query.vector(t)[d]));
				}
			}
			System.out.printf("embedded encoder vs normalized ONNX Runtime output: max abs difference %.3g%n",
					maxDifference);
			assertThat(maxDifference).isLessThanOrEqualTo(TOLERANCE);
		}
	}

	private static float[] normalized(float[] values, int offset, int dim) {
		double norm = 0;
		for (int d = 0; d < dim; d++) {
			norm += values[offset + d] * values[offset + d];
		}
		float[] result = new float[dim];
		for (int d = 0; d < dim; d++) {
			result[d] = (float) (values[offset + d] / Math.sqrt(norm));
		}
		return result;
	}

	@Test
	void matMulNodeNamesMapToHuggingFaceWeights() throws IOException {
		assertThat(OnnxBertImporter.weightNameFromNode("/encoder/layer.0/attention/self/query/MatMul"))
			.contains("encoder.layer.0.attention.self.query.weight");
		assertThat(OnnxBertImporter.weightNameFromNode("/bert/encoder/layer.11/output/dense/MatMul"))
			.contains("encoder.layer.11.output.dense.weight");
		assertThat(OnnxBertImporter.weightNameFromNode("/encoder/layer.0/attention/self/MatMul_1")).isEmpty();
		assertThat(OnnxBertImporter.weightNameFromNode("MatMul_123")).isEmpty();
	}

}
