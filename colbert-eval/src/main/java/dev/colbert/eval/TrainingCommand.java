package dev.colbert.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.google.gson.GsonBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.ModelSource;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.eval.EncodedCorpusCache.EncodedCorpus;
import dev.colbert.training.BeirValidation;
import dev.colbert.training.ColbertTrainer;
import dev.colbert.training.LossType;
import dev.colbert.training.TrainableLayers;
import dev.colbert.training.TrainingConfig;
import dev.colbert.training.TrainingJobSpec;
import dev.colbert.training.TrainingProgress;
import dev.colbert.training.data.BeirSource;
import dev.colbert.training.data.ColbertTriplesSource;
import dev.colbert.training.data.TextFiles;
import dev.colbert.training.data.TextTriplesSource;
import dev.colbert.training.data.TrainingDataSource;
import dev.colbert.training.model.PrefixCache;

/**
 * {@code bin/colbert-train}: fine-tunes a ColBERT encoder from the command line (the same trainer as the actuator
 * endpoint) and writes a checkpoint folder that {@code bin/colbert-eval --model} and {@code colbert.model} load.
 */
public final class TrainingCommand {

	private static final Logger logger = LoggerFactory.getLogger(TrainingCommand.class);

	static final String USAGE = """
			Usage: bin/colbert-train --output DIR (--triples F --queries F --collection F | --text-triples F
			                          | --beir DIR [--split train]) [options]

			Fine-tunes a ColBERT encoder and writes DIR/checkpoint (HuggingFace ColBERT layout), DIR/examples.jsonl and,
			while running, DIR/resume (resumable state; rerun the same command with --resume to continue).

			Data:
			  --triples F --queries F --collection F   ColBERT JSONL triples [qid, pid+, pid-...] (or [qid, [pid, score]...]),
			                                           queries (TSV or BEIR queries.jsonl), collection (TSV or corpus.jsonl)
			  --text-triples F                         query<TAB>positive<TAB>negative
			  --beir DIR [--split NAME]                BEIR folder; negatives mined by the current model
			  --negatives N --mining-depth N           mined negatives per example, sampled from the top N (8, 30)
			  --mining-vectors DIR                     with --beir: rank with the bin/colbert-eval vector cache DIR of
			                                           the base model for DIR/corpus.jsonl instead of encoding it again
			Model and training:
			  --base-model SOURCE      colbert.model value to start from (default embedded:bge-small-en-v1.5)
			  --layers projection|top-N|all|query-top-N   trained parameters (default top-2); query-top-N trains
			                           the top N layers of the queries only and a projection per side (documents
			                           keep the base model's layers: a query-tower model)
			  --dim N                  output dimension (default: the model's; a new projection starts from PCA)
			  --loss pairwise-hinge|nway-cross-entropy|kl-distillation (default nway-cross-entropy)
			  --in-batch true|false    in-batch negatives (default true for nway-cross-entropy; given after
			                           --loss kl-distillation, adds the in-batch cross-entropy term as ColBERTv2 does)
			  --in-batch-weight X      weight of that term next to the KL term (default 1)
			  --nway N                 documents per query, positive included (default 2)
			  --batch-size N           queries per step (default 16)
			  --lr X --warmup N        peak learning rate (2e-5), warm-up steps (10% of the steps)
			  --steps N | --epochs X   length of training (default 1 epoch)
			  --clip X --weight-decay X   gradient clipping norm (1.0), AdamW weight decay (0.01)
			  --seed N                 (42)
			  --doc-maxlen N --query-maxlen N   lengths while training (default the model's)
			  --query-augmentation true|false   pad queries with [MASK] to --query-maxlen (ColBERT's query
			                           augmentation; default the base model's); the checkpoint keeps the choice
			  --checkpoint-every N     steps between resumable states (100)
			  --eval-examples N --eval-every N  held-out examples for ranking metrics, steps between evaluations
			  --validate DIR[:SPLIT],...   BEIR collections (split default test) scored by exact MaxSim (nDCG@10,
			                           R@100) at every evaluation; validation data only, never an evaluation set
			  --threads N              intra-op threads
			  --export-head CKPT       with --output DIR (and --query-maxlen/--doc-maxlen): write the embedded-model
			                           resources of CKPT, trained from embedded:bge-small-en-v1.5: DIR/head.safetensors
			                           (the changed tensors and the projection, float16) and DIR/artifact.metadata
			  --derive-only CKPT       with --seed-vectors and --corpus: only write the evaluation cache of a
			                           projection-only checkpoint CKPT (see --derive-eval-cache), no training
			  --cache-mib N            memory for frozen outputs (last hidden states, frozen-layer outputs) (2048)
			  --resume                 continue from DIR/resume
			  --seed-vectors DIR --corpus F[,F...]   projection-only and query-tower jobs: take the untrained model's
			                           document vectors from the bin/colbert-eval cache DIR (for each corpus file F)
			                           instead of encoding them again
			  --derive-eval-cache      with --seed-vectors, projection-only: write the trained checkpoint's encoded corpus
			                           into the same cache, projected from the cached base vectors (checked against the
			                           checkpoint's own encoding on sample documents), so bin/colbert-eval --model does
			                           not encode the corpus again
			""";

	private static final Set<String> FLAGS = Set.of("resume", "help", "derive-eval-cache");

	private TrainingCommand() {
	}

	public static void main(String[] args) throws IOException {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			String name = args[i];
			if (!name.startsWith("--")) {
				fail("unexpected argument '" + name + "'");
			}
			String key = name.substring(2);
			if (FLAGS.contains(key)) {
				options.put(key, "true");
			}
			else if (i + 1 < args.length) {
				options.put(key, args[++i]);
			}
			else {
				fail(name + " needs a value");
			}
		}
		if (options.containsKey("help")) {
			System.out.println(USAGE);
			return;
		}
		try {
			Path checkpoint = run(options);
			System.out.println(checkpoint);
		}
		catch (IllegalArgumentException ex) {
			fail(ex.getMessage());
		}
	}

	static Path run(Map<String, String> options) throws IOException {
		if (options.containsKey("derive-only")) {
			return deriveOnly(options);
		}
		if (options.containsKey("export-head")) {
			Path checkpoint = Path.of(options.remove("export-head"));
			Path output = Path.of(required(options, "output"));
			Integer queryMaxLength = Optional.ofNullable(options.remove("query-maxlen")).map(Integer::valueOf).orElse(null);
			Integer documentMaxLength = Optional.ofNullable(options.remove("doc-maxlen")).map(Integer::valueOf).orElse(null);
			if (!options.isEmpty()) {
				throw new IllegalArgumentException("unknown option(s) with --export-head " + options.keySet());
			}
			String sha256 = HeadExport.export(checkpoint, ModelSource.BGE_SMALL, queryMaxLength, documentMaxLength,
					output);
			System.out.println("head sha256 " + sha256);
			return output;
		}
		Path output = Path.of(required(options, "output"));
		TrainingDataSource source = source(options);
		TrainingConfig.Builder builder = TrainingConfig.builder();
		Optional.ofNullable(options.remove("layers")).ifPresent((v) -> builder.trainableLayers(TrainableLayers.parse(v)));
		Optional.ofNullable(options.remove("dim")).ifPresent((v) -> builder.outputDim(Integer.parseInt(v)));
		Optional.ofNullable(options.remove("loss")).ifPresent((v) -> builder.loss(LossType.parse(v)));
		Optional.ofNullable(options.remove("in-batch")).ifPresent((v) -> builder.inBatchNegatives(Boolean.parseBoolean(v)));
		Optional.ofNullable(options.remove("in-batch-weight"))
			.ifPresent((v) -> builder.inBatchWeight(Double.parseDouble(v)));
		Optional.ofNullable(options.remove("nway")).ifPresent((v) -> builder.nway(Integer.parseInt(v)));
		Optional.ofNullable(options.remove("batch-size")).ifPresent((v) -> builder.batchSize(Integer.parseInt(v)));
		Optional.ofNullable(options.remove("lr")).ifPresent((v) -> builder.learningRate(Double.parseDouble(v)));
		Optional.ofNullable(options.remove("warmup")).ifPresent((v) -> builder.warmupSteps(Integer.parseInt(v)));
		Optional.ofNullable(options.remove("steps")).ifPresent((v) -> builder.totalSteps(Integer.parseInt(v)));
		Optional.ofNullable(options.remove("epochs")).ifPresent((v) -> builder.epochs(Double.parseDouble(v)));
		Optional.ofNullable(options.remove("clip")).ifPresent((v) -> builder.clipNorm(Double.parseDouble(v)));
		Optional.ofNullable(options.remove("weight-decay")).ifPresent((v) -> builder.weightDecay(Double.parseDouble(v)));
		Optional.ofNullable(options.remove("seed")).ifPresent((v) -> builder.seed(Long.parseLong(v)));
		Optional.ofNullable(options.remove("doc-maxlen")).ifPresent((v) -> builder.documentMaxLength(Integer.parseInt(v)));
		Optional.ofNullable(options.remove("query-maxlen")).ifPresent((v) -> builder.queryMaxLength(Integer.parseInt(v)));
		Optional.ofNullable(options.remove("query-augmentation"))
			.ifPresent((v) -> builder.queryAugmentation(parseBoolean("query-augmentation", v)));
		Optional.ofNullable(options.remove("checkpoint-every"))
			.ifPresent((v) -> builder.checkpointEverySteps(Integer.parseInt(v)));
		Optional.ofNullable(options.remove("eval-examples")).ifPresent((v) -> builder.evaluationExamples(Integer.parseInt(v)));
		Optional.ofNullable(options.remove("eval-every")).ifPresent((v) -> builder.evaluateEverySteps(Integer.parseInt(v)));
		Optional.ofNullable(options.remove("cache-mib"))
			.ifPresent((v) -> builder.prefixCacheBytes(Long.parseLong(v) << 20));
		TrainingConfig config = builder.build();
		EncoderOptions.Builder encoderOptions = EncoderOptions.builder();
		Optional.ofNullable(options.remove("threads")).ifPresent((v) -> encoderOptions.intraOpThreads(Integer.parseInt(v)));
		String baseModel = options.getOrDefault("base-model", "embedded:bge-small-en-v1.5");
		options.remove("base-model");
		int negatives = Integer.parseInt(Optional.ofNullable(options.remove("negatives")).orElse("8"));
		int depth = Integer.parseInt(Optional.ofNullable(options.remove("mining-depth")).orElse("30"));
		boolean resume = options.remove("resume") != null;
		List<BeirValidation> validations = new ArrayList<>();
		Optional.ofNullable(options.remove("validate")).ifPresent((value) -> {
			for (String entry : value.split(",")) {
				int colon = entry.lastIndexOf(':');
				boolean split = colon > 0 && !entry.substring(colon + 1).contains("/");
				validations.add(new BeirValidation(Path.of(split ? entry.substring(0, colon) : entry),
						split ? entry.substring(colon + 1) : "test"));
			}
		});
		String seedVectors = options.remove("seed-vectors");
		String corpus = options.remove("corpus");
		boolean deriveCache = options.remove("derive-eval-cache") != null;
		String miningVectors = options.remove("mining-vectors");
		options.remove("output");
		if (!options.isEmpty()) {
			throw new IllegalArgumentException("unknown option(s) " + options.keySet());
		}
		CachedVectorMiningSource cachedMining = null;
		if (miningVectors != null) {
			if (!(source instanceof BeirSource beir)) {
				throw new IllegalArgumentException("--mining-vectors only serves --beir (the source that mines negatives)");
			}
			cachedMining = CachedVectorMiningSource.open(beir, baseModel, encoderOptions.build(), Path.of(miningVectors));
			source = cachedMining;
		}
		TrainingJobSpec spec = new TrainingJobSpec(baseModel, encoderOptions.build(), source, config, output, negatives,
				depth, resume);
		PrefixCache seeded = null;
		EncodedCorpus baseCorpus = null;
		if (deriveCache && (seedVectors == null || config.trainableLayers().mode() != TrainableLayers.Mode.PROJECTION)) {
			throw new IllegalArgumentException("--derive-eval-cache needs --seed-vectors and --layers projection");
		}
		if (seedVectors != null) {
			if (corpus == null) {
				throw new IllegalArgumentException("--seed-vectors needs --corpus (the corpus.jsonl the cache was made from)");
			}
			String[] corpora = corpus.split(",");
			if (deriveCache && corpora.length > 1) {
				throw new IllegalArgumentException("--derive-eval-cache takes one --corpus, not " + corpora.length);
			}
			seeded = new PrefixCache(config.prefixCacheBytes());
			for (String file : corpora) {
				baseCorpus = readEvaluationCache(baseModel, config.documentMaxLength(), Path.of(seedVectors),
						Path.of(file));
				seed(baseCorpus, Path.of(file), seeded);
			}
		}
		Files.createDirectories(output);
		long start = System.nanoTime();
		Path checkpoint;
		try {
			checkpoint = ColbertTrainer.train(spec, logging(), seeded, validations);
		}
		finally {
			if (cachedMining != null) {
				cachedMining.close();
			}
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		seeded = null;
		if (deriveCache) {
			deriveEvaluationCache(baseCorpus, checkpoint, Path.of(seedVectors), Path.of(corpus));
		}
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("checkpoint", checkpoint.toString());
		summary.put("seconds", seconds);
		summary.put("base_model", baseModel);
		summary.put("source", source.describe());
		summary.put("config", config.toString());
		Files.writeString(output.resolve("training-summary.json"),
				new GsonBuilder().setPrettyPrinting().create().toJson(summary));
		return checkpoint;
	}

	private static TrainingDataSource source(Map<String, String> options) {
		if (options.containsKey("triples")) {
			return new ColbertTriplesSource(Path.of(options.remove("triples")), Path.of(required(options, "queries")),
					Path.of(required(options, "collection")));
		}
		if (options.containsKey("text-triples")) {
			return new TextTriplesSource(Path.of(options.remove("text-triples")));
		}
		if (options.containsKey("beir")) {
			return new BeirSource(Path.of(options.remove("beir")),
					Optional.ofNullable(options.remove("split")).orElse("train"));
		}
		throw new IllegalArgumentException("give the data: --triples/--queries/--collection, --text-triples or --beir");
	}

	/**
	 * {@code --derive-only CHECKPOINT --seed-vectors DIR --corpus F [--base-model M] [--doc-maxlen N]}: writes the evaluation cache of a
	 * projection-only checkpoint (for example a resumable state) without training.
	 */
	private static Path deriveOnly(Map<String, String> options) {
		Path checkpoint = Path.of(options.remove("derive-only"));
		Path cacheDirectory = Path.of(required(options, "seed-vectors"));
		Path corpusFile = Path.of(required(options, "corpus"));
		String baseModel = Optional.ofNullable(options.remove("base-model")).orElse("embedded:bge-small-en-v1.5");
		String documentMaxLength = options.remove("doc-maxlen");
		if (!options.isEmpty()) {
			throw new IllegalArgumentException("unknown option(s) with --derive-only " + options.keySet());
		}
		deriveEvaluationCache(readEvaluationCache(baseModel,
				(documentMaxLength != null) ? Integer.valueOf(documentMaxLength) : null, cacheDirectory, corpusFile),
				checkpoint, cacheDirectory, corpusFile);
		return checkpoint;
	}

	/**
	 * The untrained model's encoded corpus from the evaluation command's vector cache (normalized rows), encoded with
	 * {@code documentMaxLength} (or the model's own doc_maxlen when null).
	 */
	private static EncodedCorpus readEvaluationCache(String baseModel, Integer documentMaxLength, Path cacheDirectory,
			Path corpusFile) {
		String fingerprint;
		try (ColbertEncoder encoder = ColbertEncoders.load(baseModel,
				EncoderOptions.builder().documentMaxLength(documentMaxLength).build())) {
			if (encoder.info().dim() != encoder.info().hiddenSize()) {
				throw new IllegalArgumentException(baseModel + " has a projection (dim " + encoder.info().dim()
						+ "); cached vectors are last hidden states only for a model without one");
			}
			fingerprint = encoder.info().fingerprint();
		}
		EncodedCorpusCache cache = new EncodedCorpusCache(cacheDirectory, fingerprint, corpusFile);
		return cache.read()
			.orElseThrow(() -> new IllegalArgumentException("no complete vector cache " + cache.file() + " for "
					+ baseModel + " and " + corpusFile + "; run bin/colbert-eval with --cache-dir " + cacheDirectory
					+ " first"));
	}

	/** Last hidden states of the untrained model (normalized rows), keyed by document text. */
	private static PrefixCache seed(EncodedCorpus corpus, Path corpusFile, PrefixCache prefixes) {
		Map<String, String> texts = TextFiles.readCollection(corpusFile);
		int seeded = 0;
		for (int i = 0; i < corpus.ids().size(); i++) {
			String text = texts.get(corpus.ids().get(i));
			TokenVectors vectors = corpus.vectors().get(i);
			if (text != null && prefixes.put(false, text, vectors.data())) {
				seeded++;
			}
		}
		logger.info("Seeded the frozen-output cache with {} documents ({} MiB)", seeded, prefixes.bytes() >> 20);
		return prefixes;
	}

	/** Writes the trained checkpoint's encoded corpus, projected from the base vectors, into the evaluation cache. */
	private static void deriveEvaluationCache(EncodedCorpus base, Path checkpoint, Path cacheDirectory,
			Path corpusFile) {
		try (ColbertEncoder encoder = ColbertEncoders.load(checkpoint.toString(), EncoderOptions.defaults())) {
			EncodedCorpus derived = ProjectedCorpusCache.derive(base, checkpoint, encoder,
					TextFiles.readCollection(corpusFile), 8);
			EncodedCorpusCache cache = new EncodedCorpusCache(cacheDirectory, encoder.info().fingerprint(),
					corpusFile);
			cache.write(derived);
			logger.info("Evaluation cache of {} written: {}", checkpoint, cache.file());
		}
	}

	private static TrainingProgress logging() {
		return new TrainingProgress() {

			@Override
			public void phase(String phase, long total) {
				logger.info("Phase: {}", phase);
			}

			@Override
			public void phaseProgress(long done) {
			}

			@Override
			public void trainingStarted(int step, int totalSteps, int examples) {
			}

			@Override
			public void stepFinished(int step, double loss, double learningRate, double gradientNorm) {
			}

			@Override
			public void evaluated(String moment, Map<String, Double> metrics) {
			}

			@Override
			public boolean cancelRequested() {
				return false;
			}

		};
	}

	private static boolean parseBoolean(String name, String value) {
		if (!value.equals("true") && !value.equals("false")) {
			throw new IllegalArgumentException("--" + name + " takes true or false, not '" + value + "'");
		}
		return Boolean.parseBoolean(value);
	}

	private static String required(Map<String, String> options, String name) {
		String value = options.get(name);
		if (value == null) {
			throw new IllegalArgumentException("--" + name + " is required");
		}
		options.remove(name);
		return value;
	}

	private static void fail(String message) {
		System.err.println("colbert-train: " + message + "\n\n" + USAGE);
		System.exit(2);
	}

}
