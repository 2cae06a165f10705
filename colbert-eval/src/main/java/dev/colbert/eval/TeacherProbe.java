package dev.colbert.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.beir.BeirDataset;
import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.eval.EncodedCorpusCache.EncodedCorpus;
import dev.colbert.util.ProgressLog;

/**
 * Compares teacher signals of an untrained backbone on a BEIR collection (a validation collection: it picks how the
 * default model's teacher scores are made): exact MaxSim over the token vectors, the backbone's own dense score (the
 * dot product of the query's and the document's first token, {@code [CLS]}, which is what bge-small was trained to
 * rank with), and their sum with the MaxSim divided by the number of query vectors, at a few weights. Each re-ranks
 * the top 200 documents of exact MaxSim.
 *
 * <p>{@code java ... dev.colbert.eval.TeacherProbe DATASET SPLIT CACHE_DIR DOC_MAXLEN MAX_QUERIES}
 */
public final class TeacherProbe {

	private static final Logger logger = LoggerFactory.getLogger(TeacherProbe.class);

	private static final int CANDIDATES = 200;

	private static final double[] WEIGHTS = { 0.25, 0.5, 1, 2, 4 };

	private TeacherProbe() {
	}

	public static void main(String[] args) {
		Path folder = Path.of(args[0]);
		String split = args[1];
		Path cacheDirectory = Path.of(args[2]);
		int documentMaxLength = Integer.parseInt(args[3]);
		int maxQueries = Integer.parseInt(args[4]);
		String model = EvaluationOptions.DEFAULT_MODEL;
		EncoderOptions options = EncoderOptions.builder().documentMaxLength(documentMaxLength).build();
		BeirDataset dataset = BeirDataset.load(folder, split);
		Map<String, String> queries = new LinkedHashMap<>();
		for (Map.Entry<String, String> query : dataset.queries().entrySet()) {
			if (maxQueries > 0 && queries.size() == maxQueries) {
				break;
			}
			queries.put(query.getKey(), query.getValue());
		}
		Map<String, Map<String, List<String>>> rankings = new LinkedHashMap<>();
		try (ColbertEncoder encoder = ColbertEncoders.load(model, options)) {
			List<String> ids = new ArrayList<>(dataset.corpus().keySet());
			EncodedCorpus corpus = CorpusEncoding.encode(encoder, ids,
					dataset.passages(),
					new EncodedCorpusCache(cacheDirectory, encoder.info().fingerprint(),
							folder.resolve("corpus.jsonl")));
			Map<String, TokenVectors> byId = new LinkedHashMap<>();
			for (int d = 0; d < corpus.ids().size(); d++) {
				byId.put(corpus.ids().get(d), corpus.vectors().get(d));
			}
			List<String> queryIds = new ArrayList<>(queries.keySet());
			List<TokenVectors> encoded = encoder.encodeQueries(new ArrayList<>(queries.values()));
			ProgressLog progress = new ProgressLog(logger, "Probing", "queries", queryIds.size());
			try (FloatMaxSimSearcher searcher = new FloatMaxSimSearcher(corpus.ids(), corpus.vectors())) {
				for (int q = 0; q < queryIds.size(); q++) {
					TokenVectors query = encoded.get(q);
					List<FloatMaxSimSearcher.Hit> hits = searcher.searchHits(query, CANDIDATES);
					List<Scored> scored = new ArrayList<>();
					for (FloatMaxSimSearcher.Hit hit : hits) {
						TokenVectors document = byId.get(hit.id());
						scored.add(new Scored(hit.id(), hit.maxSim() / query.count(), dot(query, document)));
					}
					record(rankings, "maxsim", queryIds.get(q), scored, 0, 1);
					record(rankings, "dense", queryIds.get(q), scored, 1, 0);
					for (double weight : WEIGHTS) {
						record(rankings, "maxsim/nq + " + weight + " dense", queryIds.get(q), scored, weight, 1);
					}
					progress.update(q + 1);
				}
			}
		}
		Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
		queries.keySet().forEach((id) -> qrels.put(id, dataset.qrels().get(id)));
		rankings.forEach((name, ranking) -> System.out.printf("%-28s nDCG@10 %.4f  R@100 %.4f  MRR@10 %.4f%n", name,
				RetrievalMetrics.ndcg(ranking, qrels, 10), RetrievalMetrics.recall(ranking, qrels, 100),
				RetrievalMetrics.mrr(ranking, qrels, 10)));
	}

	private static void record(Map<String, Map<String, List<String>>> rankings, String name, String queryId,
			List<Scored> scored, double denseWeight, double maxSimWeight) {
		List<Scored> sorted = new ArrayList<>(scored);
		sorted.sort(Comparator.comparingDouble((Scored s) -> -(maxSimWeight * s.maxSim() + denseWeight * s.dense())));
		rankings.computeIfAbsent(name, (key) -> new LinkedHashMap<>())
			.put(queryId, sorted.stream().map(Scored::id).toList());
	}

	/** Dot product of the first vectors ({@code [CLS]}) of query and document. */
	private static double dot(TokenVectors query, TokenVectors document) {
		double sum = 0;
		for (int k = 0; k < query.dim(); k++) {
			sum += query.data()[k] * document.data()[k];
		}
		return sum;
	}

	private record Scored(String id, double maxSim, double dense) {
	}

}
