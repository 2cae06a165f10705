package dev.colbert.index;

import java.util.ArrayList;
import java.util.List;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.format.EncodedDocuments;
import dev.colbert.index.format.StoredFields;

/**
 * The live documents of several segments (same codec) viewed as one sequence, for merging: compressed data is copied,
 * not re-encoded.
 */
final class MergedDocuments implements EncodedDocuments, StoredFields {

	private final List<SegmentReader> sources;

	private final int[] segmentOf;

	private final int[] docOf;

	MergedDocuments(List<SegmentReader> sources) {
		this.sources = List.copyOf(sources);
		List<int[]> refs = new ArrayList<>();
		for (int s = 0; s < sources.size(); s++) {
			SegmentReader reader = sources.get(s);
			for (int doc = 0; doc < reader.vectors().docCount(); doc++) {
				if (reader.isLive(doc)) {
					refs.add(new int[] { s, doc });
				}
			}
		}
		this.segmentOf = new int[refs.size()];
		this.docOf = new int[refs.size()];
		for (int i = 0; i < refs.size(); i++) {
			this.segmentOf[i] = refs.get(i)[0];
			this.docOf[i] = refs.get(i)[1];
		}
	}

	@Override
	public int size() {
		return this.segmentOf.length;
	}

	@Override
	public int length(int doc) {
		return this.sources.get(this.segmentOf[doc]).vectors().docLength(this.docOf[doc]);
	}

	@Override
	public void codes(int doc, int[] out, int offset) {
		SegmentReader reader = this.sources.get(this.segmentOf[doc]);
		int d = this.docOf[doc];
		System.arraycopy(reader.vectors().codes(), reader.vectors().docStart(d), out, offset,
				reader.vectors().docLength(d));
	}

	@Override
	public void residuals(int doc, byte[] out, int offset) {
		if (offset != 0) {
			throw new IllegalArgumentException("offset must be 0");
		}
		this.sources.get(this.segmentOf[doc]).vectors().readResiduals(this.docOf[doc], out);
	}

	/** Whether every source segment keeps its source vectors. */
	boolean hasSources() {
		return this.sources.stream().allMatch((reader) -> reader.sources() != null);
	}

	/** The source vectors of merged document {@code doc} (requires {@link #hasSources()}). */
	TokenVectors sourceVectors(int doc) {
		return this.sources.get(this.segmentOf[doc]).sources().vectors(this.docOf[doc]);
	}

	@Override
	public String id(int doc) {
		return this.sources.get(this.segmentOf[doc]).documents().id(this.docOf[doc]);
	}

	@Override
	public String text(int doc) {
		return this.sources.get(this.segmentOf[doc]).documents().text(this.docOf[doc]);
	}

	@Override
	public byte[] metadata(int doc) {
		return this.sources.get(this.segmentOf[doc]).documents().encodedMetadata(this.docOf[doc]);
	}

}
