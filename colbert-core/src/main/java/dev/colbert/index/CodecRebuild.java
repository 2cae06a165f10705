package dev.colbert.index;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.slf4j.Logger;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.codec.CodecTrainer;
import dev.colbert.index.codec.ResidualCodec;
import dev.colbert.index.format.Manifest;
import dev.colbert.index.format.SegmentDocuments;
import dev.colbert.index.format.SegmentVectors;
import dev.colbert.util.ProgressLog;

/**
 * Rebuilds the codec of an index (adaptive retraining inside a commit, or {@link ColbertIndex#recluster()}): trains
 * new centroids and buckets on a reference-sized sample of the live documents and re-encodes all of them into new
 * segments, written by the commit's {@link SegmentWriter} and merged by its {@link SegmentMerger}; the index publishes
 * the result through a {@link Publisher}.
 */
final class CodecRebuild {

	/** Bytes of uncompressed vectors a codec rebuild holds at once (bounds its memory use). */
	private static final long REBUILD_CHUNK_BYTES = 128L << 20;

	/** Publishes a rebuilt index: writes the commit point and swaps the snapshot (owning the new centroids). */
	@FunctionalInterface
	interface Publisher {

		Manifest publish(SharedCentroids centroids, List<SegmentReader> segments);

	}

	private final SegmentWriteState state;

	private final SegmentWriter writer;

	private final SegmentMerger merger;

	CodecRebuild(SegmentWriteState state, SegmentWriter writer, SegmentMerger merger) {
		this.state = state;
		this.writer = writer;
		this.merger = merger;
	}

	/**
	 * Whether a commit with this codec keeps (and writes) source vectors: adaptive training is on, every live document
	 * has them, and the next retraining point is within {@link IndexSettings#adaptiveTrainingMaxVectors()}.
	 */
	static boolean keepSources(IndexSettings settings, ResidualCodec codec, boolean sourcesComplete) {
		return settings.adaptiveTraining() && sourcesComplete
				&& settings.retrainGrowthFactor() * codec.plannedVectors() <= settings.adaptiveTrainingMaxVectors();
	}

	/**
	 * Trains a new codec on a reference-sized sample of the live documents (plus {@code stagedAdds}, minus
	 * {@code stagedDeletes}) and re-encodes all of them into new segments, then publishes the commit. Committed
	 * documents are read from their source vectors when their segment has them, otherwise decompressed (which adds a
	 * second quantization error). Files of the previous commit are not touched, so a failure or crash leaves it intact.
	 * @param stagedDeletes staged deletes by segment name (empty for none)
	 * @param stagedAdds staged documents (empty for none)
	 */
	Manifest rebuild(Snapshot base, Map<String, BitSet> stagedDeletes, Collection<IndexDocument> stagedAdds,
			Publisher publisher) {
		Logger logger = this.state.logger();
		IndexSettings settings = this.state.settings();
		FileNumbers numbers = this.state.numbers();
		int dim = this.state.dim();
		long start = System.nanoTime();
		ResidualCodec oldCodec = (base.centroids() != null) ? base.centroids().codec() : null;
		List<SourceDoc> documents = new ArrayList<>();
		boolean sourcesComplete = true;
		for (int s = 0; s < base.segments().size(); s++) {
			SegmentReader reader = base.segments().get(s);
			BitSet staged = stagedDeletes.get(reader.name());
			boolean added = false;
			for (int doc = 0; doc < reader.vectors().docCount(); doc++) {
				if (reader.isLive(doc) && (staged == null || !staged.get(doc))) {
					documents.add(new SourceDoc(reader, doc, null));
					added = true;
				}
			}
			sourcesComplete &= !added || reader.sources() != null;
		}
		for (IndexDocument document : stagedAdds) {
			documents.add(new SourceDoc(null, 0, document));
		}
		long total = 0;
		for (SourceDoc document : documents) {
			total += document.length();
		}
		List<SourceDoc> shuffled = new ArrayList<>(documents);
		Collections.shuffle(shuffled, new Random(settings.seed()));
		List<SourceDoc> sampled = shuffled.subList(0, CodecTrainer.referenceSampleDocuments(documents.size()));
		logger.info("Training the codec on {} of {} documents ({} token vectors{})", sampled.size(), documents.size(),
				total, sourcesComplete ? "" : ", decompressed from the current codec where no source vectors are kept");
		Iterable<TokenVectors> sample = () -> sampled.stream().map((d) -> d.vectors(oldCodec)).iterator();
		ResidualCodec codec = new CodecTrainer(settings.trainingOptions()).train(sample, total, dim);
		SharedCentroids centroids = this.writer.writeCodec(codec);
		try {
			boolean keep = keepSources(settings, codec, sourcesComplete);
			List<SegmentReader> segments = new ArrayList<>();
			ProgressLog progress = new ProgressLog(logger, "Re-encoding", "vectors", total);
			long chunkLimit = Math.max(1, REBUILD_CHUNK_BYTES / (4L * dim));
			long done = 0;
			int first = 0;
			while (first < documents.size()) {
				List<IndexDocument> chunk = new ArrayList<>();
				long chunkVectors = 0;
				int last = first;
				while (last < documents.size() && (chunk.isEmpty() || chunkVectors < chunkLimit)) {
					SourceDoc document = documents.get(last++);
					chunk.add(document.document(oldCodec));
					chunkVectors += document.length();
				}
				EncodedBatch batch = EncodedBatch.encode(chunk, codec, centroids.matrix());
				segments.add(this.writer.writeSegment("seg_" + numbers.next(), batch, batch,
						keep ? (doc) -> chunk.get(doc).vectors() : null, centroids));
				done += chunkVectors;
				progress.update(done);
				first = last;
			}
			if (progress.elapsedSeconds() >= 1.0) {
				progress.done();
			}
			this.merger.merge(segments, centroids, false);
			Manifest next = publisher.publish(centroids, segments);
			logger.info("Codec rebuilt: {} centroids for {} token vectors, {} documents re-encoded in {} s "
					+ "(generation {}{})", codec.numCentroids(), total, documents.size(),
					String.format("%.1f", (System.nanoTime() - start) / 1e9), next.generation(),
					keep ? ", source vectors kept for the next retraining" : "");
			return next;
		}
		catch (RuntimeException | Error ex) {
			centroids.decRef();
			throw ex;
		}
	}

	/** A live document for a rebuild: committed (segment and number) or staged. */
	private record SourceDoc(SegmentReader reader, int doc, IndexDocument staged) {

		int length() {
			return (this.staged != null) ? this.staged.vectors().count() : this.reader.vectors().docLength(this.doc);
		}

		TokenVectors vectors(ResidualCodec oldCodec) {
			if (this.staged != null) {
				return this.staged.vectors();
			}
			if (this.reader.sources() != null) {
				return this.reader.sources().vectors(this.doc);
			}
			return decompress(oldCodec, this.reader.vectors(), this.doc);
		}

		IndexDocument document(ResidualCodec oldCodec) {
			if (this.staged != null) {
				return this.staged;
			}
			SegmentDocuments stored = this.reader.documents();
			return new IndexDocument(stored.id(this.doc), stored.text(this.doc), stored.metadata(this.doc),
					vectors(oldCodec));
		}

	}

	/** The decompressed token vectors of one document of a segment (sorted by centroid, not in token order). */
	static TokenVectors decompress(ResidualCodec codec, SegmentVectors vectors, int doc) {
		int length = vectors.docLength(doc);
		int dim = codec.dim();
		int bpv = codec.bytesPerVector();
		byte[] residuals = new byte[length * bpv];
		vectors.readResiduals(doc, residuals);
		float[] data = new float[length * dim];
		int start = vectors.docStart(doc);
		for (int j = 0; j < length; j++) {
			codec.decompress(vectors.codes()[start + j], residuals, j * bpv, data, j * dim);
		}
		return TokenVectors.of(data, length, dim);
	}

}
