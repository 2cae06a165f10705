package dev.colbert.index;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.colbert.index.format.DeletedDocs;
import dev.colbert.index.format.SegmentDocuments;
import dev.colbert.search.AcceptedDocs;

/**
 * One segment's metadata postings: for every key and every value stored under it (each element of a list value), the
 * ascending documents holding it, values as {@link Candidates#term(Object) terms}. Built once when the segment is
 * opened or written (its metadata is in memory already, see {@link SegmentDocuments}); shared by the segment's later
 * deletes generations. A filter with {@link DocumentFilter#candidates() candidates} is then tested on the live
 * documents its terms name, not on every live document. Immutable and thread-safe.
 *
 * <p>Memory: one map entry per distinct (key, value) of the segment plus 4 bytes per (document, key, value).
 */
final class MetadataPostings {

	private final int docCount;

	private final Map<String, Map<Object, int[]>> postings;

	private MetadataPostings(int docCount, Map<String, Map<Object, int[]>> postings) {
		this.docCount = docCount;
		this.postings = postings;
	}

	/** Indexes the metadata of the segment's documents. */
	static MetadataPostings of(SegmentDocuments documents) {
		Map<String, Map<Object, DocList>> building = new HashMap<>();
		for (int doc = 0; doc < documents.docCount(); doc++) {
			for (Map.Entry<String, Object> entry : documents.metadata(doc).entrySet()) {
				Map<Object, DocList> values = building.computeIfAbsent(entry.getKey(), (key) -> new HashMap<>());
				if (entry.getValue() instanceof List<?> list) {
					for (Object element : list) {
						add(values, element, doc);
					}
				}
				else {
					add(values, entry.getValue(), doc);
				}
			}
		}
		Map<String, Map<Object, int[]>> postings = new HashMap<>(Math.max(4, building.size() * 2));
		building.forEach((key, values) -> {
			Map<Object, int[]> frozen = new HashMap<>(Math.max(4, values.size() * 2));
			values.forEach((term, docs) -> frozen.put(term, docs.toArray()));
			postings.put(key, frozen);
		});
		return new MetadataPostings(documents.docCount(), postings);
	}

	private static void add(Map<Object, DocList> values, Object value, int doc) {
		if (value != null) {
			values.computeIfAbsent(Candidates.term(value), (term) -> new DocList()).add(doc);
		}
	}

	/**
	 * The live documents the filter matches: tested on the documents its candidates name, or on every live document
	 * when they name all.
	 */
	AcceptedDocs accepted(DocumentFilter filter, SegmentDocuments documents, DeletedDocs deleted) {
		long[] candidates = candidates(filter.candidates(), documents);
		long[] accepted = new long[words()];
		for (int word = 0; word < accepted.length; word++) {
			long bits = (candidates != null) ? candidates[word] : -1L;
			while (bits != 0) {
				int doc = (word << 6) + Long.numberOfTrailingZeros(bits);
				bits &= bits - 1;
				if (doc >= this.docCount) {
					break;
				}
				if (!deleted.isDeleted(doc) && filter.matches(documents.id(doc), documents.metadata(doc))) {
					accepted[word] |= 1L << doc;
				}
			}
		}
		return AcceptedDocs.of(this.docCount, accepted);
	}

	/** The candidate documents as a bit set, or {@code null} for every document. */
	long[] candidates(Candidates candidates, SegmentDocuments documents) {
		if (candidates instanceof Candidates.Ids ids) {
			long[] bits = new long[words()];
			for (String id : ids.ids()) {
				int doc = documents.doc(id);
				if (doc >= 0) {
					bits[doc >>> 6] |= 1L << doc;
				}
			}
			return bits;
		}
		if (candidates instanceof Candidates.Terms terms) {
			long[] bits = new long[words()];
			Map<Object, int[]> values = this.postings.getOrDefault(terms.key(), Map.of());
			for (Object term : terms.terms()) {
				for (int doc : values.getOrDefault(term, NONE)) {
					bits[doc >>> 6] |= 1L << doc;
				}
			}
			return bits;
		}
		if (candidates instanceof Candidates.And and) {
			long[] left = candidates(and.left(), documents);
			long[] right = candidates(and.right(), documents);
			if (left == null || right == null) {
				return (left == null) ? right : left;
			}
			for (int i = 0; i < left.length; i++) {
				left[i] &= right[i];
			}
			return left;
		}
		if (candidates instanceof Candidates.Or or) {
			long[] left = candidates(or.left(), documents);
			long[] right = candidates(or.right(), documents);
			if (left == null || right == null) {
				return null;
			}
			for (int i = 0; i < left.length; i++) {
				left[i] |= right[i];
			}
			return left;
		}
		return null;
	}

	private int words() {
		return (this.docCount + 63) >>> 6;
	}

	private static final int[] NONE = {};

	/** A growing list of ascending documents, each once. */
	private static final class DocList {

		private int[] docs = new int[2];

		private int size;

		void add(int doc) {
			if (this.size > 0 && this.docs[this.size - 1] == doc) {
				return;
			}
			if (this.size == this.docs.length) {
				this.docs = Arrays.copyOf(this.docs, this.size * 2);
			}
			this.docs[this.size++] = doc;
		}

		int[] toArray() {
			return Arrays.copyOf(this.docs, this.size);
		}

	}

}
