package dev.colbert.store.swap;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.ColbertIndex;
import dev.colbert.index.IndexDocument;
import dev.colbert.index.StoredDocument;
import dev.colbert.training.TrainingProgress;
import dev.colbert.util.ProgressLog;

/**
 * Copies every stored document of one index into another, encoding its stored text again with another model: ids,
 * texts and metadata are kept, the token vectors are new. Reports progress (documents done of the total, with rate and
 * ETA in the log) and stops between batches when cancelled.
 */
final class IndexReencoder {

	private static final Logger logger = LoggerFactory.getLogger(IndexReencoder.class);

	private final int batchSize;

	private final int commitEvery;

	/**
	 * @param batchSize documents per encoder call
	 * @param commitEvery documents staged before a commit (bounds the memory of token vectors held at once; the first
	 * commit trains the codec of the new index on them)
	 */
	IndexReencoder(int batchSize, int commitEvery) {
		if (batchSize < 1 || commitEvery < batchSize) {
			throw new IllegalArgumentException("need 1 <= batchSize <= commitEvery, were " + batchSize + " and "
					+ commitEvery);
		}
		this.batchSize = batchSize;
		this.commitEvery = commitEvery;
	}

	/**
	 * Re-encodes the documents of {@code ids} (documents deleted meanwhile are skipped) into {@code target}.
	 * @return how many documents were copied
	 * @throws CancellationException when {@code progress} asks to stop
	 */
	long reencode(ColbertIndex source, List<String> ids, ColbertIndex target, ColbertEncoder encoder,
			TrainingProgress progress) {
		ProgressLog log = new ProgressLog(logger, "Re-encoding the index with " + encoder.info().source(), "documents",
				ids.size()).onUpdate(progress::phaseProgress);
		long copied = 0;
		int staged = 0;
		for (int from = 0; from < ids.size(); from += this.batchSize) {
			if (progress.cancelRequested()) {
				throw new CancellationException("cancelled while re-encoding the index (" + from + " of " + ids.size()
						+ " documents done); the old model keeps serving");
			}
			List<StoredDocument> batch = new ArrayList<>(this.batchSize);
			for (String id : ids.subList(from, Math.min(ids.size(), from + this.batchSize))) {
				Optional<StoredDocument> document = source.document(id);
				document.ifPresent(batch::add);
			}
			if (!batch.isEmpty()) {
				List<TokenVectors> vectors = encoder.encodeDocuments(batch.stream().map(StoredDocument::text).toList());
				List<IndexDocument> documents = new ArrayList<>(batch.size());
				for (int i = 0; i < batch.size(); i++) {
					StoredDocument document = batch.get(i);
					documents.add(new IndexDocument(document.id(), document.text(), document.metadata(), vectors.get(i)));
				}
				target.add(documents);
				copied += documents.size();
				staged += documents.size();
			}
			if (staged >= this.commitEvery) {
				target.commit();
				staged = 0;
			}
			log.update(Math.min(ids.size(), from + this.batchSize));
		}
		target.commit();
		log.done();
		return copied;
	}

}
