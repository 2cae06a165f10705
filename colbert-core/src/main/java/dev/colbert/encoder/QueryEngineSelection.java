package dev.colbert.encoder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.net.URL;
import java.security.DigestInputStream;
import java.security.MessageDigest;

import ai.djl.MalformedModelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.encoder.checkpoint.Hashing;
import dev.colbert.encoder.checkpoint.LoadedModel;
import dev.colbert.encoder.inference.OnnxRuntimeBert;

/**
 * Chooses the engine of single queries ({@link EncoderOptions#queryEngine()}) and, for ONNX Runtime, opens a session
 * on the very ONNX bytes the PyTorch weights were imported from (checked by their sha256).
 *
 * <p>ONNX Runtime applies to a {@link ModelSource.ClasspathOnnx} model (no trained head, no checkpoint: the ONNX file
 * holds every weight) on the CPU, with DJL's OnnxRuntime engine on the classpath. {@link QueryEngine#AUTO} falls back
 * to PyTorch where it does not apply or does not load; {@link QueryEngine#ONNXRUNTIME} fails and says why.
 */
final class QueryEngineSelection {

	private static final Logger logger = LoggerFactory.getLogger(QueryEngineSelection.class);

	private QueryEngineSelection() {
	}

	/**
	 * The ONNX Runtime session for single queries, or {@code null} for PyTorch.
	 * @param loaded the model as read from {@code source}
	 * @throws ModelLoadException if the option is {@link QueryEngine#ONNXRUNTIME} and ONNX Runtime does not apply or
	 * does not load
	 */
	static OnnxRuntimeBert select(ModelSource source, LoadedModel loaded, EncoderOptions options,
			ClassLoader classLoader) {
		QueryEngine wanted = options.queryEngine();
		if (wanted == QueryEngine.PYTORCH) {
			return null;
		}
		String reason = notApplicable(source, loaded, options);
		if (reason != null) {
			if (wanted == QueryEngine.ONNXRUNTIME) {
				throw new ModelLoadException("queryEngine ONNXRUNTIME does not apply to " + source.describe() + ": "
						+ reason + "; use queryEngine AUTO or PYTORCH");
			}
			logger.debug("Queries of {} run on PyTorch: {}", source.describe(), reason);
			return null;
		}
		ModelSource.ClasspathOnnx onnx = (ModelSource.ClasspathOnnx) source;
		try {
			OnnxRuntimeBert bert = open(onnx, loaded, options, classLoader);
			logger.info("Single queries of {} run on ONNX Runtime ({} intra-op threads)", source.describe(),
					(options.queryIntraOpThreads() > 0) ? options.queryIntraOpThreads() : "default");
			return bert;
		}
		catch (IOException | MalformedModelException | RuntimeException ex) {
			String problem = "ONNX Runtime cannot run classpath:" + onnx.modelResource() + " (" + ex + ")";
			if (wanted == QueryEngine.ONNXRUNTIME) {
				throw new ModelLoadException("queryEngine ONNXRUNTIME: " + problem, ex);
			}
			logger.warn("{}; single queries run on PyTorch", problem);
			return null;
		}
	}

	/** Why ONNX Runtime cannot encode this model's queries, or {@code null} if it can. */
	private static String notApplicable(ModelSource source, LoadedModel loaded, EncoderOptions options) {
		if (!(source instanceof ModelSource.ClasspathOnnx)) {
			return "ONNX Runtime runs only an ONNX model from the classpath with no trained layers (such as "
					+ ModelSource.DEFAULT + "), and this model's weights come from "
					+ ((source instanceof ModelSource.EmbeddedColbert) ? "a trained head over the ONNX backbone"
							: "a checkpoint");
		}
		if (loaded.model().projection() != null) {
			return "the model has a linear projection that is not in the ONNX file";
		}
		if (!options.device().equals(EncoderOptions.DEFAULT_DEVICE)) {
			return "the device is " + options.device() + " and the ONNX Runtime query engine runs on the CPU only";
		}
		if (!OnnxRuntimeBert.available()) {
			return "DJL's ONNX Runtime engine (ai.djl.onnxruntime:onnxruntime-engine) is not on the classpath";
		}
		return null;
	}

	private static OnnxRuntimeBert open(ModelSource.ClasspathOnnx source, LoadedModel loaded, EncoderOptions options,
			ClassLoader classLoader) throws IOException, MalformedModelException {
		URL resource = classLoader.getResource(source.modelResource());
		if (resource == null) {
			throw new IOException("classpath resource " + source.modelResource() + " not found");
		}
		// A file, not a stream: DJL reads a stream whole into the Java heap (a few times the model's size at peak).
		Path copy = Files.createTempFile("colbert-query-", ".onnx");
		try {
			MessageDigest digest = Hashing.sha256();
			try (InputStream in = new DigestInputStream(resource.openStream(), digest)) {
				Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
			}
			String sha256 = Hashing.hex(digest);
			if (!sha256.equals(loaded.weightsSha256())) {
				throw new IOException("classpath resource " + source.modelResource() + " read with sha256 " + sha256
						+ " for ONNX Runtime but " + loaded.weightsSha256() + " for PyTorch");
			}
			return OnnxRuntimeBert.load(copy, source.backbone(), loaded.model().dim(), options.queryIntraOpThreads(),
					options.workerThreads());
		}
		finally {
			Files.deleteIfExists(copy);
		}
	}

}
