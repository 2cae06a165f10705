package dev.colbert.hybrid;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Fuses a late-interaction ranking with a BM25 ranking ({@link FusionMode#RRF} and {@link FusionMode#WEIGHTED_SUM}).
 * Each input is best first; a document may appear in both. Ties in the fused score go to the better late-interaction
 * rank, then to the better BM25 rank, so the output does not depend on hash order.
 */
public final class RankFusion {

	private RankFusion() {
	}

	/**
	 * Reciprocal rank fusion, scaled by its maximum {@code 2 / (k + 1)} so that a document first in both rankings
	 * scores 1.
	 */
	public static List<Ranked> reciprocalRank(List<Ranked> late, List<Ranked> lexical, int k) {
		if (k < 1) {
			throw new IllegalArgumentException("k must be at least 1, was " + k);
		}
		double max = 2.0 / (k + 1);
		return fuse(late, lexical, (entry) -> {
			double score = 0;
			if (entry.lateRank >= 0) {
				score += 1.0 / (k + entry.lateRank + 1);
			}
			if (entry.lexicalRank >= 0) {
				score += 1.0 / (k + entry.lexicalRank + 1);
			}
			return score / max;
		});
	}

	/**
	 * Weighted sum of min-max normalized scores: {@code w * bm25' + (1 - w) * late'}, each normalized to [0, 1] over
	 * its ranking (a ranking whose scores are all equal normalizes to 1); a document missing from a ranking gets 0 there.
	 */
	public static List<Ranked> weightedSum(List<Ranked> late, List<Ranked> lexical, double lexicalWeight) {
		if (!(lexicalWeight >= 0 && lexicalWeight <= 1)) {
			throw new IllegalArgumentException("lexicalWeight must be between 0 and 1, was " + lexicalWeight);
		}
		double[] lateRange = range(late);
		double[] lexicalRange = range(lexical);
		return fuse(late, lexical, (entry) -> {
			double score = 0;
			if (entry.lateRank >= 0) {
				score += (1 - lexicalWeight) * normalize(late.get(entry.lateRank).score(), lateRange);
			}
			if (entry.lexicalRank >= 0) {
				score += lexicalWeight * normalize(lexical.get(entry.lexicalRank).score(), lexicalRange);
			}
			return score;
		});
	}

	private static double[] range(List<Ranked> ranking) {
		double min = Double.POSITIVE_INFINITY;
		double max = Double.NEGATIVE_INFINITY;
		for (Ranked entry : ranking) {
			min = Math.min(min, entry.score());
			max = Math.max(max, entry.score());
		}
		return new double[] { min, max };
	}

	private static double normalize(double score, double[] range) {
		double width = range[1] - range[0];
		return (width > 0) ? (score - range[0]) / width : 1.0;
	}

	private static List<Ranked> fuse(List<Ranked> late, List<Ranked> lexical, Scorer scorer) {
		Objects.requireNonNull(late, "late");
		Objects.requireNonNull(lexical, "lexical");
		Map<String, Entry> entries = new LinkedHashMap<>();
		for (int rank = 0; rank < late.size(); rank++) {
			entries.computeIfAbsent(late.get(rank).id(), Entry::new).lateRank(rank);
		}
		for (int rank = 0; rank < lexical.size(); rank++) {
			entries.computeIfAbsent(lexical.get(rank).id(), Entry::new).lexicalRank(rank);
		}
		List<Entry> scored = new ArrayList<>(entries.values());
		for (Entry entry : scored) {
			entry.score = scorer.score(entry);
		}
		scored.sort(Comparator.comparingDouble((Entry e) -> -e.score)
			.thenComparingInt((e) -> (e.lateRank >= 0) ? e.lateRank : Integer.MAX_VALUE)
			.thenComparingInt((e) -> (e.lexicalRank >= 0) ? e.lexicalRank : Integer.MAX_VALUE));
		return scored.stream().map((e) -> new Ranked(e.id, e.score)).toList();
	}

	private interface Scorer {

		double score(Entry entry);

	}

	/** A document's ranks (0-based, -1 when absent) in both inputs. */
	private static final class Entry {

		final String id;

		int lateRank = -1;

		int lexicalRank = -1;

		double score;

		Entry(String id) {
			this.id = id;
		}

		void lateRank(int rank) {
			if (this.lateRank < 0) {
				this.lateRank = rank;
			}
		}

		void lexicalRank(int rank) {
			if (this.lexicalRank < 0) {
				this.lexicalRank = rank;
			}
		}

	}

}
