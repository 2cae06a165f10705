package dev.colbert.search;

import dev.colbert.index.format.SegmentVectors;

/** A segment as a search sees it: its vectors and the documents it may return. */
public record SearchSegment(SegmentVectors vectors, AcceptedDocs accepted) {

	public SearchSegment {
		if (vectors.docCount() != accepted.docCount()) {
			throw new IllegalArgumentException("accepted docs cover " + accepted.docCount() + " documents, segment has "
					+ vectors.docCount());
		}
	}

}
