package dev.colbert.store.swap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.springframework.ai.vectorstore.filter.Filter;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.ColbertIndex;
import dev.colbert.index.IndexDocument;
import dev.colbert.store.embedded.EmbeddedTokenVectorStore;
import dev.colbert.store.filter.MetadataFilter;

/**
 * Records the writes a store commits while its index is rebuilt with another model, and replays them, in order, onto
 * the new index: added documents are encoded again with the new model (text, metadata and id kept), deletes are
 * repeated. Replaying a write the rebuild already copied is harmless (an add replaces, a delete of a missing document
 * does nothing), so the journal is started before the rebuild lists the documents. Thread-safe.
 */
final class WriteJournal implements EmbeddedTokenVectorStore.WriteListener {

	private final Deque<Write> writes = new ArrayDeque<>();

	private long recorded;

	private sealed interface Write permits Added, DeletedIds, DeletedMatching {

	}

	private record Added(List<Draft> documents) implements Write {

	}

	private record DeletedIds(List<String> ids) implements Write {

	}

	private record DeletedMatching(Filter.Expression filter) implements Write {

	}

	private record Draft(String id, String text, Map<String, Object> metadata) {

	}

	@Override
	public synchronized void added(List<IndexDocument> documents) {
		List<Draft> drafts = new ArrayList<>(documents.size());
		for (IndexDocument document : documents) {
			drafts.add(new Draft(document.id(), document.text(), document.metadata()));
		}
		this.writes.addLast(new Added(drafts));
		this.recorded++;
	}

	@Override
	public synchronized void deleted(Collection<String> ids) {
		this.writes.addLast(new DeletedIds(new ArrayList<>(ids)));
		this.recorded++;
	}

	@Override
	public synchronized void deleted(Filter.Expression filter) {
		this.writes.addLast(new DeletedMatching(filter));
		this.recorded++;
	}

	/** Writes recorded so far, replayed or not. */
	synchronized long recorded() {
		return this.recorded;
	}

	/** Writes recorded and not replayed yet. */
	synchronized int pending() {
		return this.writes.size();
	}

	/**
	 * Replays the recorded writes onto {@code target} and commits it.
	 * @param encoder the model of {@code target}
	 * @param batchSize documents per encoder call
	 * @return how many writes were replayed
	 */
	int replay(ColbertIndex target, ColbertEncoder encoder, int batchSize) {
		int replayed = 0;
		while (true) {
			Write write;
			synchronized (this) {
				write = this.writes.pollFirst();
			}
			if (write == null) {
				break;
			}
			apply(write, target, encoder, batchSize);
			replayed++;
		}
		if (replayed > 0) {
			target.commit();
		}
		return replayed;
	}

	private static void apply(Write write, ColbertIndex target, ColbertEncoder encoder, int batchSize) {
		if (write instanceof Added added) {
			List<Draft> drafts = added.documents();
			for (int from = 0; from < drafts.size(); from += batchSize) {
				List<Draft> batch = drafts.subList(from, Math.min(drafts.size(), from + batchSize));
				List<TokenVectors> vectors = encoder.encodeDocuments(batch.stream().map(Draft::text).toList());
				List<IndexDocument> documents = new ArrayList<>(batch.size());
				for (int i = 0; i < batch.size(); i++) {
					Draft draft = batch.get(i);
					documents.add(new IndexDocument(draft.id(), draft.text(), draft.metadata(), vectors.get(i)));
				}
				target.add(documents);
			}
		}
		else if (write instanceof DeletedIds deleted) {
			target.delete(deleted.ids());
		}
		else if (write instanceof DeletedMatching deleted) {
			Predicate<Map<String, Object>> predicate = MetadataFilter.compile(deleted.filter());
			target.delete((id, metadata) -> predicate.test(metadata));
		}
	}

}
