package dev.colbert.index;

import java.util.Arrays;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.codec.CentroidMatrix;
import dev.colbert.index.codec.ResidualCodec;
import dev.colbert.index.format.EncodedDocuments;
import dev.colbert.index.format.MetadataCodec;
import dev.colbert.index.format.StoredFields;
import dev.colbert.util.ProgressLog;

/**
 * Documents compressed in memory, ready to be written as a segment: each document's vectors sorted by centroid id,
 * with their packed residuals.
 */
final class EncodedBatch implements EncodedDocuments, StoredFields {

	private static final Logger logger = LoggerFactory.getLogger(EncodedBatch.class);

	/** Vectors per nearest-centroid call. */
	private static final int CHUNK_VECTORS = 1 << 16;

	private final List<IndexDocument> documents;

	private final int[][] codes;

	private final byte[][] residuals;

	private EncodedBatch(List<IndexDocument> documents, int[][] codes, byte[][] residuals) {
		this.documents = documents;
		this.codes = codes;
		this.residuals = residuals;
	}

	/** Compresses the documents' vectors with the codec. */
	static EncodedBatch encode(List<IndexDocument> documents, ResidualCodec codec, CentroidMatrix matrix) {
		int n = documents.size();
		int[][] codes = new int[n][];
		byte[][] residuals = new byte[n][];
		long total = 0;
		for (IndexDocument document : documents) {
			total += document.vectors().count();
		}
		ProgressLog progress = new ProgressLog(logger, "Encoding", "vectors", total);
		int dim = codec.dim();
		int bpv = codec.bytesPerVector();
		long done = 0;
		int first = 0;
		while (first < n) {
			// gather a chunk of whole documents
			int last = first;
			int vectors = 0;
			while (last < n && (vectors == 0 || vectors + documents.get(last).vectors().count() <= CHUNK_VECTORS)) {
				vectors += documents.get(last).vectors().count();
				last++;
			}
			float[] chunk = new float[vectors * dim];
			int offset = 0;
			for (int d = first; d < last; d++) {
				TokenVectors tv = documents.get(d).vectors();
				System.arraycopy(tv.data(), 0, chunk, offset, tv.count() * dim);
				offset += tv.count() * dim;
			}
			int[] assigned = matrix.nearest(chunk, 0, vectors);
			int base = 0;
			for (int d = first; d < last; d++) {
				TokenVectors tv = documents.get(d).vectors();
				int length = tv.count();
				long[] order = new long[length];
				for (int j = 0; j < length; j++) {
					order[j] = ((long) assigned[base + j] << 32) | j;
				}
				Arrays.sort(order);
				int[] docCodes = new int[length];
				byte[] docResiduals = new byte[length * bpv];
				for (int j = 0; j < length; j++) {
					int code = (int) (order[j] >>> 32);
					int row = (int) order[j];
					docCodes[j] = code;
					codec.encodeResidual(tv.data(), row * dim, code, docResiduals, j * bpv);
				}
				codes[d] = docCodes;
				residuals[d] = docResiduals;
				base += length;
			}
			done += vectors;
			progress.update(done);
			first = last;
		}
		if (progress.elapsedSeconds() >= 1.0) {
			// small commits encode in milliseconds: only long work reports its total
			progress.done();
		}
		return new EncodedBatch(documents, codes, residuals);
	}

	@Override
	public int size() {
		return this.documents.size();
	}

	@Override
	public int length(int doc) {
		return this.codes[doc].length;
	}

	@Override
	public void codes(int doc, int[] out, int offset) {
		System.arraycopy(this.codes[doc], 0, out, offset, this.codes[doc].length);
	}

	@Override
	public void residuals(int doc, byte[] out, int offset) {
		System.arraycopy(this.residuals[doc], 0, out, offset, this.residuals[doc].length);
	}

	@Override
	public String id(int doc) {
		return this.documents.get(doc).id();
	}

	@Override
	public String text(int doc) {
		return this.documents.get(doc).text();
	}

	@Override
	public byte[] metadata(int doc) {
		return MetadataCodec.encode(this.documents.get(doc).metadata());
	}

}
