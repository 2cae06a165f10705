package dev.colbert.autoconfigure.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Settings of the training runner behind the {@code colberttraining} actuator endpoint ({@code colbert.training.*}).
 *
 * <p>The endpoint's write and delete operations start and cancel jobs that read files and use the CPU for a long
 * time. They are off by default (the endpoint's default access is read-only): an application turns them on with
 * {@code management.endpoint.colberttraining.access=unrestricted}, after securing
 * {@code /actuator/colberttraining/**} (for example with Spring Security, requiring an {@code ADMIN} role for
 * {@code POST} and {@code DELETE}).
 */
@ConfigurationProperties(prefix = ColbertTrainingProperties.PREFIX)
public class ColbertTrainingProperties {

	/** The prefix of the training properties. */
	public static final String PREFIX = "colbert.training";

	/**
	 * Whether the training runner and its actuator endpoint exist. Off by default: training reads files of the data
	 * directory and keeps the CPU busy, so its write access must be secured before it is turned on.
	 */
	private boolean enabled = false;

	/**
	 * The directory every input path of a training request is resolved in; a path that leaves it (through "..", an
	 * absolute path elsewhere or a symbolic link) is refused.
	 */
	private Path dataDir = Path.of("colbert-training", "data");

	/** The directory job outputs (checkpoint/, resume/, examples.jsonl) are written under, one folder per job. */
	private Path outputDir = Path.of("colbert-training", "output");

	/** The model training starts from, as a colbert.model value; by default the application's colbert.model. */
	private String baseModel;

	/**
	 * Further models a request may name as baseModel, as colbert.model values compared as written. Always allowed: the
	 * model that serves, colbert.training.base-model and checkpoint folders under colbert.training.output-dir.
	 */
	private List<String> allowedBaseModels = new ArrayList<>();

	/** PyTorch intra-op threads of the training job; by default PyTorch's choice. */
	private Integer threads;

	/** Defaults of the hyper-parameters a request does not give. */
	private final Defaults defaults = new Defaults();

	/** Upper bounds of what one request may ask for. */
	@NestedConfigurationProperty
	private final TrainingLimits limits = new TrainingLimits();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Path getDataDir() {
		return this.dataDir;
	}

	public void setDataDir(Path dataDir) {
		this.dataDir = dataDir;
	}

	public Path getOutputDir() {
		return this.outputDir;
	}

	public void setOutputDir(Path outputDir) {
		this.outputDir = outputDir;
	}

	public String getBaseModel() {
		return this.baseModel;
	}

	public void setBaseModel(String baseModel) {
		this.baseModel = baseModel;
	}

	public List<String> getAllowedBaseModels() {
		return this.allowedBaseModels;
	}

	public void setAllowedBaseModels(List<String> allowedBaseModels) {
		this.allowedBaseModels = allowedBaseModels;
	}

	public Integer getThreads() {
		return this.threads;
	}

	public void setThreads(Integer threads) {
		this.threads = threads;
	}

	public Defaults getDefaults() {
		return this.defaults;
	}

	public TrainingLimits getLimits() {
		return this.limits;
	}

	/** Hyper-parameters used when a training request leaves them out. */
	public static class Defaults {

		/** Loss: pairwise-hinge, nway-cross-entropy or kl-distillation. */
		private String loss = "nway-cross-entropy";

		/**
		 * Trained parameters: projection, top-N (the top N transformer layers and the projection), all, or query-top-N
		 * (the top N layers and a projection for queries only; documents keep the base layers and get a projection of
		 * their own, so a step costs far less).
		 */
		private String layers = "top-2";

		/** Peak learning rate (AdamW, linear warm-up then linear decay). */
		private double learningRate = 2e-5;

		/** Queries per optimizer step. */
		private int batchSize = 16;

		/** Documents per query in a step, the positive included. */
		private int nway = 2;

		/** Passes over the examples, when a request gives no number of steps. */
		private double epochs = 1;

		/** Hard negatives mined per example for inputs without negatives (BEIR folders, pseudo-queries). */
		private int negatives = 8;

		/** Mined negatives are sampled from this many top-ranked non-relevant documents. */
		private int miningDepth = 30;

		/** At most this many pseudo-queries are made from a collection. */
		private int maxPseudoQueries = 2000;

		/** Random seed of shuffling, negative sampling and projection initialization. */
		private long seed = 42;

		public String getLoss() {
			return this.loss;
		}

		public void setLoss(String loss) {
			this.loss = loss;
		}

		public String getLayers() {
			return this.layers;
		}

		public void setLayers(String layers) {
			this.layers = layers;
		}

		public double getLearningRate() {
			return this.learningRate;
		}

		public void setLearningRate(double learningRate) {
			this.learningRate = learningRate;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		public int getNway() {
			return this.nway;
		}

		public void setNway(int nway) {
			this.nway = nway;
		}

		public double getEpochs() {
			return this.epochs;
		}

		public void setEpochs(double epochs) {
			this.epochs = epochs;
		}

		public int getNegatives() {
			return this.negatives;
		}

		public void setNegatives(int negatives) {
			this.negatives = negatives;
		}

		public int getMiningDepth() {
			return this.miningDepth;
		}

		public void setMiningDepth(int miningDepth) {
			this.miningDepth = miningDepth;
		}

		public int getMaxPseudoQueries() {
			return this.maxPseudoQueries;
		}

		public void setMaxPseudoQueries(int maxPseudoQueries) {
			this.maxPseudoQueries = maxPseudoQueries;
		}

		public long getSeed() {
			return this.seed;
		}

		public void setSeed(long seed) {
			this.seed = seed;
		}

	}

}
