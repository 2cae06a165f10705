package dev.colbert.index.format;

import java.util.List;
import java.util.Map;

/**
 * A commit point: everything an index is at one generation. Written by {@link ManifestFormat}.
 *
 * @param formatVersion the index format version
 * @param generation commit generation, increasing by one per commit
 * @param commitTimeMillis wall-clock time of the commit
 * @param modelFingerprint the encoder fingerprint the vectors came from
 * @param dim vector dimension
 * @param nbits residual bits per dimension
 * @param centroidBits bits per stored centroid coordinate for codecs trained by this index
 * @param codec the codec file, or null while the index has never held a vector
 * @param segments the live segments, oldest first
 * @param nextFileNumber the next number for new file names (never reused)
 * @param userData free-form string pairs
 */
public record Manifest(int formatVersion, long generation, long commitTimeMillis, String modelFingerprint, int dim,
		int nbits, int centroidBits, FileRef codec, List<SegmentInfo> segments, long nextFileNumber,
		Map<String, String> userData) {

	public Manifest {
		segments = List.copyOf(segments);
		userData = (userData != null) ? Map.copyOf(userData) : Map.of();
	}

	/** Documents in all segments minus deleted ones. */
	public long liveDocuments() {
		long n = 0;
		for (SegmentInfo s : this.segments) {
			n += s.docCount() - s.deletedCount();
		}
		return n;
	}

	/** Token vectors of live documents. */
	public long liveVectors() {
		long n = 0;
		for (SegmentInfo s : this.segments) {
			n += s.vectorCount() - s.deletedVectors();
		}
		return n;
	}

}
