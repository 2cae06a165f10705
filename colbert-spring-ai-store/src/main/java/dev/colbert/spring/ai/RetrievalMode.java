package dev.colbert.spring.ai;

import java.util.Locale;

/** How {@link ColbertDocumentRetriever} retrieves. */
public enum RetrievalMode {

	/** ColBERT late interaction alone: MaxSim top-K (PLAID or exhaustive). */
	LATE_INTERACTION,

	/**
	 * BM25 over the query text beside late interaction, fused ({@link dev.colbert.hybrid.FusionMode}); needs a store
	 * that keeps a lexical index.
	 */
	HYBRID;

	/** The mode for {@code late-interaction} or {@code hybrid} (any case, {@code _} for {@code -}). */
	public static RetrievalMode parse(String name) {
		String key = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
		return switch (key) {
			case "late-interaction" -> LATE_INTERACTION;
			case "hybrid" -> HYBRID;
			default -> throw new IllegalArgumentException(
					"Unknown retrieval mode '" + name + "': use late-interaction or hybrid");
		};
	}

}
