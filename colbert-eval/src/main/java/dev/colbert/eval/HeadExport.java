package dev.colbert.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.GsonBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.ModelSource;
import dev.colbert.encoder.checkpoint.Hashing;
import dev.colbert.encoder.checkpoint.LoadedModel;
import dev.colbert.encoder.checkpoint.Safetensors;
import dev.colbert.encoder.inference.EngineSupport;
import dev.colbert.encoder.model.ColbertModel;
import dev.colbert.encoder.onnx.TrainedHeadLoader;
import dev.colbert.encoder.model.ColbertSettings;

/**
 * Turns a checkpoint trained from an embedded backbone into an embedded model's resources: {@code head.safetensors}
 * with only the tensors that differ from the backbone (and the projection), in float16, and {@code artifact.metadata}.
 * {@code bin/colbert-train --export-head CHECKPOINT --output DIR [--query-maxlen N] [--doc-maxlen N]}.
 */
final class HeadExport {

	private static final Logger logger = LoggerFactory.getLogger(HeadExport.class);

	static final String HEAD_FILE = "head.safetensors";

	static final String METADATA_FILE = "artifact.metadata";

	private HeadExport() {
	}

	/**
	 * @param checkpoint the trained checkpoint folder
	 * @param backbone the embedded backbone it was trained from
	 * @param queryMaxLength query_maxlen to ship instead of the checkpoint's, or {@code null}
	 * @param documentMaxLength doc_maxlen to ship instead of the checkpoint's, or {@code null}
	 * @param output the folder that receives the two files
	 * @return the hex sha256 of the written head
	 */
	static String export(Path checkpoint, ModelSource.ClasspathOnnx backbone, Integer queryMaxLength,
			Integer documentMaxLength, Path output) throws IOException {
		try (NDManager manager = EngineSupport.newManager(Device.cpu())) {
			LoadedModel base = ColbertEncoders.loadModel(backbone, EncoderOptions.defaults(), manager);
			LoadedModel trained = ColbertEncoders.loadModel(new ModelSource.Folder(checkpoint.toAbsolutePath()),
					EncoderOptions.builder().queryMaxLength(queryMaxLength).documentMaxLength(documentMaxLength).build(),
					manager);
			ColbertSettings settings = trained.settings();
			if (trained.model().projection() == null) {
				throw new IllegalArgumentException(checkpoint + " has no projection; export a trained ColBERT checkpoint");
			}
			Map<String, NDArray> baseTensors = base.model().checkpointTensors();
			Map<String, NDArray> head = new LinkedHashMap<>();
			int unchanged = changedTensors(trained.model().checkpointTensors(), baseTensors, "", head);
			if (trained.model().asymmetric()) {
				// a query-tower model: the document tower's differences from the backbone, under "document."
				unchanged += changedTensors(trained.model().documents().checkpointTensors(), baseTensors,
						TrainedHeadLoader.DOCUMENT_PREFIX, head);
			}
			Files.createDirectories(output);
			Path headFile = output.resolve(HEAD_FILE);
			Safetensors.write(head, Map.of("format", "pt", "backbone", backbone.backbone()), headFile);
			Files.writeString(output.resolve(METADATA_FILE),
					new GsonBuilder().setPrettyPrinting().create().toJson(settings.toArtifactMetadata()),
					StandardCharsets.UTF_8);
			String sha256 = Hashing.sha256Hex(Files.readAllBytes(headFile));
			logger.info("Exported {} tensors ({} unchanged from {} left out) to {} ({} bytes, sha256 {})", head.size(),
					unchanged, backbone.backbone(), headFile, Files.size(headFile), sha256);
			return sha256;
		}
	}

	/**
	 * Puts the tensors of {@code model} that differ from the backbone's (and the projection) into {@code head} as
	 * float16, their names prefixed by {@code prefix}.
	 * @return how many tensors were left out as unchanged
	 */
	private static int changedTensors(Map<String, NDArray> model, Map<String, NDArray> backbone, String prefix,
			Map<String, NDArray> head) {
		int unchanged = 0;
		for (Map.Entry<String, NDArray> entry : model.entrySet()) {
			String name = entry.getKey();
			NDArray tensor = entry.getValue();
			NDArray original = backbone.get(name);
			boolean changed = name.equals(ColbertModel.PROJECTION_NAME) || original == null
					|| !original.getShape().equals(tensor.getShape())
					|| original.sub(tensor).abs().max().getFloat() > 0f;
			if (changed) {
				head.put(prefix + name, tensor.toType(DataType.FLOAT16, true));
			}
			else {
				unchanged++;
			}
		}
		return unchanged;
	}

}
