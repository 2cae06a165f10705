package dev.colbert.index;

import java.time.Instant;

import dev.colbert.index.codec.CodecTrainer;
import dev.colbert.index.codec.ResidualCodec;
import dev.colbert.index.format.Manifest;
import dev.colbert.index.format.ManifestFormat;
import dev.colbert.index.format.SegmentInfo;

/** Computes {@link IndexStats} from one snapshot of the index: sizes, counts, memory and the re-clustering advice. */
final class IndexStatsCollector {

	private IndexStatsCollector() {
	}

	static IndexStats collect(Snapshot snapshot, IndexDirectory directory, IndexSettings settings, int dim,
			int stagedAdds, int stagedDeletes) {
		Manifest manifest = snapshot.manifest();
		long indexBytes = directory.size(ManifestFormat.fileName(manifest.generation()));
		long storeBytes = 0;
		if (manifest.codec() != null) {
			indexBytes += manifest.codec().length();
		}
		long deletedDocuments = 0;
		int maxLength = 0;
		long heap = 0;
		long sourceBytes = 0;
		for (SegmentReader reader : snapshot.segments()) {
			SegmentInfo info = reader.info();
			if (info.sourceFile() != null) {
				sourceBytes += info.sourceFile().length();
			}
			indexBytes += info.vectorsFile().length();
			if (info.deletesFile() != null) {
				indexBytes += info.deletesFile().length();
			}
			storeBytes += info.documentsFile().length();
			deletedDocuments += info.deletedCount();
			maxLength = Math.max(maxLength, reader.maxLiveLength());
			heap += reader.vectors().memoryBytes();
		}
		ResidualCodec codec = (snapshot.centroids() != null) ? snapshot.centroids().codec() : null;
		if (codec != null) {
			heap += 8L * codec.numCentroids() * codec.dim();
		}
		long documents = manifest.liveDocuments();
		long vectors = manifest.liveVectors();
		double bytesPerVector = (vectors > 0) ? (double) indexBytes / vectors : 0;
		double ratio = (bytesPerVector > 0) ? 2.0 * dim / bytesPerVector : 0;
		boolean retrainsAutomatically = codec != null && settings.adaptiveTraining() && ColbertIndex.hasAllSources(snapshot);
		long nextRetrain = retrainsAutomatically
				? (long) Math.ceil(settings.retrainGrowthFactor() * codec.plannedVectors()) : 0;
		String reason = "";
		if (codec != null && !retrainsAutomatically
				&& vectors > settings.reclusterGrowthFactor() * codec.plannedVectors()) {
			reason = "the centroids were planned for " + codec.plannedVectors() + " token vectors ("
					+ codec.numCentroids() + " centroids) and the index now holds " + vectors
					+ " (the reference formula asks for " + CodecTrainer.referenceCentroidCount(vectors) + "); "
					+ (settings.adaptiveTraining()
							? "automatic retraining stops at adaptiveTrainingMaxVectors ("
									+ settings.adaptiveTrainingMaxVectors() + " vectors), so "
							: "adaptive training is off, so ")
					+ "call recluster() or rebuild the index";
		}
		return new IndexStats(directory.path(), manifest.generation(),
				Instant.ofEpochMilli(manifest.commitTimeMillis()), documents, vectors, snapshot.segments().size(),
				(codec != null) ? codec.numCentroids() : 0, manifest.nbits(), dim,
				(codec != null) ? codec.centroidBits() : settings.centroidBits(), indexBytes, storeBytes,
				bytesPerVector, ratio, (documents > 0) ? (double) vectors / documents : 0, maxLength,
				deletedDocuments, stagedAdds, stagedDeletes, heap, manifest.modelFingerprint(),
				(codec != null) ? codec.plannedVectors() : 0, !reason.isEmpty(), reason, sourceBytes, nextRetrain);
	}

}
