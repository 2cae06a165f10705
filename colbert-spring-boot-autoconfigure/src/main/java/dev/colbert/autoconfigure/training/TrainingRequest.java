package dev.colbert.autoconfigure.training;

import java.nio.file.Path;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.colbert.encoder.EncoderOptions;
import dev.colbert.training.DataDirectory;
import dev.colbert.training.LossType;
import dev.colbert.training.TrainableLayers;
import dev.colbert.training.TrainingConfig;
import dev.colbert.training.TrainingJobSpec;
import dev.colbert.training.data.BeirSource;
import dev.colbert.training.data.ColbertTriplesSource;
import dev.colbert.training.data.PseudoQuerySource;
import dev.colbert.training.data.TextFiles;
import dev.colbert.training.data.TextTriplesSource;
import dev.colbert.training.data.TrainingDataSource;

/**
 * The body of a start request of the {@code colberttraining} endpoint. Paths are relative to
 * {@code colbert.training.data-dir} (inputs) and {@code colbert.training.output-dir} (the job folder); hyper-parameters
 * left out take the {@code colbert.training.defaults.*} values, and are bounded by {@code colbert.training.limits.*}.
 * ({@code swap} and {@code resume}, the other fields of the body, are how the job runs, not what it trains.)
 *
 * @param input the kind of data: {@code colbert-triples} (needs {@code triples}, {@code queries},
 * {@code collection}), {@code text-triples} (needs {@code triples}), {@code beir} (needs {@code folder}, optional
 * {@code split}) or {@code pseudo-queries} (reads {@code collection}, or without it the documents stored in the
 * application's embedded index)
 * @param triples the triples file
 * @param queries the queries file (TSV or BEIR queries.jsonl)
 * @param collection the collection file (TSV or BEIR corpus.jsonl); for {@code pseudo-queries}, leave it out to use
 * the application's indexed documents
 * @param folder the BEIR folder
 * @param split the BEIR qrels split ({@code train} by default)
 * @param output the job folder name under the output directory ({@code job-<time>} by default); a new job needs a
 * folder that does not exist yet
 * @param baseModel the model to start from: the model that serves, a checkpoint folder under the output directory, or
 * a value of {@code colbert.training.allowed-base-models}
 * @param loss the loss
 * @param layers the trained parameters
 * @param dim a new output dimension (a new projection initialized by PCA)
 * @param steps optimizer steps (instead of epochs)
 * @param epochs passes over the examples
 * @param learningRate the peak learning rate
 * @param warmupSteps warm-up steps
 * @param batchSize queries per step
 * @param nway documents per query in a step
 * @param negatives mined negatives per example
 * @param seed the random seed
 * @param documentMaxLength document length while training
 * @param evaluationExamples held-out examples evaluated before and after training
 */
public record TrainingRequest(String input, @Nullable String triples, @Nullable String queries,
		@Nullable String collection, @Nullable String folder, @Nullable String split, @Nullable String output,
		@Nullable String baseModel, @Nullable String loss, @Nullable String layers, @Nullable Integer dim,
		@Nullable Integer steps, @Nullable Double epochs, @Nullable Double learningRate, @Nullable Integer warmupSteps,
		@Nullable Integer batchSize, @Nullable Integer nway, @Nullable Integer negatives, @Nullable Long seed,
		@Nullable Integer documentMaxLength, @Nullable Integer evaluationExamples) {

	/**
	 * Checks the hyper-parameters the job would run with (the request's, else the defaults) against the limits.
	 * @throws TrainingLimitException naming the first bound exceeded
	 */
	void checkLimits(ColbertTrainingProperties properties) {
		ColbertTrainingProperties.Defaults defaults = properties.getDefaults();
		properties.getLimits().check(orDefault(this.batchSize, defaults.getBatchSize()),
				orDefault(this.nway, defaults.getNway()), orDefault(this.negatives, defaults.getNegatives()),
				this.steps);
	}

	/**
	 * The job this request describes.
	 * @param properties the training settings (defaults, limits)
	 * @param data where inputs are resolved
	 * @param baseModel the model to start from, already allowed by the {@link BaseModelPolicy}
	 * @param baseModelRoot the directory the base model's files must stay in while the job loads them, or
	 * {@code null} (see {@link BaseModelPolicy#confinement})
	 * @param outputDirectory the job's folder, already reserved by the {@link JobFolders}
	 * @param resume whether the job continues from the folder's resumable state
	 * @param indexed the application's indexed documents, for pseudo-queries without a collection file
	 * @throws IllegalArgumentException naming the problem when the request is invalid or a path escapes its directory
	 */
	TrainingJobSpec toSpec(ColbertTrainingProperties properties, DataDirectory data, String baseModel,
			@Nullable Path baseModelRoot, Path outputDirectory, boolean resume, StoredCollection indexed) {
		ColbertTrainingProperties.Defaults defaults = properties.getDefaults();
		TrainingDataSource source = source(data, defaults, indexed);
		TrainingConfig.Builder builder = TrainingConfig.builder()
			.loss(LossType.parse(orDefault(this.loss, defaults.getLoss())))
			.trainableLayers(TrainableLayers.parse(orDefault(this.layers, defaults.getLayers())))
			.learningRate(orDefault(this.learningRate, defaults.getLearningRate()))
			.batchSize(orDefault(this.batchSize, defaults.getBatchSize()))
			.nway(orDefault(this.nway, defaults.getNway()))
			.seed(orDefault(this.seed, defaults.getSeed()))
			.outputDim(this.dim)
			.warmupSteps(this.warmupSteps)
			.documentMaxLength(this.documentMaxLength)
			.prefixCacheBytes(properties.getLimits().getPrefixCacheSize().toBytes());
		if (this.steps != null) {
			builder.totalSteps(this.steps);
		}
		else {
			builder.epochs(orDefault(this.epochs, defaults.getEpochs()));
		}
		if (this.evaluationExamples != null) {
			builder.evaluationExamples(this.evaluationExamples);
		}
		TrainingConfig config = builder.build();
		if (this.steps == null) {
			source = new StepBoundedSource(source, config, properties.getLimits());
		}
		EncoderOptions.Builder encoder = EncoderOptions.builder();
		if (properties.getThreads() != null) {
			encoder.intraOpThreads(properties.getThreads());
		}
		int mined = orDefault(this.negatives, defaults.getNegatives());
		return new TrainingJobSpec(baseModel, encoder.build(), source, config, outputDirectory, mined,
				Math.max(mined, defaults.getMiningDepth()), resume, baseModelRoot);
	}

	private TrainingDataSource source(DataDirectory data, ColbertTrainingProperties.Defaults defaults,
			StoredCollection indexed) {
		if (this.input == null) {
			throw new IllegalArgumentException("input is missing: give colbert-triples, text-triples, beir or "
					+ "pseudo-queries");
		}
		return switch (this.input.trim().toLowerCase(Locale.ROOT)) {
			case "colbert-triples" -> new ColbertTriplesSource(data.resolveExisting(required(this.triples, "triples"),
					"triples"), data.resolveExisting(required(this.queries, "queries"), "queries"),
					data.resolveExisting(required(this.collection, "collection"), "collection"));
			case "text-triples" -> new TextTriplesSource(data.resolveExisting(required(this.triples, "triples"),
					"triples"));
			case "beir" -> beir(data);
			case "pseudo-queries" -> (this.collection != null)
					? new PseudoQuerySource(TextFiles.readDocuments(data.resolveExisting(this.collection, "collection")),
							defaults.getMaxPseudoQueries(), null)
					: indexed.pseudoQueries(defaults.getMaxPseudoQueries());
			default -> throw new IllegalArgumentException("input '" + this.input + "' is not one of colbert-triples, "
					+ "text-triples, beir, pseudo-queries");
		};
	}

	/** A BEIR folder whose files are checked now (for a 400) and again right before the job reads them. */
	private BeirSource beir(DataDirectory data) {
		BeirSource source = new BeirSource(data.resolveExisting(required(this.folder, "folder"), "folder"),
				(this.split != null) ? this.split : "train", data);
		source.checkFiles();
		return source;
	}

	private String required(@Nullable String value, String name) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("input " + this.input + " needs '" + name + "' (a path inside "
					+ ColbertTrainingProperties.PREFIX + ".data-dir)");
		}
		return value;
	}

	private static <T> T orDefault(@Nullable T value, T fallback) {
		return (value != null) ? value : fallback;
	}

}
