package dev.colbert.index;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.codec.ResidualCodec;
import dev.colbert.index.format.CodecFormat;
import dev.colbert.index.format.DeletedDocs;
import dev.colbert.index.format.DeletesFormat;
import dev.colbert.index.format.DocumentsFormat;
import dev.colbert.index.format.EncodedDocuments;
import dev.colbert.index.format.FileRef;
import dev.colbert.index.format.SegmentDocuments;
import dev.colbert.index.format.SegmentInfo;
import dev.colbert.index.format.SegmentVectors;
import dev.colbert.index.format.SourceVectors;
import dev.colbert.index.format.SourceVectorsFormat;
import dev.colbert.index.format.StoredFields;
import dev.colbert.index.format.VectorsFormat;

/**
 * Writes the immutable files of one commit: a new codec ({@code .cdc}), new segments ({@code .vec}, {@code .dst}, optional {@code .src}) and of
 * the segments' new deletes ({@code .del}), and opens what it wrote. Every file name is recorded in
 * {@link SegmentWriteState#created()} before the file is written.
 */
final class SegmentWriter {

	private final SegmentWriteState state;

	SegmentWriter(SegmentWriteState state) {
		this.state = state;
	}

	/** Writes a codec file ({@code codec_N.cdc}) and loads its centroids. */
	SharedCentroids writeCodec(ResidualCodec codec) {
		String name = "codec_" + this.state.numbers().next() + ".cdc";
		this.state.created().add(name);
		int checksum = CodecFormat.write(this.state.directory().resolve(name), codec);
		return new SharedCentroids(codec, this.state.directory().ref(name, checksum),
				this.state.settings().assignmentProbes());
	}

	/**
	 * Writes a segment's files and opens them.
	 * @param sources the documents' source vectors to keep (adaptive training), or null
	 */
	SegmentReader writeSegment(String name, EncodedDocuments encoded, StoredFields stored,
			IntFunction<TokenVectors> sources, SharedCentroids centroids) {
		IndexDirectory directory = this.state.directory();
		List<String> created = this.state.created();
		int dim = this.state.dim();
		String vectorsName = name + ".vec";
		String documentsName = name + ".dst";
		created.add(vectorsName);
		created.add(documentsName);
		int vectorsChecksum = VectorsFormat.write(directory.resolve(vectorsName), centroids.codec(),
				centroids.checksum(), encoded);
		int documentsChecksum = DocumentsFormat.write(directory.resolve(documentsName), stored);
		FileRef vectorsRef = directory.ref(vectorsName, vectorsChecksum);
		FileRef documentsRef = directory.ref(documentsName, documentsChecksum);
		SegmentVectors vectors = VectorsFormat.read(directory.map(vectorsName), centroids.codec(),
				centroids.checksum());
		SegmentDocuments documents = DocumentsFormat.read(directory.map(documentsName));
		FileRef sourceRef = null;
		SourceVectors sourceVectors = null;
		if (sources != null) {
			String sourceName = name + ".src";
			created.add(sourceName);
			int sourceChecksum = SourceVectorsFormat.write(directory.resolve(sourceName), dim,
					vectors.docCount(), vectors.vectorCount(), sources);
			sourceRef = directory.ref(sourceName, sourceChecksum);
			sourceVectors = SourceVectorsFormat.read(directory.map(sourceName), vectors, dim);
		}
		SegmentInfo info = new SegmentInfo(name, vectors.docCount(), vectors.vectorCount(), vectorsRef, documentsRef,
				null, 0, 0, sourceRef);
		return new SegmentReader(info, vectors, documents, DeletedDocs.none(vectors.docCount()), sourceVectors);
	}

	/**
	 * The base segments with the staged deletes applied: a segment with new deletes gets a new {@code .del} file, a
	 * segment left without live documents is dropped, the others are kept as they are.
	 * @param pendingDeletes staged deletes by segment name
	 */
	List<SegmentReader> applyDeletes(List<SegmentReader> base, Map<String, BitSet> pendingDeletes) {
		List<SegmentReader> segments = new ArrayList<>();
		for (SegmentReader reader : base) {
			BitSet staged = pendingDeletes.get(reader.name());
			if (staged == null || staged.isEmpty()) {
				segments.add(reader);
				continue;
			}
			int[] docs = staged.stream().toArray();
			DeletedDocs deleted = reader.deleted().with(docs, docs.length);
			if (deleted.deletedCount() == reader.vectors().docCount()) {
				continue;
			}
			String name = reader.name() + "_" + this.state.numbers().next() + ".del";
			this.state.created().add(name);
			int checksum = DeletesFormat.write(this.state.directory().resolve(name), deleted);
			long deletedVectors = 0;
			for (int doc = 0; doc < reader.vectors().docCount(); doc++) {
				if (deleted.isDeleted(doc)) {
					deletedVectors += reader.vectors().docLength(doc);
				}
			}
			SegmentInfo old = reader.info();
			SegmentInfo info = new SegmentInfo(old.name(), old.docCount(), old.vectorCount(), old.vectorsFile(),
					old.documentsFile(), this.state.directory().ref(name, checksum), deleted.deletedCount(),
					deletedVectors, old.sourceFile());
			segments.add(reader.withDeletes(info, deleted));
		}
		return segments;
	}

}
