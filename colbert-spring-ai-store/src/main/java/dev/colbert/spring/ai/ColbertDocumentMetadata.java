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
	 * {@code Document.getScore()} holds the normalized score, MaxSim divided by the number of query vectors (in hybrid
	 * mode, the fused score; the normalized MaxSim is then under {@link #LATE_INTERACTION_SCORE}).
	 */
	public static final String MAXSIM = "colbert_maxsim";

	/**
	 * The normalized MaxSim ({@code Double}, MaxSim divided by the number of query vectors), in every mode: the score
	 * {@code similarity-threshold} applies to. Equal to {@code Document.getScore()} for late interaction alone.
	 */
	public static final String LATE_INTERACTION_SCORE = "colbert_late_interaction_score";

	/**
	 * Hybrid mode: the BM25 score ({@code Double}) of a document BM25 found among its candidates; absent otherwise.
	 */
	public static final String BM25 = "colbert_bm25";

	/** Hybrid mode: the fusion that ranked the results ({@code rrf}, {@code weighted-sum}, {@code candidates}). */
	public static final String FUSION = "colbert_fusion";

	/**
	 * {@code 1 - score} ({@code Double}, score being {@code Document.getScore()}), under the key Spring AI's own stores
	 * use ({@link DocumentMetadata#DISTANCE}).
	 */
	public static final String DISTANCE = DocumentMetadata.DISTANCE.value();

	/**
	 * The token-level match behind the score ({@link dev.colbert.search.explain.MaxSimExplanation}), present only when
	 * an explanation was requested ({@link ColbertQueryContext#EXPLAIN}).
	 */
	public static final String EXPLANATION = "colbert_explanation";

	/**
	 * Which query terms the document matches lexically ({@link dev.colbert.lexical.LexicalExplanation}: each analysed
	 * query term, where it occurs in the text), present when an explanation was requested from a store that keeps a
	 * lexical index (whatever the mode).
	 */
	public static final String LEXICAL_EXPLANATION = "colbert_lexical_explanation";

	static final Set<String> RESERVED = Set.of(MAXSIM, LATE_INTERACTION_SCORE, BM25, FUSION, DISTANCE, EXPLANATION,
			LEXICAL_EXPLANATION);

	private ColbertDocumentMetadata() {
	}

}
