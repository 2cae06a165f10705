package dev.colbert.eval;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.inference.EngineSupport;
import dev.colbert.eval.EncodedCorpusCache.EncodedCorpus;
import dev.colbert.training.TrainingExample;
import dev.colbert.training.data.BeirSource;
import dev.colbert.training.data.DocumentRanker;
import dev.colbert.training.data.ExhaustiveRanker;
import dev.colbert.training.data.MiningContext;
import dev.colbert.training.data.TrainingDataSource;

/**
 * A mining source ({@code --beir}) whose ranking uses the collection as {@code bin/colbert-eval} already encoded it with
 * the base model (its vector cache) instead of encoding it again: only the training queries are encoded, by
 * {@code queryEncoder}, the same model. The cached documents must be exactly the collection the source mines. Closing
 * it closes the query encoder.
 *
 * @param source the source that mines
 * @param queryEncoder the base model (the one whose fingerprint keys the cache)
 * @param documents the cached encoded collection
 */
record CachedVectorMiningSource(TrainingDataSource source, ColbertEncoder queryEncoder,
		EncodedCorpus documents) implements TrainingDataSource, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(CachedVectorMiningSource.class);

	/**
	 * Loads the base model and its cached encoding of the BEIR folder's {@code corpus.jsonl}.
	 * @param source the BEIR source that mines
	 * @param baseModel the {@code colbert.model} value training starts from
	 * @param options encoder options for the query encoder
	 * @param cacheDirectory the {@code --cache-dir} of {@code bin/colbert-eval}
	 * @throws IllegalArgumentException when the cache holds no complete encoding of that corpus by that model
	 */
	static CachedVectorMiningSource open(BeirSource source, String baseModel, EncoderOptions options,
			Path cacheDirectory) {
		ColbertEncoder encoder = ColbertEncoders.load(baseModel, options);
		try {
			Path corpusFile = source.folder().resolve("corpus.jsonl");
			EncodedCorpusCache cache = new EncodedCorpusCache(cacheDirectory, encoder.info().fingerprint(), corpusFile);
			EncodedCorpus cached = cache.read()
				.orElseThrow(() -> new IllegalArgumentException("no complete vector cache " + cache.file() + " for "
						+ baseModel + " and " + corpusFile + "; run bin/colbert-eval --model " + baseModel
						+ " --cache-dir " + cacheDirectory + " on that dataset first"));
			return new CachedVectorMiningSource(source, encoder, cached);
		}
		catch (RuntimeException ex) {
			encoder.close();
			throw ex;
		}
	}

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

	@Override
	public void close() {
		this.queryEncoder.close();
	}

}
