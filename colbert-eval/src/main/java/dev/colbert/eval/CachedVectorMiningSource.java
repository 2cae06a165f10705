package dev.colbert.eval;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.inference.EngineSupport;
import dev.colbert.eval.EncodedCorpusCache.EncodedCorpus;
import dev.colbert.training.TrainingExample;
import dev.colbert.training.data.DocumentRanker;
import dev.colbert.training.data.ExhaustiveRanker;
import dev.colbert.training.data.MiningContext;
import dev.colbert.training.data.TrainingDataSource;

/**
 * A mining source ({@code --beir}) whose ranking uses the collection as {@code bin/colbert-eval} already encoded it with
 * the base model (its vector cache) instead of encoding it again: only the training queries are encoded, by
 * {@code queryEncoder}, the same model. The cached documents must be exactly the collection the source mines.
 *
 * @param source the source that mines
 * @param queryEncoder the base model (the one whose fingerprint keys the cache)
 * @param documents the cached encoded collection
 */
record CachedVectorMiningSource(TrainingDataSource source, ColbertEncoder queryEncoder,
		EncodedCorpus documents) implements TrainingDataSource {

	private static final Logger logger = LoggerFactory.getLogger(CachedVectorMiningSource.class);

	@Override
	public List<TrainingExample> load(MiningContext context) {
		return this.source.load(new MiningContext(this::ranker, context.negatives(), context.depth(), context.seed(),
				context.cancelled()));
	}

	private DocumentRanker ranker(Map<String, String> collection) {
		Set<String> cached = new HashSet<>(this.documents.ids());
		if (!cached.equals(collection.keySet())) {
			Set<String> missing = new HashSet<>(collection.keySet());
			missing.removeAll(cached);
			throw new IllegalArgumentException("the vector cache holds " + cached.size() + " documents, the collection "
					+ collection.size() + " (" + missing.size() + " of them not cached): give --mining-vectors the "
					+ "cache bin/colbert-eval made for this corpus.jsonl and the base model, or leave it out");
		}
		logger.info("Mining with {} cached encoded documents ({} token vectors) instead of encoding the collection",
				cached.size(), this.documents.tokenVectors());
		NDManager manager = EngineSupport.newManager(Device.cpu());
		return ExhaustiveRanker.ofEncoded(this.queryEncoder, this.documents.ids(), this.documents.vectors(), manager);
	}

	@Override
	public String describe() {
		return this.source.describe() + " (ranked with cached document vectors)";
	}

}
