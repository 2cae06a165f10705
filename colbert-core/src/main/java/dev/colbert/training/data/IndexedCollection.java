package dev.colbert.training.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.colbert.index.ColbertIndex;
import dev.colbert.index.StoredDocument;

/**
 * Reads the collection of a live index for training without labels ({@link PseudoQuerySource}): every committed
 * document with its stored text; a string {@code title} in its metadata becomes the document's title (and is taken off
 * the start of the text when the text begins with it, so that it is not repeated).
 */
public final class IndexedCollection {

	/** The metadata key read as the title. */
	public static final String TITLE = "title";

	private IndexedCollection() {
	}

	/**
	 * The committed documents of {@code index}, in commit order.
	 * @throws IllegalArgumentException when the index holds no document
	 */
	public static List<PseudoQuerySource.CorpusDocument> read(ColbertIndex index) {
		Objects.requireNonNull(index, "index");
		List<String> ids = index.documentIds();
		List<PseudoQuerySource.CorpusDocument> documents = new ArrayList<>(ids.size());
		for (String id : ids) {
			Optional<StoredDocument> stored = index.document(id);
			stored.ifPresent((document) -> documents.add(corpusDocument(document)));
		}
		if (documents.isEmpty()) {
			throw new IllegalArgumentException("the index at " + index.directory()
					+ " holds no documents to make pseudo-queries from: add documents first, or give a collection file");
		}
		return documents;
	}

	static PseudoQuerySource.CorpusDocument corpusDocument(StoredDocument document) {
		String text = document.text();
		Object value = document.metadata().get(TITLE);
		if (!(value instanceof String title) || title.isBlank()) {
			return new PseudoQuerySource.CorpusDocument(document.id(), null, text);
		}
		String trimmed = title.strip();
		String rest = text.strip();
		if (rest.startsWith(trimmed)) {
			rest = rest.substring(trimmed.length()).strip();
		}
		return new PseudoQuerySource.CorpusDocument(document.id(), trimmed, rest);
	}

}
