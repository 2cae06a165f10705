package dev.colbert.training.data;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.util.ProgressLog;

/**
 * Exact MaxSim ranking over a collection encoded in memory with the current encoder: the documents' token vectors are
 * kept as native matrices of a few thousand rows, a query is scored against each block with one matrix product.
 * Memory: 4 bytes per dimension per document token. Closing releases the matrices.
 */
public final class ExhaustiveRanker implements DocumentRanker, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ExhaustiveRanker.class);

	private static final int BLOCK_ROWS = 1 << 15;

	private static final int ENCODE_BATCH = 64;

	private final ColbertEncoder encoder;

	private final NDManager manager;

	private final List<String> ids = new ArrayList<>();

	private final List<NDArray> blocks = new ArrayList<>();

	/** Per block, the end row (exclusive) of each document in it, and the index of its first document. */
	private final List<int[]> blockEnds = new ArrayList<>();

	private final List<Integer> blockFirstDocument = new ArrayList<>();

	private ExhaustiveRanker(ColbertEncoder encoder, NDManager manager) {
		this.encoder = encoder;
		this.manager = manager;
	}

	/**
	 * Encodes the collection.
	 * @param encoder the current model
	 * @param collection id to text
	 * @param manager where the matrices live (closed with the ranker)
	 */
	public ExhaustiveRanker(ColbertEncoder encoder, Map<String, String> collection, NDManager manager) {
		this(encoder, manager);
		List<String> ids = new ArrayList<>(collection.keySet());
		ProgressLog progress = new ProgressLog(logger, "Encoding the collection for negative mining", "docs",
				ids.size());
		BlockBuilder builder = new BlockBuilder(encoder.info().dim());
		for (int from = 0; from < ids.size(); from += ENCODE_BATCH) {
			List<String> batchIds = ids.subList(from, Math.min(ids.size(), from + ENCODE_BATCH));
			List<String> texts = new ArrayList<>(batchIds.size());
			batchIds.forEach((id) -> texts.add(collection.get(id)));
			List<TokenVectors> vectors = encoder.encodeDocuments(texts);
			for (int i = 0; i < vectors.size(); i++) {
				builder.add(batchIds.get(i), vectors.get(i));
			}
			progress.update(Math.min(ids.size(), from + ENCODE_BATCH));
		}
		builder.finish();
		progress.done();
	}

	/**
	 * A ranker over documents the current model has already encoded (for example the evaluation command's vector
	 * cache, which saves encoding the collection again); queries are encoded with {@code encoder}.
	 * @param encoder the current model, the one that encoded {@code documents}
	 * @param ids the documents' ids
	 * @param documents their token vectors, in the order of {@code ids}
	 * @param manager where the matrices live (closed with the ranker)
	 * @throws IllegalArgumentException if the lists differ in length or a document's dimension is not the model's
	 */
	public static ExhaustiveRanker ofEncoded(ColbertEncoder encoder, List<String> ids, List<TokenVectors> documents,
			NDManager manager) {
		if (ids.size() != documents.size()) {
			throw new IllegalArgumentException(ids.size() + " ids for " + documents.size() + " encoded documents");
		}
		ExhaustiveRanker ranker = new ExhaustiveRanker(encoder, manager);
		int dim = encoder.info().dim();
		BlockBuilder builder = ranker.new BlockBuilder(dim);
		for (int i = 0; i < ids.size(); i++) {
			if (documents.get(i).dim() != dim) {
				throw new IllegalArgumentException("document " + ids.get(i) + " has dimension " + documents.get(i).dim()
						+ ", the model " + dim + ": the vectors were not encoded by this model");
			}
			builder.add(ids.get(i), documents.get(i));
		}
		builder.finish();
		return ranker;
	}

	/** Packs documents into native matrices of at most {@link #BLOCK_ROWS} rows, in the order they are added. */
	private final class BlockBuilder {

		private final int dim;

		private final List<float[]> pending = new ArrayList<>();

		private final List<Integer> pendingCounts = new ArrayList<>();

		private int pendingRows;

		BlockBuilder(int dim) {
			this.dim = dim;
		}

		void add(String id, TokenVectors document) {
			if (this.pendingRows + document.count() > BLOCK_ROWS && !this.pending.isEmpty()) {
				flush();
			}
			ExhaustiveRanker.this.ids.add(id);
			this.pending.add(document.data());
			this.pendingCounts.add(document.count());
			this.pendingRows += document.count();
		}

		void finish() {
			if (!this.pending.isEmpty()) {
				flush();
			}
		}

		private void flush() {
			float[] data = new float[this.pendingRows * this.dim];
			int[] ends = new int[this.pending.size()];
			int row = 0;
			for (int i = 0; i < this.pending.size(); i++) {
				System.arraycopy(this.pending.get(i), 0, data, row * this.dim, this.pendingCounts.get(i) * this.dim);
				row += this.pendingCounts.get(i);
				ends[i] = row;
			}
			ExhaustiveRanker ranker = ExhaustiveRanker.this;
			ranker.blockFirstDocument.add(ranker.ids.size() - this.pending.size());
			ranker.blocks.add(ranker.manager.create(data, new Shape(this.pendingRows, this.dim)));
			ranker.blockEnds.add(ends);
			this.pending.clear();
			this.pendingCounts.clear();
			this.pendingRows = 0;
		}

	}

	@Override
	public List<String> rank(String query, int k) {
		TokenVectors vectors = this.encoder.encodeQuery(query);
		PriorityQueue<double[]> top = new PriorityQueue<>(Math.max(1, k), (a, b) -> Double.compare(a[0], b[0]));
		try (NDManager scope = this.manager.newSubManager()) {
			NDArray q = scope.create(vectors.data(), new Shape(vectors.count(), vectors.dim())).transpose();
			for (int b = 0; b < this.blocks.size(); b++) {
				NDArray similarities = this.blocks.get(b).matMul(q); // [rows, queryTokens]
				FloatBuffer values = similarities.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
				int queryTokens = vectors.count();
				int[] ends = this.blockEnds.get(b);
				int start = 0;
				float[] best = new float[queryTokens];
				for (int d = 0; d < ends.length; d++) {
					Arrays.fill(best, -Float.MAX_VALUE);
					for (int row = start; row < ends[d]; row++) {
						int base = row * queryTokens;
						for (int t = 0; t < queryTokens; t++) {
							float value = values.get(base + t);
							if (value > best[t]) {
								best[t] = value;
							}
						}
					}
					double score = 0;
					for (float value : best) {
						score += value;
					}
					start = ends[d];
					if (top.size() < k) {
						top.add(new double[] { score, this.blockFirstDocument.get(b) + d });
					}
					else if (score > top.peek()[0]) {
						top.poll();
						top.add(new double[] { score, this.blockFirstDocument.get(b) + d });
					}
				}
				similarities.close();
			}
		}
		List<double[]> ranked = new ArrayList<>(top);
		ranked.sort((a, b) -> Double.compare(b[0], a[0]));
		List<String> result = new ArrayList<>(ranked.size());
		ranked.forEach((entry) -> result.add(this.ids.get((int) entry[1])));
		return result;
	}

	@Override
	public void close() {
		this.blocks.forEach(NDArray::close);
		this.blocks.clear();
		this.manager.close();
	}

}
