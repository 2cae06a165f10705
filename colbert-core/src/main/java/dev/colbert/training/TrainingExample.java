package dev.colbert.training;

import java.util.List;
import java.util.Objects;

/**
 * One training query with its positive document, its negatives and, for distillation, the teacher's scores.
 *
 * @param queryId the query's id in its source (for logs and errors)
 * @param query the query text
 * @param positive the relevant document
 * @param negatives non-relevant documents (hard negatives when mined), at least one
 * @param teacherScores the teacher's scores of the positive and then each negative ({@code 1 + negatives.size()}
 * values), or {@code null} when the source has none
 */
public record TrainingExample(String queryId, String query, Passage positive, List<Passage> negatives,
		float[] teacherScores) {

	public TrainingExample {
		Objects.requireNonNull(queryId, "queryId");
		if (query == null || query.isBlank()) {
			throw new IllegalArgumentException("query " + queryId + " has no text");
		}
		Objects.requireNonNull(positive, "positive");
		negatives = List.copyOf(negatives);
		if (negatives.isEmpty()) {
			throw new IllegalArgumentException("query " + queryId + " has no negative document");
		}
		if (teacherScores != null && teacherScores.length != negatives.size() + 1) {
			throw new IllegalArgumentException("query " + queryId + " has " + teacherScores.length
					+ " teacher scores for " + (negatives.size() + 1) + " documents");
		}
	}

	/** An example without teacher scores. */
	public TrainingExample(String queryId, String query, Passage positive, List<Passage> negatives) {
		this(queryId, query, positive, negatives, null);
	}

	/**
	 * A document of a training example.
	 *
	 * @param id the document's id in its collection
	 * @param text the text that is encoded
	 */
	public record Passage(String id, String text) {

		public Passage {
			Objects.requireNonNull(id, "id");
			Objects.requireNonNull(text, "text");
		}

	}

}
