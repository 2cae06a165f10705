package dev.colbert.encoder;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.encoder.checkpoint.ColbertCheckpointReader;
import dev.colbert.encoder.checkpoint.Hashing;
import dev.colbert.encoder.checkpoint.LoadedModel;
import dev.colbert.encoder.hub.HubModelDownloader;
import dev.colbert.encoder.inference.EngineSupport;
import dev.colbert.encoder.inference.OnnxRuntimeBert;
import dev.colbert.encoder.inference.TorchColbertEncoder;
import dev.colbert.encoder.model.BertConfig;
import dev.colbert.encoder.model.ColbertSettings;
import dev.colbert.encoder.onnx.ClasspathOnnxLoader;
import dev.colbert.encoder.onnx.TrainedHeadLoader;
import dev.colbert.encoder.tokenize.ColbertTokenizer;

/**
 * Loads {@link ColbertEncoder}s: the single entry point behind the {@code colbert.model} setting.
 *
 * <pre class="code">
 * try (ColbertEncoder encoder = ColbertEncoders.load("embedded:bge-small-en-v1.5", EncoderOptions.defaults())) {
 *     TokenVectors query = encoder.encodeQuery("what is late interaction?");
 * }
 * </pre>
 *
 * Everything that can be wrong with the model files or settings fails here, at start-up, with a
 * {@link ModelLoadException} that names the file or setting and the problem.
 */
public final class ColbertEncoders {

	private static final Logger logger = LoggerFactory.getLogger(ColbertEncoders.class);

	private ColbertEncoders() {
	}

	/**
	 * Loads the model named by a {@code colbert.model} value (see {@link ModelSource}).
	 * @throws IllegalArgumentException if the value fits no source form
	 * @throws ModelLoadException if the model cannot be loaded
	 */
	public static ColbertEncoder load(String model, EncoderOptions options) {
		return load(ModelSource.parse(model), options);
	}

	/**
	 * Loads a model.
	 * @throws ModelLoadException if the model cannot be loaded
	 */
	public static ColbertEncoder load(ModelSource source, EncoderOptions options) {
		Objects.requireNonNull(source, "source");
		Objects.requireNonNull(options, "options");
		Device device = EngineSupport.device(options.device());
		NDManager manager = EngineSupport.newManager(device);
		try {
			LoadedModel loaded = loadModel(source, options, manager);
			return encoder(loaded, source.describe(), options,
					QueryEngineSelection.select(source, loaded, options, classLoader()));
		}
		catch (RuntimeException ex) {
			manager.close();
			throw ex;
		}
	}

	/**
	 * Reads a model without building an encoder (for training, which needs the weights, the settings and the
	 * tokenizer.json bytes): the checkpoint's settings with the options' length and augmentation overrides applied.
	 * @param manager receives the weights (the caller closes it, or the encoder built from the result does)
	 * @throws ModelLoadException if the model cannot be loaded
	 */
	public static LoadedModel loadModel(ModelSource source, EncoderOptions options, NDManager manager) {
		Objects.requireNonNull(source, "source");
		Objects.requireNonNull(options, "options");
		LoadedModel loaded = read(source, options, manager);
		try {
			ColbertSettings settings = applyOverrides(loaded.settings(), options, loaded.model().bert().config());
			return new LoadedModel(loaded.model(), settings, loaded.tokenizerJson(), loaded.tokenizerFileName(),
					loaded.weightsSha256(), loaded.tokenizerSha256(), loaded.backbone());
		}
		catch (RuntimeException ex) {
			loaded.model().close();
			throw ex;
		}
	}

	/**
	 * Builds the encoder of a loaded model; the encoder owns the model from now on. Its queries run on PyTorch
	 * whatever {@link EncoderOptions#queryEngine()} says: the weights may have been changed since they were read (as in
	 * training).
	 * @param loaded the model, as {@link #loadModel} returns it
	 * @param source how the model was named, for {@link EncoderInfo#source()}
	 * @param options batch size, device and worker threads
	 */
	public static TorchColbertEncoder encoder(LoadedModel loaded, String source, EncoderOptions options) {
		return encoder(loaded, source, options, null);
	}

	private static TorchColbertEncoder encoder(LoadedModel loaded, String source, EncoderOptions options,
			OnnxRuntimeBert queryBert) {
		ColbertSettings settings = loaded.settings();
		ColbertTokenizer tokenizer;
		try {
			tokenizer = ColbertTokenizer.create(loaded.tokenizerJson(), loaded.tokenizerFileName(), settings);
		}
		catch (RuntimeException ex) {
			closeIfPresent(queryBert);
			throw ex;
		}
		TorchColbertEncoder encoder;
		try {
			BertConfig config = loaded.model().bert().config();
			EncoderInfo info = new EncoderInfo(source, loaded.backbone(), config.hiddenSize(), config.layers(),
					loaded.model().dim(), settings.queryMaxLength(), settings.documentMaxLength(),
					settings.queryAugmentation(), settings.attendToMaskTokens(), settings.maskPunctuation(),
					fingerprint(loaded, settings), settings.markers(), options.batchSize(), options.device());
			logger.info("ColBERT encoder ready: {}, single queries on {}", info,
					(queryBert != null) ? "ONNX Runtime" : "PyTorch");
			encoder = new TorchColbertEncoder(loaded.model(), tokenizer, info, options.workerThreads(),
					options.intraOpThreads(), options.queryIntraOpThreads(), queryBert);
		}
		catch (RuntimeException ex) {
			tokenizer.close();
			closeIfPresent(queryBert);
			throw ex;
		}
		try {
			encoder.warmUp();
		}
		catch (RuntimeException ex) {
			encoder.close();
			throw ex;
		}
		return encoder;
	}

	private static LoadedModel read(ModelSource source, EncoderOptions options, NDManager manager) {
		if (source instanceof ModelSource.Folder folder) {
			return ColbertCheckpointReader.read(folder.path(), manager, null);
		}
		if (source instanceof ModelSource.Hub hub) {
			HubModelDownloader downloader = new HubModelDownloader(options.hubEndpoint(), options.cacheDirectory(),
					options.hubToken(), options.hubTimeout());
			HubModelDownloader.CachedCheckpoint cached = downloader.resolve(hub.repository(), hub.revision());
			LoadedModel loaded = ColbertCheckpointReader.read(cached.folder(), manager, cached.weightsSha256());
			String backbone = loaded.backbone().equals(cached.folder().getFileName().toString()) ? hub.repository()
					: loaded.backbone();
			return new LoadedModel(loaded.model(), loaded.settings(), loaded.tokenizerJson(),
					loaded.tokenizerFileName(), loaded.weightsSha256(), loaded.tokenizerSha256(), backbone);
		}
		ClassLoader classLoader = classLoader();
		if (source instanceof ModelSource.EmbeddedColbert embedded) {
			return TrainedHeadLoader.load(embedded, classLoader, manager);
		}
		return ClasspathOnnxLoader.load((ModelSource.ClasspathOnnx) source, classLoader, manager);
	}

	private static ClassLoader classLoader() {
		ClassLoader context = Thread.currentThread().getContextClassLoader();
		return (context != null) ? context : ColbertEncoders.class.getClassLoader();
	}

	private static void closeIfPresent(OnnxRuntimeBert queryBert) {
		if (queryBert != null) {
			queryBert.close();
		}
	}

	private static ColbertSettings applyOverrides(ColbertSettings settings, EncoderOptions options,
			BertConfig config) {
		ColbertSettings result = settings;
		try {
			if (options.queryMaxLength() != null) {
				result = result.withQueryMaxLength(options.queryMaxLength());
			}
			if (options.documentMaxLength() != null) {
				result = result.withDocumentMaxLength(options.documentMaxLength());
			}
			if (options.queryAugmentation() != null) {
				result = result.withQueryAugmentation(options.queryAugmentation());
			}
		}
		catch (IllegalArgumentException ex) {
			throw new ModelLoadException("encoder options: " + ex.getMessage(), ex);
		}
		int limit = config.maxPositionEmbeddings();
		if (result.queryMaxLength() > limit) {
			throw new ModelLoadException(((options.queryMaxLength() != null) ? "option queryMaxLength "
					: "the model's query_maxlen ") + result.queryMaxLength() + " exceeds its max_position_embeddings "
					+ limit + "; set the queryMaxLength option to at most " + limit);
		}
		if (result.documentMaxLength() > limit) {
			throw new ModelLoadException(((options.documentMaxLength() != null) ? "option documentMaxLength "
					: "the model's doc_maxlen ") + result.documentMaxLength() + " exceeds its max_position_embeddings "
					+ limit + "; set the documentMaxLength option to at most " + limit);
		}
		return result;
	}

	/**
	 * sha256 over the weights file, tokenizer.json and every setting that changes the document vectors, which are what
	 * an index stores. Query-side settings ({@code query_maxlen}, {@code [MASK]} augmentation, attending to the
	 * {@code [MASK]} tokens, the query marker) are left out: changing them changes queries only, and an index built
	 * before searches correctly with the new queries. Device, threads, batch size and the query engine are left out too.
	 * Version 2 of the canonical text; version 1 (up to 2026-12) also covered the query-side settings.
	 */
	static String fingerprint(LoadedModel loaded, ColbertSettings settings) {
		String canonical = "colbert-encoder-fingerprint/2\nweights=" + loaded.weightsSha256() + "\ntokenizer="
				+ loaded.tokenizerSha256() + "\nprojection=" + (loaded.model().projection() != null ? "linear"
						: "identity")
				+ "\n" + settings.documentCanonical() + "\n";
		return Hashing.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
	}

}
