package dev.colbert.autoconfigure.training;

/**
 * A training request asks for more than a {@link TrainingLimits} bound allows; the endpoint answers 400 naming the
 * bound.
 */
final class TrainingLimitException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String bound;

	private final long limit;

	/**
	 * @param message what is over which bound
	 * @param bound the property of the bound (for example {@code colbert.training.limits.max-batch-size})
	 * @param limit its value
	 */
	TrainingLimitException(String message, String bound, long limit) {
		super(message);
		this.bound = bound;
		this.limit = limit;
	}

	String bound() {
		return this.bound;
	}

	long limit() {
		return this.limit;
	}

}
