package dev.colbert.index;

import java.util.List;

import dev.colbert.index.format.DeletedDocs;
import dev.colbert.index.format.MappedFile;
import dev.colbert.index.format.SegmentDocuments;
import dev.colbert.index.format.SegmentInfo;
import dev.colbert.index.format.SegmentVectors;
import dev.colbert.index.format.SourceVectors;
import dev.colbert.search.AcceptedDocs;

/**
 * An open segment at one deletes generation: its vectors, documents and metadata postings (shared across
 * generations) and its deleted documents, plus the documents' source vectors while the index trains adaptively.
 * Immutable.
 */
final class SegmentReader {

	private final SegmentInfo info;

	private final SegmentVectors vectors;

	private final SegmentDocuments documents;

	private final DeletedDocs deleted;

	private final SourceVectors sources;

	private final AcceptedDocs live;

	private final int maxLiveLength;

	private final MetadataPostings postings;

	SegmentReader(SegmentInfo info, SegmentVectors vectors, SegmentDocuments documents, DeletedDocs deleted,
			SourceVectors sources) {
		this(info, vectors, documents, deleted, sources, MetadataPostings.of(documents));
	}

	private SegmentReader(SegmentInfo info, SegmentVectors vectors, SegmentDocuments documents, DeletedDocs deleted,
			SourceVectors sources, MetadataPostings postings) {
		if ((info.sourceFile() == null) != (sources == null)) {
			throw new IllegalArgumentException("source vectors and the segment info's source file must go together");
		}
		this.info = info;
		this.vectors = vectors;
		this.documents = documents;
		this.deleted = deleted;
		this.sources = sources;
		this.live = AcceptedDocs.of(vectors.docCount(), (doc) -> !deleted.isDeleted(doc));
		int max = 0;
		for (int doc = 0; doc < vectors.docCount(); doc++) {
			if (!deleted.isDeleted(doc)) {
				max = Math.max(max, vectors.docLength(doc));
			}
		}
		this.maxLiveLength = max;
		this.postings = postings;
	}

	SegmentReader withDeletes(SegmentInfo newInfo, DeletedDocs newDeleted) {
		return new SegmentReader(newInfo, this.vectors, this.documents, newDeleted,
				(newInfo.sourceFile() != null) ? this.sources : null, this.postings);
	}

	/** This segment without its source vectors (a commit that no longer keeps them). */
	SegmentReader withoutSources() {
		return (this.sources == null) ? this
				: new SegmentReader(this.info.withoutSource(), this.vectors, this.documents, this.deleted, null,
						this.postings);
	}

	/**
	 * The live documents the filter matches (all live documents for {@code null}); it is tested on the candidates
	 * it states only (see {@link MetadataPostings}).
	 */
	AcceptedDocs accepted(DocumentFilter filter) {
		return (filter == null) ? this.live : this.postings.accepted(filter, this.documents, this.deleted);
	}

	/** The memory-mapped files this segment reads (vectors, documents and, when kept, source vectors). */
	List<MappedFile> files() {
		return (this.sources == null) ? List.of(this.vectors.file(), this.documents.file())
				: List.of(this.vectors.file(), this.documents.file(), this.sources.file());
	}

	/** The documents' source vectors, or null when the segment has none. */
	SourceVectors sources() {
		return this.sources;
	}

	String name() {
		return this.info.name();
	}

	SegmentInfo info() {
		return this.info;
	}

	SegmentVectors vectors() {
		return this.vectors;
	}

	SegmentDocuments documents() {
		return this.documents;
	}

	DeletedDocs deleted() {
		return this.deleted;
	}

	AcceptedDocs live() {
		return this.live;
	}

	int maxLiveLength() {
		return this.maxLiveLength;
	}

	boolean isLive(int doc) {
		return !this.deleted.isDeleted(doc);
	}

	/** The live document with this id, or -1. */
	int liveDoc(String id) {
		int doc = this.documents.doc(id);
		return (doc >= 0 && isLive(doc)) ? doc : -1;
	}

	long liveVectors() {
		return this.info.vectorCount() - this.info.deletedVectors();
	}

	int liveDocs() {
		return this.info.docCount() - this.info.deletedCount();
	}

}
