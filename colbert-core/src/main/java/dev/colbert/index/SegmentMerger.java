package dev.colbert.index;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Merges a commit's segments, after Lucene's {@code SegmentMerger} with its merge policy: a compaction merges every
 * segment into one without deleted documents; otherwise, while there are more than
 * {@link IndexSettings#mergeFactor()} segments, the {@code mergeFactor} smallest (by live vectors) are merged into one.
 * The merged segment is written by the commit's {@link SegmentWriter}.
 */
final class SegmentMerger {

	private final SegmentWriteState state;

	private final SegmentWriter writer;

	SegmentMerger(SegmentWriteState state, SegmentWriter writer) {
		this.state = state;
		this.writer = writer;
	}

	/** Applies the merge policy to {@code segments} in place. */
	void merge(List<SegmentReader> segments, SharedCentroids centroids, boolean mergeAll) {
		if (mergeAll) {
			boolean hasDeletes = segments.stream().anyMatch((s) -> s.deleted().deletedCount() > 0);
			if (segments.size() > 1 || hasDeletes) {
				List<SegmentReader> all = new ArrayList<>(segments);
				segments.clear();
				SegmentReader merged = mergeSegments(all, centroids);
				if (merged != null) {
					segments.add(merged);
				}
			}
			return;
		}
		while (segments.size() > this.state.settings().mergeFactor()) {
			List<SegmentReader> bySize = new ArrayList<>(segments);
			bySize.sort(Comparator.comparingLong(SegmentReader::liveVectors));
			List<SegmentReader> smallest = bySize.subList(0, this.state.settings().mergeFactor());
			List<SegmentReader> toMerge = new ArrayList<>();
			for (SegmentReader segment : segments) {
				if (smallest.contains(segment)) {
					toMerge.add(segment);
				}
			}
			segments.removeAll(toMerge);
			SegmentReader merged = mergeSegments(toMerge, centroids);
			if (merged != null) {
				segments.add(merged);
			}
		}
	}

	/** Writes the live documents of {@code sources} as one new segment; null if none is live. */
	SegmentReader mergeSegments(List<SegmentReader> sources, SharedCentroids centroids) {
		MergedDocuments merged = new MergedDocuments(sources);
		if (merged.size() == 0) {
			return null;
		}
		long start = System.nanoTime();
		SegmentReader result = this.writer.writeSegment("seg_" + this.state.numbers().next(), merged, merged,
				merged.hasSources() ? merged::sourceVectors : null, centroids);
		this.state.logger().info("Merged {} segments into {} ({} documents, {} vectors) in {} ms", sources.size(),
				result.name(), result.info().docCount(), result.info().vectorCount(),
				(System.nanoTime() - start) / 1_000_000);
		return result;
	}

}
