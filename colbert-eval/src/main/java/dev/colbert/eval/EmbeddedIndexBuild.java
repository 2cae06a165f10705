package dev.colbert.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.eval.EncodedCorpusCache.EncodedCorpus;
import dev.colbert.index.ColbertIndex;
import dev.colbert.index.IndexDocument;
import dev.colbert.index.codec.CodecTrainer;
import dev.colbert.util.ProgressLog;

/**
 * Fills an empty embedded index with an encoded corpus, as the evaluation and mining commands do: the codec is trained
 * on the reference sample of documents (fixed seed), then every document is added in chunks and committed once.
 */
final class EmbeddedIndexBuild {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedIndexBuild.class);

	private static final int INDEX_CHUNK = 512;

	private static final long SAMPLE_SEED = 12345;

	private EmbeddedIndexBuild() {
	}

	/**
	 * The codec's training sample: {@link CodecTrainer#referenceSampleDocuments(int)} documents of the corpus in a
	 * seeded random order, the same for every store built from the same corpus.
	 */
	static List<TokenVectors> referenceSample(EncodedCorpus corpus) {
		int sampleSize = CodecTrainer.referenceSampleDocuments(corpus.ids().size());
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < corpus.ids().size(); i++) {
			order.add(i);
		}
		Collections.shuffle(order, new Random(SAMPLE_SEED));
		return order.subList(0, sampleSize).stream().map(corpus.vectors()::get).toList();
	}

	/**
	 * @param index an empty, open index for the corpus's encoder
	 * @param corpus the encoded corpus
	 * @param textOf the stored text of a document id
	 */
	static void fill(ColbertIndex index, EncodedCorpus corpus, Function<String, String> textOf) {
		List<TokenVectors> sample = referenceSample(corpus);
		logger.info("Training the codec on {} sampled documents for {} token vectors", sample.size(),
				corpus.tokenVectors());
		index.train(sample, corpus.tokenVectors());
		ProgressLog progress = new ProgressLog(logger, "Indexing", "docs", corpus.ids().size());
		List<IndexDocument> batch = new ArrayList<>(INDEX_CHUNK);
		for (int d = 0; d < corpus.ids().size(); d++) {
			String id = corpus.ids().get(d);
			batch.add(new IndexDocument(id, textOf.apply(id), Map.of(), corpus.vectors().get(d)));
			if (batch.size() == INDEX_CHUNK || d == corpus.ids().size() - 1) {
				index.add(batch);
				batch = new ArrayList<>(INDEX_CHUNK);
				progress.update(d + 1);
			}
		}
		index.commit();
		progress.done();
	}

}
