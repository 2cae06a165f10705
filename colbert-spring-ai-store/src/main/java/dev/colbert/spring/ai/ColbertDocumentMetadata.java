package dev.colbert.spring.ai;

import java.util.Set;

import org.springframework.ai.document.DocumentMetadata;

/**
 * Metadata keys that {@link ColbertVectorStore} sets on the documents it returns.
 *
 * <p>These keys are reserved: when documents carrying them are added (for example search results written back into a
 * store), the values are dropped, since they describe one search and not the document.
 */
public final class ColbertDocumentMetadata {

	/**
	 * The raw MaxSim score ({@code Double}): the sum over query vectors of the best dot product with a document vector.
	 * {@code Document.getScore()} holds the normalized score, MaxSim divided by the number of query vectors.
	 */
	public static final String MAXSIM = "colbert_maxsim";

	/**
	 * {@code 1 - score} ({@code Double}), under the key Spring AI's own stores use
	 * ({@link DocumentMetadata#DISTANCE}).
	 */
	public static final String DISTANCE = DocumentMetadata.DISTANCE.value();

	/**
	 * The token-level match behind the score ({@link dev.colbert.search.explain.MaxSimExplanation}), present only when
	 * an explanation was requested ({@link ColbertQueryContext#EXPLAIN}).
	 */
	public static final String EXPLANATION = "colbert_explanation";

	static final Set<String> RESERVED = Set.of(MAXSIM, DISTANCE, EXPLANATION);

	private ColbertDocumentMetadata() {
	}

}
