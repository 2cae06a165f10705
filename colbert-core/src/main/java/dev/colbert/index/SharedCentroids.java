package dev.colbert.index;

import java.util.concurrent.atomic.AtomicInteger;

import dev.colbert.index.codec.CentroidMatrix;
import dev.colbert.index.codec.ResidualCodec;
import dev.colbert.index.format.FileRef;

/**
 * A codec with its centroids in libtorch memory, shared by the snapshots that use it and released when the last one
 * is released.
 */
final class SharedCentroids {

	private final ResidualCodec codec;

	private final FileRef file;

	private final CentroidMatrix matrix;

	private final AtomicInteger references = new AtomicInteger(1);

	SharedCentroids(ResidualCodec codec, FileRef file, int assignmentProbes) {
		this.codec = codec;
		this.file = file;
		this.matrix = CentroidMatrix.of(codec.centroids(), codec.numCentroids(), codec.dim(), assignmentProbes);
	}

	ResidualCodec codec() {
		return this.codec;
	}

	FileRef file() {
		return this.file;
	}

	int checksum() {
		return this.file.checksum();
	}

	CentroidMatrix matrix() {
		return this.matrix;
	}

	void incRef() {
		if (this.references.getAndIncrement() <= 0) {
			throw new IllegalStateException("centroids already released");
		}
	}

	void decRef() {
		if (this.references.decrementAndGet() == 0) {
			this.matrix.close();
		}
	}

}
