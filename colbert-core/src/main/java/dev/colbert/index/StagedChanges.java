package dev.colbert.index;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.colbert.index.codec.ResidualCodec;
import dev.colbert.search.AcceptedDocs;

/**
 * What the next commit of a {@link ColbertIndex} applies: the staged adds (by id, in order), the staged deletes of
 * committed documents (a bit set per segment) and a codec trained ahead of the first commit (Lucene's buffered
 * updates). Mutated only under the index's write lock; the staged counts are published for
 * {@link ColbertIndex#stats()}, which must not wait for the lock (a commit may hold it for minutes while training).
 */
final class StagedChanges {

	private final LinkedHashMap<String, IndexDocument> adds = new LinkedHashMap<>();

	private final Map<String, BitSet> deletes = new HashMap<>();

	private int deleteCount;

	private ResidualCodec codec;

	private volatile int publishedAdds;

	private volatile int publishedDeletes;

	/** Stages a document, replacing a staged or committed one with its id. */
	void add(Snapshot snapshot, IndexDocument document) {
		deleteCommitted(snapshot, document.id());
		this.adds.remove(document.id());
		this.adds.put(document.id(), document);
	}

	/** Stages the deletion of a staged or committed document; returns whether there was a live one. */
	boolean delete(Snapshot snapshot, String id) {
		boolean staged = this.adds.remove(id) != null;
		boolean committed = deleteCommitted(snapshot, id);
		return staged || committed;
	}

	/** The ids of the live committed and staged documents the filter matches. */
	List<String> matching(Snapshot snapshot, DocumentFilter filter) {
		List<String> ids = new ArrayList<>();
		for (SegmentReader reader : snapshot.segments()) {
			BitSet staged = this.deletes.get(reader.name());
			AcceptedDocs matched = reader.accepted(filter);
			for (int doc = matched.nextAccepted(0); doc >= 0; doc = matched.nextAccepted(doc + 1)) {
				if (staged == null || !staged.get(doc)) {
					ids.add(reader.documents().id(doc));
				}
			}
		}
		for (IndexDocument document : this.adds.values()) {
			if (filter.matches(document.id(), document.metadata())) {
				ids.add(document.id());
			}
		}
		return ids;
	}

	/** Stages the deletion of the committed live copy of {@code id}; returns whether there was one. */
	private boolean deleteCommitted(Snapshot snapshot, String id) {
		Snapshot.DocLocation location = snapshot.find(id);
		if (location == null) {
			return false;
		}
		SegmentReader reader = snapshot.segments().get(location.segment());
		BitSet staged = this.deletes.computeIfAbsent(reader.name(), (name) -> new BitSet());
		if (staged.get(location.doc())) {
			return false;
		}
		staged.set(location.doc());
		this.deleteCount++;
		return true;
	}

	/** Live token vectors of a snapshot once these changes are applied. */
	long liveVectorsAfter(Snapshot base) {
		long live = base.manifest().liveVectors();
		for (SegmentReader reader : base.segments()) {
			BitSet staged = this.deletes.get(reader.name());
			if (staged != null) {
				for (int doc = staged.nextSetBit(0); doc >= 0; doc = staged.nextSetBit(doc + 1)) {
					live -= reader.vectors().docLength(doc);
				}
			}
		}
		for (IndexDocument document : this.adds.values()) {
			live += document.vectors().count();
		}
		return live;
	}

	Collection<IndexDocument> adds() {
		return this.adds.values();
	}

	/** Staged deletes of committed documents, by segment name. */
	Map<String, BitSet> deletes() {
		return this.deletes;
	}

	int addCount() {
		return this.adds.size();
	}

	int deleteCount() {
		return this.deleteCount;
	}

	boolean isEmpty() {
		return this.adds.isEmpty() && this.deleteCount == 0;
	}

	ResidualCodec codec() {
		return this.codec;
	}

	void codec(ResidualCodec codec) {
		this.codec = codec;
	}

	/** Discards everything staged. */
	void clear() {
		this.adds.clear();
		this.deletes.clear();
		this.deleteCount = 0;
		this.codec = null;
		publishCounts();
	}

	/** Makes the current counts visible to {@link #publishedAdds()} and {@link #publishedDeletes()}. */
	void publishCounts() {
		this.publishedAdds = this.adds.size();
		this.publishedDeletes = this.deleteCount;
	}

	int publishedAdds() {
		return this.publishedAdds;
	}

	int publishedDeletes() {
		return this.publishedDeletes;
	}

}
