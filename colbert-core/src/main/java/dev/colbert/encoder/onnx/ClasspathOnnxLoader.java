package dev.colbert.encoder.onnx;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.security.DigestInputStream;
import java.security.MessageDigest;

import ai.djl.ndarray.NDManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.encoder.ModelLoadException;
import dev.colbert.encoder.ModelSource;
import dev.colbert.encoder.checkpoint.Hashing;
import dev.colbert.encoder.checkpoint.LoadedModel;
import dev.colbert.encoder.model.BertModel;
import dev.colbert.encoder.model.ColbertModel;
import dev.colbert.encoder.model.ColbertSettings;
import dev.colbert.encoder.tokenize.Vocabulary;

/**
 * Loads an ONNX BERT export from the classpath (the embedded default, bge-small-en-v1.5, or
 * {@code classpath:path/model.onnx}) as an untrained ColBERT backbone: identity projection and
 * {@link ColbertSettings#untrainedBackbone the untrained-backbone settings}.
 */
public final class ClasspathOnnxLoader {

	private static final Logger logger = LoggerFactory.getLogger(ClasspathOnnxLoader.class);

	private ClasspathOnnxLoader() {
	}

	/**
	 * Loads the model.
	 * @param source the resources
	 * @param classLoader where to look for them
	 * @param manager receives the weights
	 * @throws ModelLoadException naming the resource and the problem
	 */
	public static LoadedModel load(ModelSource.ClasspathOnnx source, ClassLoader classLoader, NDManager manager) {
		URL model = classLoader.getResource(source.modelResource());
		if (model == null) {
			throw new ModelLoadException("classpath resource " + source.modelResource() + " not found"
					+ ((source.artifact() != null) ? "; add the Maven artifact " + source.artifact()
							+ " (its transitive dependencies can all be excluded) to use " + source.describe() : ""));
		}
		String tokenizerResource = tokenizerResource(source, classLoader);
		byte[] tokenizerJson;
		try (InputStream in = classLoader.getResourceAsStream(tokenizerResource)) {
			tokenizerJson = in.readAllBytes();
		}
		catch (IOException ex) {
			throw new ModelLoadException("classpath resource " + tokenizerResource + ": cannot be read ("
					+ ex.getMessage() + ")", ex);
		}
		Vocabulary vocabulary = Vocabulary.fromTokenizerJson(tokenizerJson, tokenizerResource);
		MessageDigest digest = Hashing.sha256();
		long start = System.nanoTime();
		BertModel bert;
		try (InputStream in = new DigestInputStream(new BufferedInputStream(model.openStream(), 1 << 16), digest)) {
			bert = new OnnxBertImporter(source.modelResource(), source.backbone()).importModel(in, manager);
		}
		catch (IOException ex) {
			throw new ModelLoadException("classpath resource " + source.modelResource() + ": cannot be read ("
					+ ex.getMessage() + ")", ex);
		}
		try {
			vocabulary.requireFits(bert.config().vocabSize(), tokenizerResource,
					source.modelResource() + " embeddings.word_embeddings.weight");
		}
		catch (ModelLoadException ex) {
			bert.close();
			throw ex;
		}
		logger.info("Loaded {} from classpath:{} ({} layers, hidden {}) in {} ms", source.backbone(),
				source.modelResource(), bert.config().layers(), bert.config().hiddenSize(),
				(System.nanoTime() - start) / 1_000_000);
		return new LoadedModel(new ColbertModel(bert, null), ColbertSettings.untrainedBackbone(bert.config().hiddenSize()),
				tokenizerJson, tokenizerResource, Hashing.hex(digest), Hashing.sha256Hex(tokenizerJson),
				source.backbone());
	}

	private static String tokenizerResource(ModelSource.ClasspathOnnx source, ClassLoader classLoader) {
		if (source.tokenizerResource() != null) {
			if (classLoader.getResource(source.tokenizerResource()) == null) {
				throw new ModelLoadException("classpath resource " + source.tokenizerResource() + " not found; it is "
						+ "the tokenizer of " + source.modelResource());
			}
			return source.tokenizerResource();
		}
		String model = source.modelResource();
		String base = model.substring(0, model.length() - ".onnx".length());
		int slash = model.lastIndexOf('/');
		String sibling = (slash >= 0) ? model.substring(0, slash + 1) + "tokenizer.json" : "tokenizer.json";
		for (String candidate : new String[] { base + "-tokenizer.json", sibling }) {
			if (classLoader.getResource(candidate) != null) {
				return candidate;
			}
		}
		throw new ModelLoadException("classpath resource " + model + " has no tokenizer next to it; expected "
				+ base + "-tokenizer.json or " + sibling);
	}

}
