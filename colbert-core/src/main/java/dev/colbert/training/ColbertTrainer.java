package dev.colbert.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.ModelSource;
import dev.colbert.encoder.checkpoint.ColbertCheckpointWriter;
import dev.colbert.encoder.checkpoint.DocumentTowerFile;
import dev.colbert.encoder.checkpoint.LoadedModel;
import dev.colbert.encoder.checkpoint.Safetensors;
import dev.colbert.encoder.inference.EngineSupport;
import dev.colbert.encoder.inference.TorchColbertEncoder;
import dev.colbert.encoder.model.BertModel;
import dev.colbert.encoder.model.ColbertModel;
import dev.colbert.encoder.model.ColbertSettings;
import dev.colbert.encoder.tokenize.ColbertTokenizer;
import dev.colbert.training.TrainingExample.Passage;
import dev.colbert.training.data.ExhaustiveRanker;
import dev.colbert.training.data.MiningContext;
import dev.colbert.training.loss.RankingLoss;
import dev.colbert.training.model.MaxSimScores;
import dev.colbert.training.model.PrefixCache;
import dev.colbert.training.model.PrefixCacheFile;
import dev.colbert.training.model.ProjectionInitializer;
import dev.colbert.training.model.TrainingEncoder;
import dev.colbert.training.optim.AdamW;
import dev.colbert.training.optim.GradientClipping;
import dev.colbert.training.optim.LearningRateSchedule;

/**
 * Fine-tunes a ColBERT encoder: loads the base model and the examples (mining negatives where the source does),
 * optionally starts a new projection for another dimension (uncentered PCA), then runs AdamW steps with warm-up and
 * linear decay, gradient clipping and the configured loss over MaxSim scores, and writes the result as a HuggingFace
 * ColBERT checkpoint that {@link ColbertEncoders} loads.
 *
 * <p>Resumable: every {@link TrainingConfig#checkpointEverySteps()} steps (and on cancellation) the model, the AdamW
 * moments and the step are written to {@code resume/}; a job with {@code resume} set continues from there on the same
 * examples (saved as {@code examples.jsonl}) and reproduces the same batches and negatives, which depend only on the
 * seed and the step.
 */
public final class ColbertTrainer {

	private static final Logger logger = LoggerFactory.getLogger(ColbertTrainer.class);

	private static final String STATE_FILE = "trainer-state.json";

	private static final String OPTIMIZER_FILE = "optimizer.safetensors";

	private static final String EXAMPLES_FILE = "examples.jsonl";

	/** The name under which the optimizer keeps the document projection of a query-tower job. */
	static final String DOCUMENT_PROJECTION_NAME = "document_linear.weight";

	/** The frozen layers' outputs of a resumable job ({@link PrefixCacheFile}), deleted when it finishes. */
	static final String FROZEN_OUTPUTS_FILE = "frozen-outputs.bin";

	private static final Pattern LAYER = Pattern.compile("bert\\.encoder\\.layer\\.(\\d+)\\..*");

	private static final int PCA_SAMPLE_DOCUMENTS = 256;

	private static final int EVALUATION_BATCH = 8;

	private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

	private ColbertTrainer() {
	}

	/**
	 * Runs a job to the end.
	 * @return the folder of the written checkpoint
	 * @throws CancellationException when the progress asked to stop (the resumable state is written first)
	 * @throws IOException when the output cannot be written
	 */
	public static Path train(TrainingJobSpec spec, TrainingProgress progress) throws IOException {
		return train(spec, progress, null);
	}

	/**
	 * Runs a job to the end with a cache of frozen outputs filled in advance: for a projection-only job, the last
	 * hidden states (or their L2-normalized form, which gives the same normalized projections) of the kept tokens of
	 * documents and queries, keyed by their text, for example from vectors the untrained model already encoded.
	 * Entries whose row count does not fit the training tokenization are recomputed.
	 * @param seededCache the cache, or {@code null} for an empty one of the configured size
	 * @throws IllegalArgumentException if a cache is given for a job that trains more than the projection
	 */
	public static Path train(TrainingJobSpec spec, TrainingProgress progress, PrefixCache seededCache)
			throws IOException {
		return train(spec, progress, seededCache, List.of());
	}

	/**
	 * Runs a job to the end, also reporting retrieval quality on validation collections at every evaluation (before,
	 * every {@link TrainingConfig#evaluateEverySteps()} steps and after).
	 * @param seededCache last hidden states of documents (see {@link #train(TrainingJobSpec, TrainingProgress,
	 * PrefixCache)}), for projection-only and query-tower jobs; {@code null} for none
	 * @param validations the collections to validate on, possibly none
	 */
	public static Path train(TrainingJobSpec spec, TrainingProgress progress, PrefixCache seededCache,
			List<BeirValidation> validations) throws IOException {
		TrainingConfig config = spec.config();
		boolean queryTower = config.trainableLayers().documentsFrozen();
		if (seededCache != null && config.trainableLayers().mode() != TrainableLayers.Mode.PROJECTION && !queryTower) {
			throw new IllegalArgumentException("a seeded cache of last hidden states only fits projection-only "
					+ "or query-tower training, not " + config.trainableLayers());
		}
		Path resumeDirectory = spec.resumeDirectory();
		boolean resuming = spec.resume() && Files.isRegularFile(resumeDirectory.resolve(STATE_FILE));
		progress.phase("loading model", -1);
		ModelSource source = resuming ? new ModelSource.Folder(resumeDirectory) : ModelSource.parse(spec.baseModel());
		EncoderOptions options = spec.encoderOptions();
		EngineSupport.useIntraOpThreadsOnCurrentThread(options.intraOpThreads());
		NDManager manager = EngineSupport.newManager(EngineSupport.device(options.device()));
		// PyTorch's grad mode is thread-local and on by default; DJL turns it off only on the thread that loaded the
		// engine. A job on another thread (the actuator's runner) would otherwise record graphs outside the gradient
		// collector and fail on the optimizer's in-place updates of leaf tensors.
		JniUtils.setGradMode(false);
		LoadedModel loaded;
		try {
			loaded = JobFiles.loadModel(source, resuming ? spec.outputDirectory() : spec.baseModelRoot(), options,
					manager);
		}
		catch (RuntimeException ex) {
			manager.close();
			throw ex;
		}
		TorchColbertEncoder encoder = ColbertEncoders.encoder(loaded, source.describe(), options);
		ColbertTokenizer tokenizer = null;
		LoadedModel documentBase = null;
		try {
			List<TrainingExample> examples = loadExamples(spec, resuming, encoder, manager, progress);
			ColbertSettings trainingSettings = loaded.settings();
			if (config.queryMaxLength() != null) {
				trainingSettings = trainingSettings.withQueryMaxLength(config.queryMaxLength());
			}
			if (config.documentMaxLength() != null) {
				trainingSettings = trainingSettings.withDocumentMaxLength(config.documentMaxLength());
			}
			if (config.queryAugmentation() != null) {
				trainingSettings = trainingSettings.withQueryAugmentation(config.queryAugmentation());
			}
			tokenizer = ColbertTokenizer.create(loaded.tokenizerJson(), loaded.tokenizerFileName(), trainingSettings);
			List<TrainingExample> shuffled = new ArrayList<>(examples);
			Collections.shuffle(shuffled, new Random(config.seed()));
			int heldOut = Math.min(config.evaluationExamples(), examples.size() / 5);
			List<TrainingExample> evaluationSet = List.copyOf(shuffled.subList(0, heldOut));
			List<TrainingExample> trainingSet = List.copyOf(shuffled.subList(heldOut, shuffled.size()));
			PrefixCache cache = (seededCache != null) ? seededCache : new PrefixCache(config.prefixCacheBytes());
			// a query-tower job keeps the documents' last hidden states in this cache and the queries' frozen-layer
			// outputs in one of their own
			PrefixCache queryCache = queryTower ? new PrefixCache(config.prefixCacheBytes()) : cache;
			PrefixCacheFile frozenOutputs = queryTower ? null : frozenOutputsFile(spec, seededCache, trainingSettings);
			if (frozenOutputs != null && resuming && Files.exists(frozenOutputs.file(), LinkOption.NOFOLLOW_LINKS)) {
				// like the rest of the resumable state: read only from inside the job's folder
				JobFiles.requireInJobFolder(spec, frozenOutputs.file());
				progress.phase("reading frozen outputs", -1);
				frozenOutputs.loadInto(cache);
			}
			ColbertModel model = trainingModel(loaded.model(), config, tokenizer, cache, trainingSet, manager,
					progress);
			TrainingEncoder documentTower = null;
			NDArray documentProjection = null;
			if (queryTower) {
				// the documents' tower: the base model's layers, never trained, and a projection of its own
				documentBase = JobFiles.loadModel(ModelSource.parse(spec.baseModel()), spec.baseModelRoot(), options,
						manager);
				if (resuming) {
					JobFiles.requireInJobFolder(spec, resumeDirectory.resolve(DocumentTowerFile.FILE_NAME));
					documentProjection = DocumentTowerFile.readProjection(resumeDirectory, manager);
				}
				else {
					documentProjection = model.projection().duplicate();
				}
				documentTower = new TrainingEncoder(new ColbertModel(documentBase.model().bert(), documentProjection),
						tokenizer, TrainableLayers.projection(), cache);
			}
			Session session = new Session(spec, model, new TrainingEncoder(model, tokenizer, config.trainableLayers(),
					queryCache, documentTower), documentProjection,
					(documentBase != null) ? documentBase.model().checkpointTensors() : Map.of(), frozenOutputs,
					progress, manager, validations);
			int targetDim = model.dim();
			// the lengths and augmentation trained with are the checkpoint's (TrainingConfig: "written to the checkpoint")
			ColbertSettings outputSettings = trainingSettings.withDim(targetDim);
			session.run(trainingSet, evaluationSet, resuming, outputSettings, loaded.tokenizerJson());
			progress.phase("writing checkpoint", -1);
			Path checkpoint = spec.checkpointDirectory();
			AtomicFolders.write(checkpoint, (folder) -> {
				ColbertCheckpointWriter.write(model, outputSettings, loaded.tokenizerJson(), folder);
				session.writeDocumentTower(folder);
			});
			AtomicFolders.delete(resumeDirectory);
			if (frozenOutputs != null) {
				frozenOutputs.delete();
			}
			logger.info("Training finished: checkpoint {} (dim {}, {} steps)", checkpoint, targetDim,
					session.totalSteps);
			return checkpoint;
		}
		finally {
			if (tokenizer != null) {
				tokenizer.close();
			}
			if (documentBase != null) {
				documentBase.model().close();
			}
			encoder.close();
		}
	}


	/**
	 * Where a resumable job keeps the frozen layers' outputs between runs: in its folder, for jobs that checkpoint and
	 * freeze layers, unless the cache was seeded from elsewhere.
	 */
	private static PrefixCacheFile frozenOutputsFile(TrainingJobSpec spec, PrefixCache seededCache,
			ColbertSettings trainingSettings) {
		TrainingConfig config = spec.config();
		if (seededCache != null || config.checkpointEverySteps() <= 0
				|| config.trainableLayers().mode() == TrainableLayers.Mode.ALL) {
			return null;
		}
		String fingerprint = "base=" + spec.baseModel() + "; trained=" + config.trainableLayers() + "; tokenization="
				+ trainingSettings;
		return new PrefixCacheFile(spec.outputDirectory().resolve(FROZEN_OUTPUTS_FILE), fingerprint);
	}

	private static List<TrainingExample> loadExamples(TrainingJobSpec spec, boolean resuming,
			TorchColbertEncoder encoder, NDManager manager, TrainingProgress progress) throws IOException {
		Path examplesFile = spec.outputDirectory().resolve(EXAMPLES_FILE);
		if (resuming && Files.isRegularFile(examplesFile)) {
			List<TrainingExample> examples = ExamplesFile.read(JobFiles.requireInJobFolder(spec, examplesFile));
			logger.info("Resuming with the {} examples of {}", examples.size(), examplesFile);
			return examples;
		}
		progress.phase("loading data", -1);
		MiningContext mining = new MiningContext(
				(collection) -> new ExhaustiveRanker(encoder, collection, manager.newSubManager()), spec.negatives(),
				spec.miningDepth(), spec.config().seed(), progress::cancelRequested);
		List<TrainingExample> examples = spec.source().load(mining);
		if (examples.isEmpty()) {
			throw new IllegalArgumentException(spec.source().describe() + " gave no training example (every "
					+ "example needs a query, a positive and at least one negative)");
		}
		ExamplesFile.write(examples, examplesFile);
		logger.info("Loaded {} training examples from {}", examples.size(), spec.source().describe());
		return examples;
	}

	/**
	 * The model to train: the loaded one, or the loaded encoder with a new projection (identity for a model without
	 * one at its hidden size, PCA for another dimension).
	 */
	private static ColbertModel trainingModel(ColbertModel base, TrainingConfig config, ColbertTokenizer tokenizer,
			PrefixCache cache, List<TrainingExample> examples, NDManager manager, TrainingProgress progress) {
		BertModel bert = base.bert();
		int hidden = bert.config().hiddenSize();
		int targetDim = (config.outputDim() != null) ? config.outputDim() : base.dim();
		if (base.projection() != null && targetDim == base.dim()) {
			return base;
		}
		if (base.projection() == null && targetDim == hidden) {
			logger.info("The base model has no projection: training starts from the identity {} x {}", hidden, hidden);
			return new ColbertModel(bert, manager.eye(hidden));
		}
		progress.phase("initializing projection", -1);
		Set<String> texts = new LinkedHashSet<>();
		for (TrainingExample example : examples) {
			texts.add(example.positive().text());
			example.negatives().forEach((negative) -> texts.add(negative.text()));
		}
		List<String> sample = new ArrayList<>(texts);
		Collections.shuffle(sample, new Random(config.seed()));
		sample = sample.subList(0, Math.min(PCA_SAMPLE_DOCUMENTS, sample.size()));
		// the probe caches last hidden states, which a projection-only job reuses
		TrainingEncoder probe = new TrainingEncoder(base, tokenizer, TrainableLayers.projection(),
				(config.trainableLayers().mode() == TrainableLayers.Mode.PROJECTION
						|| config.trainableLayers().documentsFrozen()) ? cache : new PrefixCache(0));
		ProjectionInitializer initializer = new ProjectionInitializer(hidden);
		for (float[] rows : probe.lastHiddenStates(sample)) {
			initializer.add(rows, rows.length / hidden);
		}
		float[] projection = initializer.projection(targetDim);
		logger.info("New projection {} -> {} initialized by uncentered PCA of {} token vectors of {} documents", hidden,
				targetDim, initializer.vectors(), sample.size());
		return new ColbertModel(bert, manager.create(projection, new Shape(targetDim, hidden)));
	}

	/** One training run over a prepared model. */
	private static final class Session {

		private final TrainingJobSpec spec;

		private final TrainingConfig config;

		private final ColbertModel model;

		private final TrainingEncoder encoder;

		private final NDArray documentProjection;

		private final Map<String, NDArray> documentBaseTensors;

		private final List<BeirValidation> validations;

		private final PrefixCacheFile frozenOutputs;

		private final TrainingProgress progress;

		private final NDManager manager;

		private final Map<String, NDArray> trained = new LinkedHashMap<>();

		private int totalSteps;

		private List<Integer> epochOrder;

		private int epochOfOrder = -1;

		Session(TrainingJobSpec spec, ColbertModel model, TrainingEncoder encoder, NDArray documentProjection,
				Map<String, NDArray> documentBaseTensors, PrefixCacheFile frozenOutputs, TrainingProgress progress,
				NDManager manager, List<BeirValidation> validations) {
			this.spec = spec;
			this.config = spec.config();
			this.model = model;
			this.encoder = encoder;
			this.documentProjection = documentProjection;
			this.documentBaseTensors = documentBaseTensors;
			this.validations = List.copyOf(validations);
			this.frozenOutputs = frozenOutputs;
			this.progress = progress;
			this.manager = manager;
		}

		void run(List<TrainingExample> trainingSet, List<TrainingExample> evaluationSet, boolean resuming,
				ColbertSettings outputSettings, byte[] tokenizerJson) throws IOException {
			BertModel bert = this.model.bert();
			int layers = bert.config().layers();
			TrainableLayers trainable = this.config.trainableLayers();
			int trainedLayers = trainable.trainedLayers(layers);
			if (trainable.mode() == TrainableLayers.Mode.ALL) {
				bert.setTrainable(true);
			}
			else {
				bert.setTrainableTopLayers(trainedLayers);
			}
			this.model.projection().setRequiresGradient(true);
			if (this.documentProjection != null) {
				this.documentProjection.setRequiresGradient(true);
			}
			int firstTrained = layers - trainedLayers;
			this.model.checkpointTensors().forEach((name, tensor) -> {
				Matcher layer = LAYER.matcher(name);
				boolean train = name.equals(ColbertModel.PROJECTION_NAME)
						|| trainable.mode() == TrainableLayers.Mode.ALL
						|| (layer.matches() && Integer.parseInt(layer.group(1)) >= firstTrained);
				if (train) {
					this.trained.put(name, tensor);
				}
			});
			if (this.documentProjection != null) {
				this.trained.put(DOCUMENT_PROJECTION_NAME, this.documentProjection);
			}
			long parameters = this.trained.values().stream().mapToLong((tensor) -> tensor.getShape().size()).sum();
			this.totalSteps = this.config.resolveTotalSteps(trainingSet.size());
			int warmup = this.config.resolveWarmupSteps(this.totalSteps);
			LearningRateSchedule schedule = new LearningRateSchedule(this.config.learningRate(), warmup,
					this.totalSteps);
			RankingLoss loss = RankingLoss.of(this.config.loss(), this.config.inBatchNegatives(),
					this.config.inBatchWeight());
			int batchSize = Math.min(this.config.batchSize(), trainingSet.size());
			int nway = this.config.nway();
			logger.info("Training {} ({} tensors, {} parameters) on {} examples: {} steps of {} queries x {} documents"
					+ ", loss {}, in-batch negatives {} (weight {}), lr {} (warm-up {}), held out {}", trainable,
					this.trained.size(), parameters, trainingSet.size(), this.totalSteps, batchSize, nway,
					this.config.loss(), this.config.inBatchNegatives(), this.config.inBatchWeight(),
					this.config.learningRate(), warmup,
					evaluationSet.size());
			try (AdamW optimizer = AdamW.forBert(this.manager, this.config.weightDecay())) {
				int step = 0;
				if (resuming) {
					step = restore(optimizer);
					logger.info("Resumed at step {} of {}", step, this.totalSteps);
				}
				else {
					evaluate("before", evaluationSet);
				}
				this.progress.phase("training", this.totalSteps);
				this.progress.trainingStarted(step, this.totalSteps, trainingSet.size());
				Engine engine = this.manager.getEngine();
				long start = System.nanoTime();
				long lastLog = start;
				int firstStep = step;
				double recent = 0;
				int recentCount = 0;
				while (step < this.totalSteps) {
					if (this.progress.cancelRequested()) {
						saveResumable(optimizer, step, outputSettings, tokenizerJson);
						throw new CancellationException("training cancelled at step " + step + " of "
								+ this.totalSteps + "; resumable state in " + this.spec.resumeDirectory());
					}
					List<TrainingExample> batch = batch(trainingSet, step, batchSize);
					Random random = new Random(this.config.seed() * 1_000_003L + step);
					List<String> queries = new ArrayList<>(batch.size());
					List<String> documents = new ArrayList<>(batch.size() * nway);
					float[] teacher = (this.config.loss() == LossType.KL_DISTILLATION) ? new float[batch.size() * nway]
							: null;
					for (int i = 0; i < batch.size(); i++) {
						TrainingExample example = batch.get(i);
						queries.add(example.query());
						documents.add(example.positive().text());
						int[] chosen = sampleNegatives(example.negatives().size(), nway - 1, random);
						for (int c = 0; c < chosen.length; c++) {
							documents.add(example.negatives().get(chosen[c]).text());
						}
						if (teacher != null) {
							if (example.teacherScores() == null) {
								throw new IllegalArgumentException("KL distillation needs teacher scores, but query "
										+ example.queryId() + " has none");
							}
							teacher[i * nway] = example.teacherScores()[0];
							for (int c = 0; c < chosen.length; c++) {
								teacher[i * nway + 1 + c] = example.teacherScores()[chosen[c] + 1];
							}
						}
					}
					double lossValue;
					try (NDManager scope = bert.manager().newSubManager();
							GradientCollector collector = engine.newGradientCollector()) {
						TrainingEncoder.Batch q = this.encoder.encode(scope, queries, true, true);
						TrainingEncoder.Batch d = this.encoder.encode(scope, documents, false, true);
						NDArray scores = MaxSimScores.scores(q.vectors(), d.vectors(), d.mask());
						NDArray teacherScores = (teacher != null)
								? scope.create(teacher, new Shape(batch.size(), nway)) : null;
						NDArray value = loss.compute(scores, nway, teacherScores);
						lossValue = value.getFloat();
						if (!Double.isFinite(lossValue)) {
							throw new IllegalStateException("the loss is " + lossValue + " at step " + (step + 1)
									+ "; lower the learning rate or check the data");
						}
						collector.backward(value);
					}
					double norm = GradientClipping.globalNorm(this.trained.values());
					GradientClipping.requirePlausible(norm, step + 1);
					GradientClipping.scaleToNorm(this.trained.values(), this.config.clipNorm(), norm);
					double lr = schedule.learningRate(step);
					optimizer.update(this.trained, lr);
					AdamW.zeroGradients(this.trained.values());
					step++;
					this.progress.stepFinished(step, lossValue, lr, norm);
					recent += lossValue;
					recentCount++;
					long now = System.nanoTime();
					if (now - lastLog >= LOG_INTERVAL_NANOS || step == this.totalSteps) {
						double seconds = (now - start) / 1e9;
						double rate = (step - firstStep) * (double) batchSize / seconds;
						double eta = (this.totalSteps - step) * (seconds / (step - firstStep));
						logger.info("Training step {}/{}: loss {} (mean of {} steps), lr {}, grad norm {}, {} examples/s,"
								+ " ETA {} s, prefix cache {} texts ({} MiB, {} hits, {} misses)", step,
								this.totalSteps, format(recent / recentCount), recentCount,
								String.format(Locale.ROOT, "%.2e", lr), format(norm), format(rate),
								String.format(Locale.ROOT, "%.0f", eta), this.encoder.cache().size(),
								this.encoder.cache().bytes() >> 20, this.encoder.cache().hits(),
								this.encoder.cache().misses());
						lastLog = now;
						recent = 0;
						recentCount = 0;
					}
					if (this.config.checkpointEverySteps() > 0 && step % this.config.checkpointEverySteps() == 0
							&& step < this.totalSteps) {
						saveResumable(optimizer, step, outputSettings, tokenizerJson);
					}
					if (this.config.evaluateEverySteps() > 0 && step % this.config.evaluateEverySteps() == 0
							&& step < this.totalSteps) {
						evaluate("step-" + step, evaluationSet);
					}
				}
				bert.setTrainable(false);
				this.model.projection().setRequiresGradient(false);
				if (this.documentProjection != null) {
					this.documentProjection.setRequiresGradient(false);
				}
				evaluate("after", evaluationSet);
			}
		}

		/** The examples of a step: consecutive positions of a per-epoch shuffled order, wrapping over epochs. */
		private List<TrainingExample> batch(List<TrainingExample> examples, int step, int batchSize) {
			List<TrainingExample> batch = new ArrayList<>(batchSize);
			int size = examples.size();
			for (int i = 0; i < batchSize; i++) {
				long global = (long) step * batchSize + i;
				int epoch = (int) (global / size);
				if (epoch != this.epochOfOrder) {
					List<Integer> order = new ArrayList<>(size);
					for (int e = 0; e < size; e++) {
						order.add(e);
					}
					Collections.shuffle(order, new Random(this.config.seed() + 7919L * (epoch + 1)));
					this.epochOrder = order;
					this.epochOfOrder = epoch;
				}
				batch.add(examples.get(this.epochOrder.get((int) (global % size))));
			}
			return batch;
		}

		/**
		 * Evaluates ranking on held-out examples (the positive against all of its negatives) and retrieval on the
		 * validation collections.
		 */
		private void evaluate(String moment, List<TrainingExample> examples) {
			if (examples.isEmpty() && this.validations.isEmpty()) {
				return;
			}
			this.progress.phase("evaluating (" + moment + ")", examples.size());
			Map<String, Double> metrics = new LinkedHashMap<>();
			if (!examples.isEmpty()) {
				metrics.putAll(rankingMetrics(this.encoder, this.model.bert().manager(), examples));
				logger.info("Evaluation {} on {} held-out examples: {}", moment, examples.size(), metrics);
			}
			for (BeirValidation validation : this.validations) {
				long start = System.nanoTime();
				Map<String, Double> quality = validation.evaluate(this.encoder, this.model.bert().manager());
				logger.info("Validation {} on {}: {} ({} s)", moment, validation.name(), quality,
						String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
				quality.forEach((metric, value) -> metrics.put(validation.name() + " " + metric, value));
			}
			this.progress.evaluated(moment, metrics);
			this.progress.phase("training", this.totalSteps);
		}

		/**
		 * Writes the document tower of a query-tower job beside the query tower's checkpoint files: the document
		 * projection and the base model's tensors of the layers the queries train; nothing for other jobs.
		 */
		void writeDocumentTower(Path folder) throws IOException {
			if (this.documentProjection == null) {
				return;
			}
			Map<String, NDArray> differing = new LinkedHashMap<>();
			this.documentBaseTensors.forEach((name, tensor) -> {
				if (name.startsWith(ColbertModel.BERT_PREFIX) && this.trained.containsKey(name)) {
					differing.put(name, tensor);
				}
			});
			DocumentTowerFile.write(folder, this.documentProjection, differing);
		}

		private int restore(AdamW optimizer) throws IOException {
			Path directory = this.spec.resumeDirectory();
			JsonObject state = JsonParser
				.parseString(Files.readString(JobFiles.requireInJobFolder(this.spec, directory.resolve(STATE_FILE)),
						StandardCharsets.UTF_8))
				.getAsJsonObject();
			int step = state.get("step").getAsInt();
			int total = state.get("total_steps").getAsInt();
			if (total != this.totalSteps) {
				throw new IllegalArgumentException("the resumable state in " + directory + " is for " + total
						+ " steps but this job has " + this.totalSteps + "; resume with the same configuration");
			}
			try (NDManager scope = this.manager.newSubManager()) {
				Map<String, NDArray> moments = Safetensors.read(
						JobFiles.requireInJobFolder(this.spec, directory.resolve(OPTIMIZER_FILE)), scope, (name) -> true,
						null);
				optimizer.restore(moments, step);
			}
			return step;
		}

		private void saveResumable(AdamW optimizer, int step, ColbertSettings settings, byte[] tokenizerJson)
				throws IOException {
			AtomicFolders.write(this.spec.resumeDirectory(), (folder) -> {
				ColbertCheckpointWriter.write(this.model, settings, tokenizerJson, folder);
				writeDocumentTower(folder);
				Safetensors.write(optimizer.state(), Map.of("step", Integer.toString(step)),
						folder.resolve(OPTIMIZER_FILE));
				JsonObject state = new JsonObject();
				state.addProperty("step", step);
				state.addProperty("total_steps", this.totalSteps);
				state.addProperty("seed", this.config.seed());
				state.addProperty("config", this.config.toString());
				Files.writeString(folder.resolve(STATE_FILE),
						new GsonBuilder().setPrettyPrinting().create().toJson(state), StandardCharsets.UTF_8);
			});
			logger.info("Resumable state at step {} written to {}", step, this.spec.resumeDirectory());
			if (this.frozenOutputs != null) {
				int appended = this.frozenOutputs.appendUnsaved(this.encoder.cache());
				if (appended > 0) {
					logger.info("Appended {} frozen outputs to {} ({} MiB)", appended, this.frozenOutputs.file(),
							Files.size(this.frozenOutputs.file()) >> 20);
				}
			}
		}

	}

	/**
	 * Ranking metrics of a model on examples: {@code accuracy}, the share of examples whose positive outscores all its
	 * negatives, and {@code mrr}, the mean reciprocal rank of the positive among them. Runs without gradients.
	 */
	static Map<String, Double> rankingMetrics(TrainingEncoder encoder, NDManager parent,
			List<TrainingExample> examples) {
		double correct = 0;
		double reciprocal = 0;
		for (TrainingExample example : examples) {
			List<String> documents = new ArrayList<>();
			documents.add(example.positive().text());
			example.negatives().forEach((negative) -> documents.add(negative.text()));
			float[] scores = new float[documents.size()];
			for (int from = 0; from < documents.size(); from += EVALUATION_BATCH) {
				List<String> chunk = documents.subList(from, Math.min(documents.size(), from + EVALUATION_BATCH));
				try (NDManager scope = parent.newSubManager()) {
					TrainingEncoder.Batch q = encoder.encode(scope, List.of(example.query()), true, false);
					TrainingEncoder.Batch d = encoder.encode(scope, chunk, false, false);
					float[] values = MaxSimScores.scores(q.vectors(), d.vectors(), d.mask()).toFloatArray();
					System.arraycopy(values, 0, scores, from, values.length);
				}
			}
			int rank = 1;
			for (int i = 1; i < scores.length; i++) {
				if (scores[i] >= scores[0]) {
					rank++;
				}
			}
			correct += (rank == 1) ? 1 : 0;
			reciprocal += 1.0 / rank;
		}
		Map<String, Double> metrics = new LinkedHashMap<>();
		metrics.put("accuracy", correct / examples.size());
		metrics.put("mrr", reciprocal / examples.size());
		return metrics;
	}

	/** {@code count} distinct indexes below {@code available}, or with repeats when there are fewer. */
	static int[] sampleNegatives(int available, int count, Random random) {
		int[] chosen = new int[count];
		if (available >= count) {
			int[] pool = new int[available];
			for (int i = 0; i < available; i++) {
				pool[i] = i;
			}
			for (int i = 0; i < count; i++) {
				int j = i + random.nextInt(available - i);
				int swap = pool[i];
				pool[i] = pool[j];
				pool[j] = swap;
				chosen[i] = pool[i];
			}
		}
		else {
			for (int i = 0; i < count; i++) {
				chosen[i] = (i < available) ? i : random.nextInt(available);
			}
		}
		return chosen;
	}

	private static String format(double value) {
		return String.format(Locale.ROOT, "%.4f", value);
	}

	static Passage passage(String id, String text) {
		return new Passage(id, text);
	}

}
