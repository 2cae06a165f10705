package dev.colbert.eval;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.eval.EncodedCorpusCache.EncodedCorpus;
import dev.colbert.util.ProgressLog;

/** Encodes a corpus in chunks with progress, or reads it from the vector cache when a complete one exists. */
final class CorpusEncoding {

	private static final Logger logger = LoggerFactory.getLogger(CorpusEncoding.class);

	private static final int ENCODE_CHUNK = 256;

	private CorpusEncoding() {
	}

	/**
	 * @param encoder the model
	 * @param ids document ids, in corpus order
	 * @param passages the text encoded for each id, same order
	 * @param cache the vector cache for this encoder and corpus, or {@code null} for none
	 */
	static EncodedCorpus encode(ColbertEncoder encoder, List<String> ids, List<String> passages,
			EncodedCorpusCache cache) {
		if (cache != null) {
			var cached = cache.read();
			if (cached.isPresent() && cached.get().ids().size() == ids.size()) {
				logger.info("Encoded corpus read from the cache {} (encoded earlier at {} docs/s)", cache.file(),
						String.format("%.2f", cached.get().ids().size() / cached.get().encodeSeconds()));
				return cached.get();
			}
		}
		List<TokenVectors> vectors = new ArrayList<>(ids.size());
		ProgressLog progress = new ProgressLog(logger, "Encoding corpus", "docs", ids.size());
		for (int start = 0; start < passages.size(); start += ENCODE_CHUNK) {
			vectors.addAll(encoder.encodeDocuments(passages.subList(start, Math.min(passages.size(), start + ENCODE_CHUNK))));
			progress.update(vectors.size());
		}
		progress.done();
		EncodedCorpus corpus = new EncodedCorpus(List.copyOf(ids), vectors, progress.elapsedSeconds());
		if (cache != null) {
			cache.write(corpus);
			logger.info("Encoded corpus cached in {}", cache.file());
		}
		return corpus;
	}

}
