package dev.colbert.training.data;

import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * What sources that mine hard negatives need: a ranker built from the current model over a collection, how many
 * negatives to keep per example and from how deep in the ranking, a seed, and a cancellation check.
 *
 * @param rankers builds a ranker over a collection (id to text) with the current model
 * @param negatives negatives kept per example
 * @param depth negatives are sampled from the top {@code depth} non-relevant documents of the ranking
 * @param seed seeds the sampling
 * @param cancelled checked between queries; mining stops with {@link java.util.concurrent.CancellationException}
 */
public record MiningContext(Function<Map<String, String>, DocumentRanker> rankers, int negatives, int depth,
		long seed, BooleanSupplier cancelled) {

	public MiningContext {
		Objects.requireNonNull(rankers, "rankers");
		Objects.requireNonNull(cancelled, "cancelled");
		if (negatives < 1 || depth < negatives) {
			throw new IllegalArgumentException(
					"need 1 <= negatives <= depth, were negatives " + negatives + " and depth " + depth);
		}
	}

	/** A context for sources that do not mine. */
	public static MiningContext none() {
		return new MiningContext((corpus) -> {
			throw new IllegalStateException("this training job has no model to mine negatives with");
		}, 1, 1, 0, () -> false);
	}

}
