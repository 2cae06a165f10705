package dev.colbert.training.data;

import java.util.List;

/**
 * Ranks the documents of a collection for a query with the current model (for mining hard negatives).
 */
@FunctionalInterface
public interface DocumentRanker {

	/** The ids of the best {@code k} documents, best first. */
	List<String> rank(String query, int k);

}
