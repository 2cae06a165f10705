package dev.colbert.training;

import java.util.ArrayList;
import java.util.List;

/**
 * The hyper-parameters of a training job, validated on {@link Builder#build()}.
 *
 * <p>Defaults: learning rate 2e-5, warm-up over the first 10% of the steps then linear decay to 0, one epoch, 16
 * queries per step, 2-way (one positive and one negative per query), n-way cross-entropy with in-batch negatives,
 * gradient clipping at global norm 1, weight decay 0.01, the projection and the top 2 layers trained, seed 42, the
 * model's query and document lengths, the model's dimension, a resumable checkpoint every 100 steps, 2 GiB of cache for
 * the outputs of the frozen layers.
 *
 * @param learningRate the peak learning rate of AdamW
 * @param warmupSteps steps of linear warm-up from 0 to the peak; {@code null} for 10% of the total
 * @param totalSteps optimizer steps; {@code null} to derive them from {@code epochs}
 * @param epochs passes over the training examples when {@code totalSteps} is null
 * @param batchSize queries per step
 * @param nway documents per query: the positive and {@code nway - 1} negatives
 * @param loss the ranking loss
 * @param inBatchNegatives whether the documents of the other queries of the batch are negatives too: for n-way
 * cross-entropy, its softmax runs over the whole batch; for KL distillation, the in-batch cross-entropy term is added to
 * the KL term (ColBERTv2's {@code use_ib_negatives}), weighted by {@code inBatchWeight}; not for the pairwise loss
 * @param inBatchWeight the weight of the in-batch cross-entropy term added to KL distillation (1 in ColBERTv2)
 * @param clipNorm the maximum global L2 norm of the gradients; 0 disables clipping
 * @param weightDecay AdamW's decoupled weight decay (not applied to biases and LayerNorm weights)
 * @param trainableLayers which parameters are trained
 * @param seed seeds example order, negative sampling and dropout order
 * @param queryMaxLength query_maxlen while training; {@code null} for the model's
 * @param documentMaxLength doc_maxlen while training (and written to the checkpoint); {@code null} for the model's
 * @param queryAugmentation whether queries are padded with {@code [MASK]} to query_maxlen while training (and in the
 * checkpoint); {@code null} for the model's
 * @param outputDim the dimension of the trained model; {@code null} keeps the model's. A different dimension starts
 * from a new projection initialized by uncentered PCA of document token vectors
 * @param checkpointEverySteps steps between resumable checkpoints; 0 writes only the final one
 * @param evaluationExamples examples held out of training to evaluate ranking metrics before, during and after; 0 for
 * none
 * @param evaluateEverySteps steps between evaluations; 0 evaluates only before and after training
 * @param prefixCacheBytes memory for the cached outputs of the frozen part of the model
 */
public record TrainingConfig(double learningRate, Integer warmupSteps, Integer totalSteps, double epochs,
		int batchSize, int nway, LossType loss, boolean inBatchNegatives, double inBatchWeight, double clipNorm,
		double weightDecay,		TrainableLayers trainableLayers, long seed, Integer queryMaxLength, Integer documentMaxLength,
		Boolean queryAugmentation, Integer outputDim, int checkpointEverySteps, int evaluationExamples, int evaluateEverySteps,
		long prefixCacheBytes) {

	public TrainingConfig {
		List<String> problems = new ArrayList<>();
		if (!(learningRate > 0) || learningRate > 1) {
			problems.add("learningRate must be in (0, 1], was " + learningRate);
		}
		if (warmupSteps != null && warmupSteps < 0) {
			problems.add("warmupSteps must be >= 0, was " + warmupSteps);
		}
		if (totalSteps != null && totalSteps < 1) {
			problems.add("totalSteps must be >= 1, was " + totalSteps);
		}
		if (totalSteps == null && !(epochs > 0)) {
			problems.add("epochs must be > 0 when totalSteps is not set, was " + epochs);
		}
		if (batchSize < 1) {
			problems.add("batchSize must be >= 1, was " + batchSize);
		}
		if (nway < 2) {
			problems.add("nway must be >= 2 (a positive and at least one negative), was " + nway);
		}
		if (loss == null) {
			problems.add("loss must be set");
		}
		if (inBatchNegatives && loss == LossType.PAIRWISE_HINGE) {
			problems.add("inBatchNegatives works with the n-way cross-entropy and KL distillation losses, not " + loss
					+ "; set inBatchNegatives to false");
		}
		if (!(inBatchWeight >= 0) || inBatchWeight > 100) {
			problems.add("inBatchWeight must be in [0, 100], was " + inBatchWeight);
		}
		if (!(clipNorm >= 0)) {
			problems.add("clipNorm must be >= 0 (0 disables clipping), was " + clipNorm);
		}
		if (!(weightDecay >= 0) || weightDecay >= 1) {
			problems.add("weightDecay must be in [0, 1), was " + weightDecay);
		}
		if (trainableLayers == null) {
			problems.add("trainableLayers must be set");
		}
		if (queryMaxLength != null && queryMaxLength < 4) {
			problems.add("queryMaxLength must be >= 4, was " + queryMaxLength);
		}
		if (documentMaxLength != null && documentMaxLength < 4) {
			problems.add("documentMaxLength must be >= 4, was " + documentMaxLength);
		}
		if (outputDim != null && (outputDim < 1 || outputDim > 4096)) {
			problems.add("outputDim must be between 1 and 4096, was " + outputDim);
		}
		if (checkpointEverySteps < 0) {
			problems.add("checkpointEverySteps must be >= 0, was " + checkpointEverySteps);
		}
		if (evaluationExamples < 0) {
			problems.add("evaluationExamples must be >= 0, was " + evaluationExamples);
		}
		if (evaluateEverySteps < 0) {
			problems.add("evaluateEverySteps must be >= 0, was " + evaluateEverySteps);
		}
		if (prefixCacheBytes < 0) {
			problems.add("prefixCacheBytes must be >= 0, was " + prefixCacheBytes);
		}
		if (!problems.isEmpty()) {
			throw new IllegalArgumentException("invalid training configuration: " + String.join("; ", problems));
		}
	}

	/** The defaults (see the type's documentation). */
	public static TrainingConfig defaults() {
		return builder().build();
	}

	public static Builder builder() {
		return new Builder();
	}

	/** A builder initialized with these values. */
	public Builder toBuilder() {
		return new Builder().learningRate(this.learningRate)
			.warmupSteps(this.warmupSteps)
			.totalSteps(this.totalSteps)
			.epochs(this.epochs)
			.batchSize(this.batchSize)
			.nway(this.nway)
			.loss(this.loss)
			.inBatchNegatives(this.inBatchNegatives)
			.inBatchWeight(this.inBatchWeight)
			.clipNorm(this.clipNorm)
			.weightDecay(this.weightDecay)
			.trainableLayers(this.trainableLayers)
			.seed(this.seed)
			.queryMaxLength(this.queryMaxLength)
			.documentMaxLength(this.documentMaxLength)
			.queryAugmentation(this.queryAugmentation)
			.outputDim(this.outputDim)
			.checkpointEverySteps(this.checkpointEverySteps)
			.evaluationExamples(this.evaluationExamples)
			.evaluateEverySteps(this.evaluateEverySteps)
			.prefixCacheBytes(this.prefixCacheBytes);
	}

	/**
	 * The number of optimizer steps for {@code examples} training examples: {@code totalSteps}, or
	 * {@code ceil(epochs * examples / batchSize)}.
	 */
	public int resolveTotalSteps(int examples) {
		if (this.totalSteps != null) {
			return this.totalSteps;
		}
		return (int) Math.max(1, Math.ceil(this.epochs * examples / this.batchSize));
	}

	/** The warm-up steps for a run of {@code totalSteps}: {@code warmupSteps}, or 10% of the total. */
	public int resolveWarmupSteps(int totalSteps) {
		return (this.warmupSteps != null) ? Math.min(this.warmupSteps, totalSteps) : totalSteps / 10;
	}

	/** Builds {@link TrainingConfig}s. */
	public static final class Builder {

		private double learningRate = 2e-5;

		private Integer warmupSteps;

		private Integer totalSteps;

		private double epochs = 1;

		private int batchSize = 16;

		private int nway = 2;

		private LossType loss = LossType.NWAY_CROSS_ENTROPY;

		private boolean inBatchNegatives = true;

		private double inBatchWeight = 1.0;

		private double clipNorm = 1.0;

		private double weightDecay = 0.01;

		private TrainableLayers trainableLayers = TrainableLayers.top(2);

		private long seed = 42;

		private Integer queryMaxLength;

		private Integer documentMaxLength;

		private Boolean queryAugmentation;

		private Integer outputDim;

		private int checkpointEverySteps = 100;

		private int evaluationExamples = 0;

		private int evaluateEverySteps = 0;

		private long prefixCacheBytes = 2L << 30;

		private Builder() {
		}

		public Builder learningRate(double learningRate) {
			this.learningRate = learningRate;
			return this;
		}

		public Builder warmupSteps(Integer warmupSteps) {
			this.warmupSteps = warmupSteps;
			return this;
		}

		public Builder totalSteps(Integer totalSteps) {
			this.totalSteps = totalSteps;
			return this;
		}

		public Builder epochs(double epochs) {
			this.epochs = epochs;
			return this;
		}

		public Builder batchSize(int batchSize) {
			this.batchSize = batchSize;
			return this;
		}

		public Builder nway(int nway) {
			this.nway = nway;
			return this;
		}

		/**
		 * Sets the loss; in-batch negatives are switched off for losses other than n-way cross-entropy (set them again
		 * after the loss to add the in-batch term to KL distillation).
		 */
		public Builder loss(LossType loss) {
			this.loss = loss;
			if (loss != LossType.NWAY_CROSS_ENTROPY) {
				this.inBatchNegatives = false;
			}
			return this;
		}

		public Builder inBatchNegatives(boolean inBatchNegatives) {
			this.inBatchNegatives = inBatchNegatives;
			return this;
		}

		public Builder inBatchWeight(double inBatchWeight) {
			this.inBatchWeight = inBatchWeight;
			return this;
		}

		public Builder clipNorm(double clipNorm) {
			this.clipNorm = clipNorm;
			return this;
		}

		public Builder weightDecay(double weightDecay) {
			this.weightDecay = weightDecay;
			return this;
		}

		public Builder trainableLayers(TrainableLayers trainableLayers) {
			this.trainableLayers = trainableLayers;
			return this;
		}

		public Builder seed(long seed) {
			this.seed = seed;
			return this;
		}

		public Builder queryMaxLength(Integer queryMaxLength) {
			this.queryMaxLength = queryMaxLength;
			return this;
		}

		public Builder documentMaxLength(Integer documentMaxLength) {
			this.documentMaxLength = documentMaxLength;
			return this;
		}

		public Builder queryAugmentation(Boolean queryAugmentation) {
			this.queryAugmentation = queryAugmentation;
			return this;
		}

		public Builder outputDim(Integer outputDim) {
			this.outputDim = outputDim;
			return this;
		}

		public Builder checkpointEverySteps(int checkpointEverySteps) {
			this.checkpointEverySteps = checkpointEverySteps;
			return this;
		}

		public Builder evaluationExamples(int evaluationExamples) {
			this.evaluationExamples = evaluationExamples;
			return this;
		}

		public Builder evaluateEverySteps(int evaluateEverySteps) {
			this.evaluateEverySteps = evaluateEverySteps;
			return this;
		}

		public Builder prefixCacheBytes(long prefixCacheBytes) {
			this.prefixCacheBytes = prefixCacheBytes;
			return this;
		}

		/**
		 * @throws IllegalArgumentException listing every invalid value
		 */
		public TrainingConfig build() {
			return new TrainingConfig(this.learningRate, this.warmupSteps, this.totalSteps, this.epochs,
					this.batchSize, this.nway, this.loss, this.inBatchNegatives, this.inBatchWeight, this.clipNorm,
					this.weightDecay,
					this.trainableLayers, this.seed, this.queryMaxLength, this.documentMaxLength,
					this.queryAugmentation, this.outputDim,
					this.checkpointEverySteps, this.evaluationExamples, this.evaluateEverySteps,
					this.prefixCacheBytes);
		}

	}

}
