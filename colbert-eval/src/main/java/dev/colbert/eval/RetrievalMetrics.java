package dev.colbert.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ranking metrics with the conventions of trec_eval / pytrec_eval, which BEIR uses: gains are the graded relevance
 * values, discount {@code log2(rank + 1)}; recall counts judgments with relevance above zero; MRR@k is the reciprocal
 * rank of the first relevant document within the top k (0 when none). Every query with judgments counts, including
 * queries for which nothing was retrieved (they score 0).
 */
public final class RetrievalMetrics {

	private RetrievalMetrics() {
	}

	/** Mean nDCG@k over the judged queries. */
	public static double ndcg(Map<String, List<String>> rankings, Map<String, Map<String, Integer>> qrels, int k) {
		return ndcgPerQuery(rankings, qrels, k).values().stream().mapToDouble(Double::doubleValue).sum() / qrels.size();
	}

	/**
	 * nDCG@k of every judged query, in the order of {@code qrels}: what paired comparisons of two runs (per-query
	 * differences, sign tests) need.
	 */
	public static Map<String, Double> ndcgPerQuery(Map<String, List<String>> rankings,
			Map<String, Map<String, Integer>> qrels, int k) {
		Map<String, Double> perQuery = new LinkedHashMap<>();
		for (Map.Entry<String, Map<String, Integer>> judged : qrels.entrySet()) {
			perQuery.put(judged.getKey(), ndcg(rankings.getOrDefault(judged.getKey(), List.of()), judged.getValue(), k));
		}
		return perQuery;
	}

	/** nDCG@k of one ranking. */
	public static double ndcg(List<String> ranking, Map<String, Integer> judgments, int k) {
		double dcg = 0;
		for (int i = 0; i < Math.min(k, ranking.size()); i++) {
			int gain = judgments.getOrDefault(ranking.get(i), 0);
			if (gain > 0) {
				dcg += gain / log2(i + 2);
			}
		}
		int[] ideal = judgments.values().stream().mapToInt(Integer::intValue).filter((g) -> g > 0)
			.map((g) -> -g).sorted().map((g) -> -g).toArray();
		double idcg = 0;
		for (int i = 0; i < Math.min(k, ideal.length); i++) {
			idcg += ideal[i] / log2(i + 2);
		}
		return (idcg == 0) ? 0 : dcg / idcg;
	}

	/** Mean recall@k over the judged queries. */
	public static double recall(Map<String, List<String>> rankings, Map<String, Map<String, Integer>> qrels, int k) {
		double sum = 0;
		for (Map.Entry<String, Map<String, Integer>> judged : qrels.entrySet()) {
			List<String> ranking = rankings.getOrDefault(judged.getKey(), List.of());
			long relevant = judged.getValue().values().stream().filter((g) -> g > 0).count();
			if (relevant == 0) {
				continue;
			}
			long found = ranking.stream().limit(k).filter((id) -> judged.getValue().getOrDefault(id, 0) > 0).count();
			sum += (double) found / relevant;
		}
		return sum / qrels.size();
	}

	/** Mean reciprocal rank of the first relevant document within the top k. */
	public static double mrr(Map<String, List<String>> rankings, Map<String, Map<String, Integer>> qrels, int k) {
		double sum = 0;
		for (Map.Entry<String, Map<String, Integer>> judged : qrels.entrySet()) {
			List<String> ranking = rankings.getOrDefault(judged.getKey(), List.of());
			for (int i = 0; i < Math.min(k, ranking.size()); i++) {
				if (judged.getValue().getOrDefault(ranking.get(i), 0) > 0) {
					sum += 1.0 / (i + 1);
					break;
				}
			}
		}
		return sum / qrels.size();
	}

	private static double log2(double x) {
		return Math.log(x) / Math.log(2);
	}

}
