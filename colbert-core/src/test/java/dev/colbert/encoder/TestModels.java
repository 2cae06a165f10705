package dev.colbert.encoder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import dev.colbert.encoder.checkpoint.ColbertCheckpointWriter;
import dev.colbert.encoder.model.BertActivation;
import dev.colbert.encoder.model.BertConfig;
import dev.colbert.encoder.model.BertModel;
import dev.colbert.encoder.model.ColbertModel;
import dev.colbert.encoder.model.ColbertSettings;
import dev.colbert.testing.TinyCheckpoints;

/**
 * Tiny random BERT models with the real bge-small (bert-base-uncased) tokenizer, for fast tests.
 */
public final class TestModels {

	/** The bge-small tokenizer resource from the langchain4j model jar (test classpath). */
	public static final String TOKENIZER_RESOURCE = TinyCheckpoints.TOKENIZER_RESOURCE;

	/** The bge-small ONNX resource from the langchain4j model jar (test classpath). */
	public static final String ONNX_RESOURCE = "bge-small-en-v1.5.onnx";

	private TestModels() {
	}

	/** A 2-layer BERT, hidden 32, 4 heads, over the 30522-token BERT vocabulary. */
	public static BertConfig tinyConfig() {
		return new BertConfig("tiny-random-bert", 30522, 32, 2, 4, 64, 64, 2, 1e-12, BertActivation.GELU, 0.1, 0.1);
	}

	/** The bge tokenizer.json bytes. */
	public static byte[] tokenizerJson() {
		return TinyCheckpoints.tokenizerJson();
	}

	/** Random tensors for every parameter of the configuration (normal * 0.05; LayerNorm weights around 1). */
	public static Map<String, float[]> randomWeights(BertConfig config, int dim, long seed) {
		Random random = new Random(seed);
		Map<String, float[]> weights = new LinkedHashMap<>();
		for (Map.Entry<String, Shape> entry : BertModel.parameterShapes(config).entrySet()) {
			float[] values = new float[(int) entry.getValue().size()];
			boolean layerNormWeight = entry.getKey().endsWith("LayerNorm.weight");
			for (int i = 0; i < values.length; i++) {
				values[i] = (float) (random.nextGaussian() * (layerNormWeight ? 0.1 : 0.05) + (layerNormWeight ? 1 : 0));
			}
			weights.put(entry.getKey(), values);
		}
		if (dim > 0) {
			float[] projection = new float[dim * config.hiddenSize()];
			for (int i = 0; i < projection.length; i++) {
				projection[i] = (float) (random.nextGaussian() * 0.2);
			}
			weights.put(ColbertModel.PROJECTION_NAME, projection);
		}
		return weights;
	}

	/** A tiny random ColBERT model (projection to {@code dim}, or identity when dim is 0). */
	public static ColbertModel tinyModel(NDManager manager, BertConfig config, int dim, long seed) {
		Map<String, float[]> weights = randomWeights(config, dim, seed);
		Map<String, NDArray> tensors = new LinkedHashMap<>();
		Map<String, Shape> shapes = BertModel.parameterShapes(config);
		for (Map.Entry<String, Shape> entry : shapes.entrySet()) {
			tensors.put(entry.getKey(), manager.create(weights.get(entry.getKey()), entry.getValue()));
		}
		BertModel bert = BertModel.fromTensors(config, tensors, manager, "random", "");
		NDArray projection = (dim > 0)
				? manager.create(weights.get(ColbertModel.PROJECTION_NAME), new Shape(dim, config.hiddenSize())) : null;
		return new ColbertModel(bert, projection);
	}

	/** ColBERT's default settings for a checkpoint with this dim, but doc_maxlen 48 (the tiny model has 64 positions). */
	public static ColbertSettings colbertSettings(int dim) {
		return new ColbertSettings(32, 48, "[unused0]", "[unused1]", true, true, false, true, dim);
	}

	/** Writes a tiny random checkpoint in the HuggingFace ColBERT layout. */
	public static Path writeCheckpoint(Path folder, ColbertSettings settings, long seed) throws IOException {
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			ColbertModel model = tinyModel(manager, tinyConfig(), settings.dim(), seed);
			ColbertCheckpointWriter.write(model, settings, tokenizerJson(), folder);
		}
		return folder;
	}

}
