package dev.colbert.encoder.onnx;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.ModelLoadException;
import dev.colbert.encoder.ModelSource;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.encoder.checkpoint.Hashing;
import dev.colbert.encoder.checkpoint.LoadedModel;
import dev.colbert.encoder.checkpoint.Safetensors;
import dev.colbert.encoder.model.ColbertSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An embedded model's trained head is applied on the bge-small ONNX backbone: its tensors replace the backbone's, the
 * others stay as the ONNX file has them, the projection and the head's settings make the encoder; a head whose sha256
 * is not the expected one, or that is missing, is refused naming the resource.
 */
class TrainedHeadLoaderTests {

	private static final String CHANGED = "bert.encoder.layer.11.output.dense.bias";

	@TempDir
	static Path resources;

	private static String sha256;

	private static String asymmetricSha256;

	private static String documentsOnlySha256;

	private static float[] changedValues;

	@BeforeAll
	static void writeHead() throws IOException {
		Random random = new Random(3);
		float[] projection = new float[16 * 384];
		for (int i = 0; i < projection.length; i++) {
			projection[i] = (float) random.nextGaussian() * 0.05f;
		}
		changedValues = new float[384];
		for (int i = 0; i < changedValues.length; i++) {
			changedValues[i] = (float) random.nextGaussian() * 0.1f;
		}
		Path folder = Files.createDirectories(resources.resolve("head"));
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			Map<String, NDArray> tensors = new LinkedHashMap<>();
			tensors.put(CHANGED, manager.create(changedValues, new Shape(384)).toType(DataType.FLOAT16, true));
			tensors.put("linear.weight", manager.create(projection, new Shape(16, 384)).toType(DataType.FLOAT16, true));
			Safetensors.write(tensors, Map.of("format", "pt"), folder.resolve("head.safetensors"));
		}
		ColbertSettings settings = ColbertSettings.untrainedBackbone(384).withQueryMaxLength(64);
		settings = new ColbertSettings(settings.queryMaxLength(), 400, settings.queryMarker(), settings.documentMarker(),
				settings.markers(), settings.queryAugmentation(), settings.attendToMaskTokens(), settings.maskPunctuation(),
				16);
		Files.writeString(folder.resolve("artifact.metadata"), settings.toArtifactMetadata().toString(),
				StandardCharsets.UTF_8);
		sha256 = Hashing.sha256Hex(Files.readAllBytes(folder.resolve("head.safetensors")));
		// an asymmetric head (a query tower): documents keep the backbone's layers and get a projection of their own;
		// and the symmetric head of that document tower alone, for reference
		float[] documentProjection = new float[16 * 384];
		for (int i = 0; i < documentProjection.length; i++) {
			documentProjection[i] = (float) random.nextGaussian() * 0.05f;
		}
		Path asymmetric = Files.createDirectories(resources.resolve("asymmetric"));
		Path documentsOnly = Files.createDirectories(resources.resolve("documents-only"));
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			NDArray documents = manager.create(documentProjection, new Shape(16, 384)).toType(DataType.FLOAT16, true);
			Map<String, NDArray> tensors = new LinkedHashMap<>();
			tensors.put(CHANGED, manager.create(changedValues, new Shape(384)).toType(DataType.FLOAT16, true));
			tensors.put("linear.weight", manager.create(projection, new Shape(16, 384)).toType(DataType.FLOAT16, true));
			tensors.put(TrainedHeadLoader.DOCUMENT_PREFIX + "linear.weight", documents);
			Safetensors.write(tensors, Map.of("format", "pt"), asymmetric.resolve("head.safetensors"));
			Safetensors.write(Map.of("linear.weight", documents), Map.of("format", "pt"),
					documentsOnly.resolve("head.safetensors"));
		}
		for (Path head : List.of(asymmetric, documentsOnly)) {
			Files.copy(folder.resolve("artifact.metadata"), head.resolve("artifact.metadata"));
		}
		asymmetricSha256 = Hashing.sha256Hex(Files.readAllBytes(asymmetric.resolve("head.safetensors")));
		documentsOnlySha256 = Hashing.sha256Hex(Files.readAllBytes(documentsOnly.resolve("head.safetensors")));
	}

	private static ClassLoader classLoader() throws IOException {
		return new URLClassLoader(new URL[] { resources.toUri().toURL() }, TrainedHeadLoaderTests.class.getClassLoader());
	}

	private static ModelSource.EmbeddedColbert source(String sha) {
		return new ModelSource.EmbeddedColbert(ModelSource.BGE_SMALL, "head/head.safetensors", "head/artifact.metadata",
				sha);
	}

	@Test
	void headTensorsReplaceTheBackbonesAndTheRestIsTheOnnxModel() throws IOException {
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			LoadedModel backbone = ClasspathOnnxLoader.load(ModelSource.BGE_SMALL, classLoader(), manager);
			LoadedModel loaded = TrainedHeadLoader.load(source(sha256), classLoader(), manager);
			assertThat(loaded.model().dim()).isEqualTo(16);
			assertThat(loaded.settings().queryMaxLength()).isEqualTo(64);
			assertThat(loaded.settings().documentMaxLength()).isEqualTo(400);
			assertThat(loaded.weightsSha256()).isNotEqualTo(backbone.weightsSha256());
			Map<String, NDArray> before = backbone.model().checkpointTensors();
			Map<String, NDArray> after = loaded.model().checkpointTensors();
			float[] applied = after.get(CHANGED).toFloatArray();
			for (int i = 0; i < applied.length; i++) {
				// float16 in the resource
				assertThat(applied[i]).isCloseTo(changedValues[i], org.assertj.core.data.Offset.offset(1e-3f));
			}
			for (String name : List.of("bert.encoder.layer.11.output.dense.weight", "bert.embeddings.word_embeddings.weight",
					"bert.encoder.layer.0.attention.self.query.bias")) {
				assertThat(after.get(name).toFloatArray()).as(name).isEqualTo(before.get(name).toFloatArray());
			}
		}
	}

	@Test
	void encoderOfTheHeadGivesProjectedUnitVectorsAndItsOwnFingerprint() throws IOException {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(classLoader());
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			LoadedModel loaded = ColbertEncoders.loadModel(source(sha256), EncoderOptions.defaults(), manager);
			try (ColbertEncoder encoder = ColbertEncoders.encoder(loaded, "embedded:test-head", EncoderOptions.defaults());
					ColbertEncoder raw = ColbertEncoders.load("embedded:bge-small-en-v1.5", EncoderOptions.defaults())) {
				TokenVectors vectors = encoder.encodeQuery("how are residuals compressed");
				assertThat(vectors.dim()).isEqualTo(16);
				double norm = 0;
				for (int k = 0; k < 16; k++) {
					norm += vectors.data()[k] * vectors.data()[k];
				}
				assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
				assertThat(encoder.info().fingerprint()).isNotEqualTo(raw.info().fingerprint());
			}
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	@Test
	void anAsymmetricHeadEncodesDocumentsWithTheBackboneAndItsDocumentProjection() throws IOException {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(classLoader());
		ModelSource.EmbeddedColbert asymmetric = new ModelSource.EmbeddedColbert(ModelSource.BGE_SMALL,
				"asymmetric/head.safetensors", "asymmetric/artifact.metadata", asymmetricSha256);
		ModelSource.EmbeddedColbert documentsOnly = new ModelSource.EmbeddedColbert(ModelSource.BGE_SMALL,
				"documents-only/head.safetensors", "documents-only/artifact.metadata", documentsOnlySha256);
		List<String> documents = List.of("Residual compression stores a centroid id and a few bits per dimension.");
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			LoadedModel both = ColbertEncoders.loadModel(asymmetric, EncoderOptions.defaults(), manager);
			assertThat(both.model().asymmetric()).isTrue();
			assertThat(both.model().documents().checkpointTensors().get(CHANGED).toFloatArray())
				.as("the documents keep the backbone's layers")
				.isNotEqualTo(both.model().checkpointTensors().get(CHANGED).toFloatArray());
			String untrained = "encoder.layer.0.attention.self.query.weight";
			assertThat(both.model().bert().parameters().get(untrained))
				.as("the towers share what the head did not train: one backbone in memory, not two")
				.isSameAs(both.model().documents().bert().parameters().get(untrained));
			LoadedModel reference = ColbertEncoders.loadModel(documentsOnly, EncoderOptions.defaults(), manager);
			LoadedModel queriesOnly = ColbertEncoders.loadModel(source(sha256), EncoderOptions.defaults(), manager);
			try (ColbertEncoder encoder = ColbertEncoders.encoder(both, "embedded:asymmetric", EncoderOptions.defaults());
					ColbertEncoder documentTower = ColbertEncoders.encoder(reference, "embedded:documents",
							EncoderOptions.defaults());
					ColbertEncoder queryTower = ColbertEncoders.encoder(queriesOnly, "embedded:queries",
							EncoderOptions.defaults())) {
				assertThat(encoder.encodeDocuments(documents).get(0).data())
					.containsExactly(documentTower.encodeDocuments(documents).get(0).data(),
							org.assertj.core.data.Offset.offset(1e-5f));
				String query = "how are residuals compressed";
				assertThat(encoder.encodeQuery(query).data()).containsExactly(queryTower.encodeQuery(query).data(),
						org.assertj.core.data.Offset.offset(1e-5f));
				assertThat(encoder.info().fingerprint()).isNotEqualTo(queryTower.info().fingerprint())
					.isNotEqualTo(documentTower.info().fingerprint());
			}
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	@Test
	void headWithAnotherChecksumIsRefused() {
		assertThatThrownBy(() -> TrainedHeadLoader.load(source("0".repeat(64)), classLoader(), null))
			.isInstanceOf(ModelLoadException.class)
			.hasMessageContaining("head/head.safetensors has sha256 " + sha256)
			.hasMessageContaining("expects " + "0".repeat(64));
	}

	@Test
	void missingHeadIsNamed() {
		ModelSource.EmbeddedColbert missing = new ModelSource.EmbeddedColbert(ModelSource.BGE_SMALL,
				"head/absent.safetensors", "head/artifact.metadata", sha256);
		assertThatThrownBy(() -> TrainedHeadLoader.load(missing, classLoader(), null))
			.isInstanceOf(ModelLoadException.class)
			.hasMessageContaining("classpath resource head/absent.safetensors not found");
	}

}
