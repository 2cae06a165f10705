package dev.colbert.encoder.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.encoder.ModelLoadException;
import dev.colbert.encoder.ModelSource;
import dev.colbert.encoder.checkpoint.Hashing;
import dev.colbert.encoder.checkpoint.LoadedModel;
import dev.colbert.encoder.checkpoint.Safetensors;
import dev.colbert.encoder.model.BertModel;
import dev.colbert.encoder.model.ColbertModel;
import dev.colbert.encoder.model.ColbertSettings;

/**
 * Loads an embedded ColBERT model: the ONNX backbone from its jar, then the trained head on top of it. The head is a
 * safetensors resource with the tensors that training changed ({@code bert.*} under their checkpoint names, float16)
 * and the projection {@code linear.weight}; its sha256 must be the one the model source names, so a damaged or
 * replaced resource is refused instead of silently giving other vectors.
 */
public final class TrainedHeadLoader {

	private static final Logger logger = LoggerFactory.getLogger(TrainedHeadLoader.class);

	/**
	 * Prefix of the tensors of an asymmetric model's document tower in a head ({@code document.linear.weight} and the
	 * {@code document.bert.*} tensors in which the documents' encoder differs from the backbone).
	 */
	public static final String DOCUMENT_PREFIX = "document.";

	private TrainedHeadLoader() {
	}

	/**
	 * @throws ModelLoadException naming the resource when it is missing, fails its checksum, or does not fit the
	 * backbone
	 */
	public static LoadedModel load(ModelSource.EmbeddedColbert source, ClassLoader classLoader, NDManager manager) {
		byte[] head = resource(classLoader, source.headResource(), source);
		String sha256 = Hashing.sha256Hex(head);
		if (!sha256.equals(source.headSha256())) {
			throw new ModelLoadException("classpath resource " + source.headResource() + " has sha256 " + sha256
					+ " but " + source.describe() + " expects " + source.headSha256()
					+ "; the jar that holds it is damaged or was modified: restore the colbert-core jar");
		}
		byte[] metadata = resource(classLoader, source.metadataResource(), source);
		LoadedModel backbone = ClasspathOnnxLoader.load(source.backbone(), classLoader, manager);
		LoadedModel documentBackbone = null;
		try {
			long start = System.nanoTime();
			BertModel bert = backbone.model().bert();
			Map<String, NDArray> tensors = readHead(head, source.headResource(), manager);
			Map<String, NDArray> documentTensors = documentTower(tensors);
			NDArray projection = projection(tensors, bert, source.headResource());
			Map<String, NDArray> trained = parameters(tensors, source.headResource());
			ColbertModel model;
			if (documentTensors.isEmpty()) {
				bert.replaceParameters(trained, source.headResource(), ColbertModel.BERT_PREFIX);
				model = new ColbertModel(bert, projection);
			}
			else {
				String documentResource = source.headResource() + " (document tower)";
				NDArray documentProjection = projection(documentTensors, bert, documentResource);
				Map<String, NDArray> documentTrained = parameters(documentTensors, documentResource);
				BertModel queryBert;
				BertModel documentBert;
				if (documentTrained.isEmpty()) {
					// a query tower: documents run the backbone as it is, queries share its untrained layers
					documentBert = bert;
					queryBert = trained.isEmpty() ? bert
							: bert.withParameters(trained, source.headResource(), ColbertModel.BERT_PREFIX);
				}
				else {
					documentBackbone = ClasspathOnnxLoader.load(source.backbone(), classLoader, manager);
					documentBert = documentBackbone.model().bert();
					documentBert.replaceParameters(documentTrained, documentResource, ColbertModel.BERT_PREFIX);
					bert.replaceParameters(trained, source.headResource(), ColbertModel.BERT_PREFIX);
					queryBert = bert;
				}
				documentTrained.values().forEach(NDArray::close);
				model = new ColbertModel(queryBert, projection, new ColbertModel(documentBert, documentProjection));
			}
			trained.values().forEach(NDArray::close);
			JsonObject json;
			try {
				json = JsonParser.parseString(new String(metadata, StandardCharsets.UTF_8)).getAsJsonObject();
			}
			catch (JsonParseException | IllegalStateException ex) {
				throw new ModelLoadException(source.metadataResource() + ": not a JSON object (" + ex.getMessage() + ")",
						ex);
			}
			ColbertSettings settings = ColbertSettings.fromArtifactMetadata(json, source.metadataResource(),
					(int) projection.getShape().get(0));
			logger.info("Applied the trained head {} ({} tensors{}, dim {}) to {} in {} ms", source.headResource(),
					tensors.size() + documentTensors.size(),
					model.asymmetric() ? ", a document tower of " + documentTensors.size() : "", settings.dim(),
					source.backbone().backbone(), (System.nanoTime() - start) / 1_000_000);
			String weights = Hashing.sha256Hex(
					(backbone.weightsSha256() + "+" + sha256).getBytes(StandardCharsets.UTF_8));
			return new LoadedModel(model, settings,
					backbone.tokenizerJson(), backbone.tokenizerFileName(), weights, backbone.tokenizerSha256(),
					backbone.backbone() + " + ColBERT head");
		}
		catch (RuntimeException ex) {
			backbone.model().close();
			if (documentBackbone != null) {
				documentBackbone.model().close();
			}
			throw ex;
		}
	}

	/** Removes the document tower's tensors from {@code tensors}; returns them without their prefix. */
	private static Map<String, NDArray> documentTower(Map<String, NDArray> tensors) {
		Map<String, NDArray> tower = new LinkedHashMap<>();
		tensors.keySet().removeIf((name) -> {
			if (name.startsWith(DOCUMENT_PREFIX)) {
				tower.put(name.substring(DOCUMENT_PREFIX.length()), tensors.get(name));
				return true;
			}
			return false;
		});
		return tower;
	}

	/** Removes the projection from {@code tensors} and attaches it to the encoder's manager. */
	private static NDArray projection(Map<String, NDArray> tensors, BertModel bert, String resource) {
		NDArray projection = tensors.remove(ColbertModel.PROJECTION_NAME);
		if (projection == null || projection.getShape().dimension() != 2
				|| projection.getShape().get(1) != bert.config().hiddenSize()) {
			throw new ModelLoadException(resource + ": needs " + ColbertModel.PROJECTION_NAME + " of shape [dim, "
					+ bert.config().hiddenSize() + "], has " + ((projection == null) ? "none" : projection.getShape()));
		}
		projection.attach(bert.manager());
		return projection;
	}

	/**
	 * The head's encoder tensors by the backbone's parameter names ({@code bert.} removed); a tensor without that
	 * prefix is not an encoder parameter.
	 */
	private static Map<String, NDArray> parameters(Map<String, NDArray> tensors, String resource) {
		Map<String, NDArray> parameters = new LinkedHashMap<>();
		for (Map.Entry<String, NDArray> entry : tensors.entrySet()) {
			String name = entry.getKey();
			if (!name.startsWith(ColbertModel.BERT_PREFIX)) {
				throw new ModelLoadException(resource + ": tensor " + name + " is not a parameter of the backbone");
			}
			parameters.put(name.substring(ColbertModel.BERT_PREFIX.length()), entry.getValue());
		}
		return parameters;
	}

	private static Map<String, NDArray> readHead(byte[] head, String resource, NDManager manager) {
		Path temporary = null;
		try {
			temporary = Files.createTempFile("colbert-head", ".safetensors");
			Files.write(temporary, head);
			return Safetensors.read(temporary, manager, (name) -> true, null);
		}
		catch (IOException ex) {
			throw new ModelLoadException(resource + ": cannot be staged for reading (" + ex.getMessage() + ")", ex);
		}
		finally {
			if (temporary != null) {
				try {
					Files.deleteIfExists(temporary);
				}
				catch (IOException ex) {
					logger.debug("Cannot delete {}", temporary, ex);
				}
			}
		}
	}

	private static byte[] resource(ClassLoader classLoader, String name, ModelSource source) {
		try (InputStream in = classLoader.getResourceAsStream(name)) {
			if (in == null) {
				throw new ModelLoadException("classpath resource " + name + " not found; it is part of "
						+ source.describe() + " in the colbert-core jar");
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new ModelLoadException("classpath resource " + name + ": cannot be read (" + ex.getMessage() + ")", ex);
		}
	}

}
