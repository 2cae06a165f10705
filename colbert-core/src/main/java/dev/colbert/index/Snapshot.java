package dev.colbert.index;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import dev.colbert.index.format.Manifest;
import dev.colbert.index.format.MappedFile;

/**
 * An immutable view of one commit that searches run against. Reference-counted: the index holds one reference while
 * the snapshot is current, each search one while it runs; the last release frees the shared centroids and releases
 * the snapshot's hold on its memory-mapped files, which unmaps those no other snapshot holds (the files of segments a
 * later commit replaced or merged away).
 */
final class Snapshot {

	private final Manifest manifest;

	private final SharedCentroids centroids;

	private final List<SegmentReader> segments;

	private final Set<MappedFile> files;

	private final AtomicInteger references = new AtomicInteger(1);

	/**
	 * Takes over one reference to {@code centroids} (which may be null) and holds the files of the segments until its
	 * last release.
	 */
	Snapshot(Manifest manifest, SharedCentroids centroids, List<SegmentReader> segments) {
		this.manifest = manifest;
		this.centroids = centroids;
		this.segments = List.copyOf(segments);
		Set<MappedFile> files = Collections.newSetFromMap(new IdentityHashMap<>());
		for (SegmentReader segment : this.segments) {
			files.addAll(segment.files());
		}
		this.files = files;
		this.files.forEach(MappedFile::retain);
	}

	Manifest manifest() {
		return this.manifest;
	}

	/** Null while no vector was ever committed. */
	SharedCentroids centroids() {
		return this.centroids;
	}

	List<SegmentReader> segments() {
		return this.segments;
	}

	boolean tryIncRef() {
		while (true) {
			int count = this.references.get();
			if (count <= 0) {
				return false;
			}
			if (this.references.compareAndSet(count, count + 1)) {
				return true;
			}
		}
	}

	void decRef() {
		int count = this.references.decrementAndGet();
		if (count == 0) {
			if (this.centroids != null) {
				this.centroids.decRef();
			}
			this.files.forEach(MappedFile::release);
		}
		if (count < 0) {
			throw new IllegalStateException("snapshot released too often");
		}
	}

	/** Where the live document with this id is, or null. Newest segments first. */
	DocLocation find(String id) {
		for (int s = this.segments.size() - 1; s >= 0; s--) {
			int doc = this.segments.get(s).liveDoc(id);
			if (doc >= 0) {
				return new DocLocation(s, doc);
			}
		}
		return null;
	}

	record DocLocation(int segment, int doc) {
	}

}
