package dev.colbert.encoder.checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.encoder.ModelLoadException;
import dev.colbert.encoder.model.BertConfig;
import dev.colbert.encoder.model.BertModel;
import dev.colbert.encoder.model.ColbertModel;
import dev.colbert.encoder.model.ColbertSettings;
import dev.colbert.encoder.tokenize.Vocabulary;

/**
 * Reads a ColBERT checkpoint folder in the HuggingFace layout of colbert-ir/colbertv2.0 and
 * answerdotai/answerai-colbert-small-v1: {@code config.json} (BERT configuration), {@code tokenizer.json},
 * {@code model.safetensors} (encoder tensors under {@code bert.}, or without prefix, and the projection
 * {@code linear.weight [dim, hidden]}; float32, float16 or bfloat16, converted to float32) and
 * {@code artifact.metadata} (ColBERT settings).
 *
 * <p>Every inconsistency fails here, naming the file: a missing file or tensor, a wrong shape, config.json values that
 * do not match the weights, a dim in artifact.metadata that differs from the projection, a tokenizer whose vocabulary
 * does not fit the embedding.
 */
public final class ColbertCheckpointReader {

	/** The files a checkpoint folder must hold. */
	public static final List<String> REQUIRED_FILES = List.of(CheckpointFiles.CONFIG, CheckpointFiles.TOKENIZER,
			CheckpointFiles.WEIGHTS, CheckpointFiles.METADATA);

	private static final Logger logger = LoggerFactory.getLogger(ColbertCheckpointReader.class);

	private ColbertCheckpointReader() {
	}

	/**
	 * Reads a checkpoint folder.
	 * @param folder the folder
	 * @param manager receives the weights (on its device)
	 * @param expectedWeightsSha256 the sha256 model.safetensors must have (recorded when it was downloaded), or
	 * {@code null}
	 * @throws ModelLoadException naming the file and the problem
	 */
	public static LoadedModel read(Path folder, NDManager manager, String expectedWeightsSha256) {
		return read(folder, manager, expectedWeightsSha256, null);
	}

	/**
	 * Reads a checkpoint folder whose files must really be inside {@code root}: each file's real path (every symbolic
	 * link followed) is checked right before it is read, and the file is read by that real path. For folders a request
	 * named: a check made when the request arrived does not cover a link swapped in before the model is loaded.
	 * @param root the directory the files must be in (a real path), or {@code null} for no check
	 * @throws ModelLoadException naming the file (not where a link leads) when it is outside {@code root}
	 */
	public static LoadedModel read(Path folder, NDManager manager, String expectedWeightsSha256, Path root) {
		if (!Files.isDirectory(folder)) {
			throw new ModelLoadException(folder + ": is not a folder");
		}
		checkFiles(folder);
		Path configFile = folder.resolve(CheckpointFiles.CONFIG);
		BertConfig config = BertConfig.fromJson(readJson(confined(configFile, root)), configFile.toString(),
				folder.getFileName().toString());
		Path tokenizerFile = folder.resolve(CheckpointFiles.TOKENIZER);
		byte[] tokenizerJson = readBytes(confined(tokenizerFile, root));
		Vocabulary vocabulary = Vocabulary.fromTokenizerJson(tokenizerJson, tokenizerFile.toString());
		vocabulary.requireFits(config.vocabSize(), tokenizerFile.toString(), configFile + " vocab_size");
		Path metadataFile = folder.resolve(CheckpointFiles.METADATA);
		JsonObject metadata = readJson(confined(metadataFile, root));

		Path weightsFile = confined(folder.resolve(CheckpointFiles.WEIGHTS), root);
		String prefix = Safetensors.readHeader(weightsFile)
			.stream()
			.anyMatch((entry) -> entry.name().startsWith(ColbertModel.BERT_PREFIX)) ? ColbertModel.BERT_PREFIX : "";
		MessageDigest digest = Hashing.sha256();
		long start = System.nanoTime();
		Map<String, NDArray> tensors = Safetensors.read(weightsFile, manager,
				(name) -> name.startsWith(prefix) || name.equals(ColbertModel.PROJECTION_NAME), digest);
		String checkedSha256 = Hashing.hex(digest);
		String weightsSha256 = checkedSha256;
		try {
			if (expectedWeightsSha256 != null && !expectedWeightsSha256.equalsIgnoreCase(checkedSha256)) {
				throw new ModelLoadException(weightsFile + ": sha256 is " + checkedSha256 + " but " + expectedWeightsSha256
						+ " was verified when it was downloaded; the cached file changed or is corrupt. Delete " + folder
						+ " to download it again");
			}
			NDArray projection = tensors.remove(ColbertModel.PROJECTION_NAME);
			if (projection == null) {
				throw new ModelLoadException(weightsFile + ": tensor " + ColbertModel.PROJECTION_NAME
						+ " is missing; a ColBERT checkpoint holds the projection [dim, hidden] next to the BERT weights");
			}
			Map<String, NDArray> bertTensors = new HashMap<>();
			tensors.forEach((name, tensor) -> bertTensors.put(name.substring(prefix.length()), tensor));
			String weightsName = weightsFile.toString();
			BertModel bert = BertModel.fromTensors(config, bertTensors, manager, weightsName, prefix);
			bertTensors.values().stream().filter((tensor) -> !bert.parameters().containsValue(tensor)).forEach(NDArray::close);
			ColbertModel model;
			try {
				model = new ColbertModel(bert, projection);
			}
			catch (ModelLoadException ex) {
				throw new ModelLoadException(weightsFile + ": " + ex.getMessage(), ex);
			}
			Path towerFile = folder.resolve(DocumentTowerFile.FILE_NAME);
			if (Files.isRegularFile(towerFile)) {
				MessageDigest towerDigest = Hashing.sha256();
				model = withDocumentTower(model, config, confined(towerFile, root), towerFile, manager, towerDigest);
				// the fingerprint covers both towers
				weightsSha256 = Hashing.sha256Hex((weightsSha256 + "+" + DocumentTowerFile.FILE_NAME + ":"
						+ Hashing.hex(towerDigest)).getBytes(StandardCharsets.UTF_8));
			}
			ColbertSettings settings = ColbertSettings.fromArtifactMetadata(metadata, metadataFile.toString(),
					model.dim());
			logger.info("Loaded ColBERT checkpoint {} ({} layers, hidden {}, dim {}) in {} ms", folder, config.layers(),
					config.hiddenSize(), model.dim(), (System.nanoTime() - start) / 1_000_000);
			return new LoadedModel(model, settings, tokenizerJson, tokenizerFile.toString(), weightsSha256,
					Hashing.sha256Hex(tokenizerJson), config.name());
		}
		catch (RuntimeException ex) {
			tensors.values().forEach(NDArray::close);
			throw ex;
		}
	}

	/**
	 * The model with the document tower of {@code file}: a copy of the query tower's encoder with the tower's
	 * {@code bert.*} tensors in place of its own, and the tower's projection.
	 * @param named the file's name in the checkpoint folder, for messages
	 */
	private static ColbertModel withDocumentTower(ColbertModel queries, BertConfig config, Path file, Path named,
			NDManager manager, MessageDigest digest) {
		Map<String, NDArray> tower = DocumentTowerFile.readFile(file, manager, digest);
		NDArray projection = tower.remove(ColbertModel.PROJECTION_NAME);
		Map<String, NDArray> documentTensors = new HashMap<>();
		queries.bert().parameters().forEach((name, tensor) -> {
			NDArray own = tower.remove(ColbertModel.BERT_PREFIX + name);
			documentTensors.put(name, (own != null) ? own : tensor.duplicate());
		});
		if (!tower.isEmpty()) {
			documentTensors.values().forEach(NDArray::close);
			tower.values().forEach(NDArray::close);
			throw new ModelLoadException(named + ": tensors " + tower.keySet() + " are not parameters of the model");
		}
		BertModel documentBert = BertModel.fromTensors(config, documentTensors, manager, named.toString(),
				ColbertModel.BERT_PREFIX);
		try {
			return new ColbertModel(queries.bert(), queries.projection(), new ColbertModel(documentBert, projection));
		}
		catch (ModelLoadException ex) {
			documentBert.close();
			throw new ModelLoadException(named + ": " + ex.getMessage(), ex);
		}
	}

	private static void checkFiles(Path folder) {
		if (!Files.exists(folder.resolve(CheckpointFiles.WEIGHTS))) {
			if (Files.exists(folder.resolve("model.safetensors.index.json"))) {
				throw new ModelLoadException(folder.resolve("model.safetensors.index.json")
						+ ": sharded checkpoints are not supported; save the model as a single model.safetensors");
			}
			if (Files.exists(folder.resolve("pytorch_model.bin"))) {
				throw new ModelLoadException(folder.resolve(CheckpointFiles.WEIGHTS) + ": is missing and only "
						+ "pytorch_model.bin exists; the weights must be in safetensors format. Convert them in Python: "
						+ "AutoModel.from_pretrained(path).save_pretrained(path, safe_serialization=True), or "
						+ "safetensors.torch.save_file(torch.load('pytorch_model.bin'), 'model.safetensors', "
						+ "metadata={'format': 'pt'})");
			}
		}
		for (String name : REQUIRED_FILES) {
			Path file = folder.resolve(name);
			if (!Files.isRegularFile(file)) {
				String hint = switch (name) {
					case CheckpointFiles.TOKENIZER -> Files.exists(folder.resolve("vocab.txt"))
							? "; only vocab.txt is there: save the fast tokenizer (tokenizer.save_pretrained) to get it"
							: "";
					case CheckpointFiles.METADATA -> "; it holds the ColBERT settings (query_maxlen, doc_maxlen, "
							+ "markers, dim) that ColBERT writes next to its checkpoints";
					default -> "";
				};
				throw new ModelLoadException(file + ": is missing; a ColBERT checkpoint folder needs "
						+ String.join(", ", REQUIRED_FILES) + hint);
			}
		}
	}

	/** The real path of {@code file}, which must be inside {@code root}; {@code file} itself when root is null. */
	private static Path confined(Path file, Path root) {
		if (root == null) {
			return file;
		}
		Path real;
		try {
			real = file.toRealPath();
		}
		catch (IOException ex) {
			throw new ModelLoadException(file + ": cannot be resolved (" + ex.getClass().getSimpleName() + ")", ex);
		}
		if (!real.startsWith(root)) {
			throw new ModelLoadException(file + ": is outside " + root + " (through a symbolic link); a checkpoint "
					+ "loaded from there must have its files there");
		}
		return real;
	}

	static byte[] readBytes(Path file) {
		try {
			return Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new ModelLoadException(file + ": cannot be read (" + ex.getMessage() + ")", ex);
		}
	}

	static JsonObject readJson(Path file) {
		byte[] bytes = readBytes(file);
		try {
			JsonElement element = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
			if (!element.isJsonObject()) {
				throw new ModelLoadException(file + ": expected a JSON object");
			}
			return element.getAsJsonObject();
		}
		catch (JsonParseException ex) {
			throw new ModelLoadException(file + ": unreadable JSON (" + ex.getMessage() + ")", ex);
		}
	}

}
