package dev.colbert.training.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.training.TrainingExample;
import dev.colbert.training.TrainingExample.Passage;
import dev.colbert.util.ProgressLog;

/**
 * Mines hard negatives with the current model: for each query, the top {@code depth} documents of the ranking that are
 * not among its positives, from which {@code negatives} are sampled. One example per (query, positive).
 */
public final class HardNegativeMiner {

	private static final Logger logger = LoggerFactory.getLogger(HardNegativeMiner.class);

	private HardNegativeMiner() {
	}

	/**
	 * A query with its relevant documents.
	 *
	 * @param id the query id
	 * @param text the query text
	 * @param positives ids of its relevant documents, in the collection
	 */
	public record LabelledQuery(String id, String text, List<String> positives) {

	}

	/**
	 * @param collection id to text of every document (positives and candidates)
	 * @param queries the queries with their positives
	 * @param ranker the current model's ranking over the collection
	 * @param context how many negatives, from how deep, seed, cancellation
	 */
	public static List<TrainingExample> mine(Map<String, String> collection, List<LabelledQuery> queries,
			DocumentRanker ranker, MiningContext context) {
		Random random = new Random(context.seed());
		List<TrainingExample> examples = new ArrayList<>();
		ProgressLog progress = new ProgressLog(logger, "Mining hard negatives", "queries", queries.size());
		int done = 0;
		for (LabelledQuery query : queries) {
			if (context.cancelled().getAsBoolean()) {
				throw new CancellationException("cancelled while mining hard negatives");
			}
			Set<String> positives = Set.copyOf(query.positives());
			List<String> ranked = ranker.rank(query.text(), context.depth() + positives.size());
			List<String> candidates = new ArrayList<>();
			for (String id : ranked) {
				// a live index can rank a document added after the collection was read: only known texts are negatives
				if (!positives.contains(id) && collection.containsKey(id) && candidates.size() < context.depth()) {
					candidates.add(id);
				}
			}
			if (candidates.isEmpty()) {
				continue;
			}
			Collections.shuffle(candidates, random);
			List<Passage> negatives = new ArrayList<>();
			for (String id : candidates.subList(0, Math.min(context.negatives(), candidates.size()))) {
				negatives.add(new Passage(id, collection.get(id)));
			}
			for (String positive : query.positives()) {
				String text = collection.get(positive);
				if (text != null) {
					examples.add(new TrainingExample(query.id(), query.text(), new Passage(positive, text), negatives));
				}
			}
			progress.update(++done);
		}
		progress.done();
		return examples;
	}

}
