package dev.colbert.index;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.colbert.index.codec.ResidualCodec;
import dev.colbert.index.format.CodecFormat;
import dev.colbert.index.format.DeletedDocs;
import dev.colbert.index.format.DeletesFormat;
import dev.colbert.index.format.DocumentsFormat;
import dev.colbert.index.format.Manifest;
import dev.colbert.index.format.ManifestFormat;
import dev.colbert.index.format.MappedFile;
import dev.colbert.index.format.SegmentDocuments;
import dev.colbert.index.format.SegmentInfo;
import dev.colbert.index.format.SegmentVectors;
import dev.colbert.index.format.SourceVectors;
import dev.colbert.index.format.SourceVectorsFormat;
import dev.colbert.index.format.VectorsFormat;

/**
 * Opens the snapshot a commit point describes: its codec and every segment's files, each checked against what the
 * commit recorded (a mismatch is a {@link CorruptIndexException}).
 */
final class SnapshotLoader {

	private SnapshotLoader() {
	}

	static Snapshot load(IndexDirectory dir, Manifest manifest, IndexSettings settings) {
		boolean verify = settings.verifyChecksumsOnOpen();
		Path commitFile = dir.resolve(ManifestFormat.fileName(manifest.generation()));
		SharedCentroids centroids = null;
		if (manifest.codec() != null) {
			MappedFile codecFile = dir.open(manifest.codec(), verify);
			ResidualCodec codec = CodecFormat.read(codecFile, false);
			codecFile.close();
			if (codec.dim() != manifest.dim() || codec.nbits() != manifest.nbits()) {
				throw new CorruptIndexException(codecFile.path(), "codec has dim " + codec.dim() + " and nbits "
						+ codec.nbits() + ", the commit says dim " + manifest.dim() + " and nbits " + manifest.nbits());
			}
			centroids = new SharedCentroids(codec, manifest.codec(), settings.assignmentProbes());
		}
		else if (!manifest.segments().isEmpty()) {
			throw new CorruptIndexException(commitFile, "segments without a codec");
		}
		try {
			List<SegmentReader> readers = new ArrayList<>();
			for (SegmentInfo info : manifest.segments()) {
				readers.add(openSegment(dir, info, centroids, verify));
			}
			return new Snapshot(manifest, centroids, readers);
		}
		catch (RuntimeException ex) {
			if (centroids != null) {
				centroids.decRef();
			}
			throw ex;
		}
	}

	private static SegmentReader openSegment(IndexDirectory dir, SegmentInfo info, SharedCentroids centroids,
			boolean verify) {
		MappedFile vectorsFile = dir.open(info.vectorsFile(), verify);
		SegmentVectors vectors = VectorsFormat.read(vectorsFile, centroids.codec(), centroids.checksum());
		MappedFile documentsFile = dir.open(info.documentsFile(), verify);
		SegmentDocuments documents = DocumentsFormat.read(documentsFile);
		if (vectors.docCount() != info.docCount() || documents.docCount() != info.docCount()
				|| vectors.vectorCount() != info.vectorCount()) {
			throw new CorruptIndexException(vectorsFile.path(),
					"holds " + vectors.docCount() + " documents / " + vectors.vectorCount() + " vectors ("
							+ documents.docCount() + " stored documents), the commit recorded " + info.docCount() + " / "
							+ info.vectorCount());
		}
		DeletedDocs deleted = DeletedDocs.none(info.docCount());
		if (info.deletesFile() != null) {
			MappedFile deletesFile = dir.open(info.deletesFile(), verify);
			deleted = DeletesFormat.read(deletesFile, info.docCount());
			deletesFile.close();
			long deletedVectors = 0;
			for (int doc = 0; doc < info.docCount(); doc++) {
				if (deleted.isDeleted(doc)) {
					deletedVectors += vectors.docLength(doc);
				}
			}
			if (deleted.deletedCount() != info.deletedCount() || deletedVectors != info.deletedVectors()) {
				throw new CorruptIndexException(deletesFile.path(), "marks " + deleted.deletedCount()
						+ " documents deleted, the commit recorded " + info.deletedCount());
			}
		}
		SourceVectors sources = null;
		if (info.sourceFile() != null) {
			sources = SourceVectorsFormat.read(dir.open(info.sourceFile(), verify), vectors, centroids.codec().dim());
		}
		return new SegmentReader(info, vectors, documents, deleted, sources);
	}

}
