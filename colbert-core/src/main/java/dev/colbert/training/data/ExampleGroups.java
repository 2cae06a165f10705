package dev.colbert.training.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.colbert.training.TrainingExample;
import dev.colbert.training.TrainingExample.Passage;

/**
 * Merges training rows that share a query and a positive into one example with all their negatives (the triples files
 * repeat the pair once per negative), keeping first-seen order; duplicate negatives are dropped.
 */
final class ExampleGroups {

	private final Map<String, Group> groups = new LinkedHashMap<>();

	void add(String queryId, String query, Passage positive, List<Passage> negatives, float[] scores) {
		Group group = this.groups.computeIfAbsent(queryId + "\u0000" + positive.id(),
				(key) -> new Group(queryId, query, positive, scores != null ? scores[0] : Float.NaN));
		for (int i = 0; i < negatives.size(); i++) {
			Passage negative = negatives.get(i);
			if (negative.id().equals(positive.id())) {
				continue;
			}
			if (group.negativeIds.add(negative.id())) {
				group.negatives.add(negative);
				group.scores.add(scores != null ? scores[i + 1] : Float.NaN);
			}
		}
	}

	List<TrainingExample> examples() {
		List<TrainingExample> examples = new ArrayList<>(this.groups.size());
		for (Group group : this.groups.values()) {
			if (group.negatives.isEmpty()) {
				continue;
			}
			float[] teacher = null;
			if (!Float.isNaN(group.positiveScore)) {
				teacher = new float[group.negatives.size() + 1];
				teacher[0] = group.positiveScore;
				for (int i = 0; i < group.negatives.size(); i++) {
					teacher[i + 1] = group.scores.get(i);
				}
			}
			examples.add(new TrainingExample(group.queryId, group.query, group.positive, group.negatives, teacher));
		}
		return examples;
	}

	private static final class Group {

		final String queryId;

		final String query;

		final Passage positive;

		final float positiveScore;

		final List<Passage> negatives = new ArrayList<>();

		final Set<String> negativeIds = new LinkedHashSet<>();

		final List<Float> scores = new ArrayList<>();

		Group(String queryId, String query, Passage positive, float positiveScore) {
			this.queryId = queryId;
			this.query = query;
			this.positive = positive;
			this.positiveScore = positiveScore;
		}

	}

}
