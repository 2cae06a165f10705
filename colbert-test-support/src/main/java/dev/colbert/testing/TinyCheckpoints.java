package dev.colbert.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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

/**
 * Writes tiny random BERT checkpoints in the HuggingFace ColBERT layout (config.json, tokenizer.json,
 * model.safetensors, artifact.metadata) with the real BERT tokenizer, for tests that need a real encoder but not the
 * big model (context tests, crash and load suites). Random weights: the vectors mean nothing, but loading, encoding,
 * storing and closing are real.
 */
public final class TinyCheckpoints {

	/** The BERT uncased tokenizer, from the bge-small model jar on the test class path. */
	public static final String TOKENIZER_RESOURCE = "bge-small-en-v1.5-tokenizer.json";

	private TinyCheckpoints() {
	}

	/** A 2-layer BERT with hidden size 32 projected to {@code dim}: loads in well under a second. */
	public static Path write(Path folder, int dim, long seed) {
		return write(folder, 32, 2, dim, seed);
	}

	/**
	 * A random BERT over the 30,522-token vocabulary.
	 * @param hiddenSize width (a multiple of 4)
	 * @param layers transformer layers
	 * @param dim projection rows
	 */
	public static Path write(Path folder, int hiddenSize, int layers, int dim, long seed) {
		BertConfig config = new BertConfig("tiny-random-bert", 30522, hiddenSize, layers, 4, hiddenSize * 2, 128, 2,
				1e-12, BertActivation.GELU, 0.1, 0.1);
		ColbertSettings settings = new ColbertSettings(32, 96, "[unused0]", "[unused1]", true, true, false, true, dim);
		Random random = new Random(seed);
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			Map<String, NDArray> tensors = new LinkedHashMap<>();
			for (Map.Entry<String, Shape> entry : BertModel.parameterShapes(config).entrySet()) {
				boolean layerNormWeight = entry.getKey().endsWith("LayerNorm.weight");
				tensors.put(entry.getKey(), manager.create(gaussian(random, entry.getValue().size(),
						layerNormWeight ? 1.0 : 0.0, layerNormWeight ? 0.1 : 0.05), entry.getValue()));
			}
			BertModel bert = BertModel.fromTensors(config, tensors, manager, "random", "");
			NDArray projection = manager.create(gaussian(random, (long) dim * hiddenSize, 0, 0.2),
					new Shape(dim, hiddenSize));
			ColbertCheckpointWriter.write(new ColbertModel(bert, projection), settings, tokenizerJson(), folder);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return folder;
	}

	private static float[] gaussian(Random random, long size, double mean, double deviation) {
		float[] values = new float[Math.toIntExact(size)];
		for (int i = 0; i < values.length; i++) {
			values[i] = (float) (mean + random.nextGaussian() * deviation);
		}
		return values;
	}

	/** The bytes of {@link #TOKENIZER_RESOURCE}. */
	public static byte[] tokenizerJson() {
		try (InputStream in = TinyCheckpoints.class.getClassLoader().getResourceAsStream(TOKENIZER_RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException(TOKENIZER_RESOURCE + " is not on the test class path");
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
