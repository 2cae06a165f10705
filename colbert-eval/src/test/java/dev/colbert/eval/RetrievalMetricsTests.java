package dev.colbert.eval;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RetrievalMetricsTests {

	private static final Map<String, Map<String, Integer>> QRELS = Map.of("q1", Map.of("a", 1, "c", 1), "q2",
			Map.of("x", 2, "y", 1));

	@Test
	void ndcgUsesGradedGainsAndLog2Discount() {
		// q1: relevant at ranks 1 and 3 -> DCG = 1 + 1/log2(4) = 1.5; IDCG = 1 + 1/log2(3)
		double q1 = (1 + 0.5) / (1 + 1 / log2(3));
		// q2: y (gain 1) at rank 1, x (gain 2) at rank 2 -> DCG = 1 + 2/log2(3); IDCG = 2 + 1/log2(3)
		double q2 = (1 + 2 / log2(3)) / (2 + 1 / log2(3));
		Map<String, List<String>> run = Map.of("q1", List.of("a", "b", "c"), "q2", List.of("y", "x"));
		assertThat(RetrievalMetrics.ndcg(run, QRELS, 10)).isCloseTo((q1 + q2) / 2, within(1e-12));
	}

	@Test
	void ndcgCutsAtK() {
		Map<String, List<String>> run = Map.of("q1", List.of("b", "a"), "q2", List.of("z", "x"));
		// cut at 1: nothing relevant at rank 1 in either query
		assertThat(RetrievalMetrics.ndcg(run, QRELS, 1)).isZero();
	}

	@Test
	void queriesWithoutResultsScoreZero() {
		Map<String, List<String>> run = Map.of("q1", List.of("a", "c"));
		assertThat(RetrievalMetrics.ndcg(run, QRELS, 10)).isCloseTo(0.5, within(1e-12));
		assertThat(RetrievalMetrics.recall(run, QRELS, 100)).isCloseTo(0.5, within(1e-12));
		assertThat(RetrievalMetrics.mrr(run, QRELS, 10)).isCloseTo(0.5, within(1e-12));
	}

	@Test
	void perQueryNdcgListsEveryJudgedQueryAndAveragesToTheMean() {
		Map<String, List<String>> run = Map.of("q1", List.of("a", "c"));
		Map<String, Double> perQuery = RetrievalMetrics.ndcgPerQuery(run, QRELS, 10);
		assertThat(perQuery).containsOnlyKeys(QRELS.keySet());
		assertThat(perQuery.get("q2")).isZero();
		assertThat((perQuery.get("q1") + perQuery.get("q2")) / 2).isCloseTo(RetrievalMetrics.ndcg(run, QRELS, 10),
				within(1e-12));
	}

	@Test
	void recallCountsRelevantWithinK() {
		Map<String, List<String>> run = Map.of("q1", List.of("a", "b", "c"), "q2", List.of("n", "y"));
		assertThat(RetrievalMetrics.recall(run, QRELS, 2)).isCloseTo((0.5 + 0.5) / 2, within(1e-12));
		assertThat(RetrievalMetrics.recall(run, QRELS, 3)).isCloseTo((1.0 + 0.5) / 2, within(1e-12));
	}

	@Test
	void mrrIsReciprocalRankOfFirstRelevant() {
		Map<String, List<String>> run = Map.of("q1", List.of("b", "c", "a"), "q2", List.of("n", "m", "o", "x"));
		assertThat(RetrievalMetrics.mrr(run, QRELS, 10)).isCloseTo((0.5 + 0.25) / 2, within(1e-12));
		assertThat(RetrievalMetrics.mrr(run, QRELS, 3)).isCloseTo(0.5 / 2, within(1e-12));
	}

	@Test
	void zeroRelevanceJudgmentsAreNotRelevant() {
		Map<String, Map<String, Integer>> qrels = Map.of("q", Map.of("a", 0, "b", 1));
		Map<String, List<String>> run = Map.of("q", List.of("a", "b"));
		assertThat(RetrievalMetrics.recall(run, qrels, 1)).isZero();
		assertThat(RetrievalMetrics.mrr(run, qrels, 10)).isCloseTo(0.5, within(1e-12));
		assertThat(RetrievalMetrics.ndcg(run, qrels, 10)).isCloseTo(1 / log2(3), within(1e-12));
	}

	private static double log2(double x) {
		return Math.log(x) / Math.log(2);
	}

}
