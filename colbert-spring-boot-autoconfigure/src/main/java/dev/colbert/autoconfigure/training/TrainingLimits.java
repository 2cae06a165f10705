package dev.colbert.autoconfigure.training;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * Upper bounds of what one training request may ask for ({@code colbert.training.limits.*}), so that a job cannot
 * exhaust the memory or the time of the application that serves. A request over a bound is refused with 400 naming
 * the bound; the values of {@code colbert.training.defaults.*} are held to the same bounds.
 */
public class TrainingLimits {

	/** The prefix of the limits. */
	public static final String PREFIX = ColbertTrainingProperties.PREFIX + ".limits";

	/** The most queries per optimizer step (batchSize) a request may ask for. */
	private int maxBatchSize = 64;

	/** The most documents per query in a step (nway, the positive included) a request may ask for. */
	private int maxNway = 32;

	/** The most hard negatives mined per example (negatives) a request may ask for. */
	private int maxNegatives = 64;

	/**
	 * The most optimizer steps of one job: a request's steps, or the steps its epochs come to once the examples are
	 * loaded (such a job fails before its first step).
	 */
	private int maxSteps = 100_000;

	/**
	 * Heap for the outputs of the model's frozen layers that a job caches by text (the prefix cache); outputs that do
	 * not fit are computed again when needed.
	 */
	private DataSize prefixCacheSize = DataSize.ofMegabytes(256);

	public int getMaxBatchSize() {
		return this.maxBatchSize;
	}

	public void setMaxBatchSize(int maxBatchSize) {
		this.maxBatchSize = maxBatchSize;
	}

	public int getMaxNway() {
		return this.maxNway;
	}

	public void setMaxNway(int maxNway) {
		this.maxNway = maxNway;
	}

	public int getMaxNegatives() {
		return this.maxNegatives;
	}

	public void setMaxNegatives(int maxNegatives) {
		this.maxNegatives = maxNegatives;
	}

	public int getMaxSteps() {
		return this.maxSteps;
	}

	public void setMaxSteps(int maxSteps) {
		this.maxSteps = maxSteps;
	}

	public DataSize getPrefixCacheSize() {
		return this.prefixCacheSize;
	}

	public void setPrefixCacheSize(DataSize prefixCacheSize) {
		this.prefixCacheSize = prefixCacheSize;
	}

	/**
	 * Checks the values a job would run with.
	 * @param steps the requested steps, or {@code null} when the job runs for a number of epochs
	 * @throws TrainingLimitException naming the first bound exceeded
	 */
	void check(int batchSize, int nway, int negatives, @Nullable Integer steps) {
		check("batchSize", batchSize, "max-batch-size", this.maxBatchSize);
		check("nway", nway, "max-nway", this.maxNway);
		check("negatives", negatives, "max-negatives", this.maxNegatives);
		if (steps != null) {
			check("steps", steps, "max-steps", this.maxSteps);
		}
	}

	/**
	 * Checks the steps a job's epochs come to.
	 * @throws TrainingLimitException when they are over {@code max-steps}
	 */
	void checkResolvedSteps(int steps, String how) {
		if (steps > this.maxSteps) {
			throw new TrainingLimitException(how + " come to " + steps + " steps, over " + PREFIX + ".max-steps ("
					+ this.maxSteps + "); give fewer epochs or a number of steps", PREFIX + ".max-steps",
					this.maxSteps);
		}
	}

	private static void check(String field, int value, String bound, int limit) {
		if (value > limit) {
			throw new TrainingLimitException(field + " " + value + " is over " + PREFIX + "." + bound + " (" + limit
					+ ")", PREFIX + "." + bound, limit);
		}
	}

}
