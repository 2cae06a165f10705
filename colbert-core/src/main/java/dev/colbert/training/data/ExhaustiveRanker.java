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

	/**
	 * Encodes the collection.
	 * @param encoder the current model
	 * @param collection id to text
	 * @param manager where the matrices live (closed with the ranker)
	 */
	public ExhaustiveRanker(ColbertEncoder encoder, Map<String, String> collection, NDManager manager) {
		this.encoder = encoder;
		this.manager = manager;
		List<String> ids = new ArrayList<>(collection.keySet());
		ProgressLog progress = new ProgressLog(logger, "Encoding the collection for negative mining", "docs",
				ids.size());
		List<float[]> pending = new ArrayList<>();
		List<Integer> pendingCounts = new ArrayList<>();
		int pendingRows = 0;
		int dim = encoder.info().dim();
		for (int from = 0; from < ids.size(); from += ENCODE_BATCH) {
			List<String> batchIds = ids.subList(from, Math.min(ids.size(), from + ENCODE_BATCH));
			List<String> texts = new ArrayList<>(batchIds.size());
			batchIds.forEach((id) -> texts.add(collection.get(id)));
			List<TokenVectors> vectors = encoder.encodeDocuments(texts);
			for (int i = 0; i < vectors.size(); i++) {
				TokenVectors document = vectors.get(i);
				if (pendingRows + document.count() > BLOCK_ROWS && !pending.isEmpty()) {
					flush(pending, pendingCounts, pendingRows, dim);
					pending.clear();
					pendingCounts.clear();
					pendingRows = 0;
				}
				this.ids.add(batchIds.get(i));
				pending.add(document.data());
				pendingCounts.add(document.count());
				pendingRows += document.count();
			}
			progress.update(Math.min(ids.size(), from + ENCODE_BATCH));
		}
		if (!pending.isEmpty()) {
			flush(pending, pendingCounts, pendingRows, dim);
		}
		progress.done();
	}

	private void flush(List<float[]> documents, List<Integer> counts, int rows, int dim) {
		float[] data = new float[rows * dim];
		int[] ends = new int[documents.size()];
		int row = 0;
		for (int i = 0; i < documents.size(); i++) {
			System.arraycopy(documents.get(i), 0, data, row * dim, counts.get(i) * dim);
			row += counts.get(i);
			ends[i] = row;
		}
		this.blockFirstDocument.add(this.ids.size() - documents.size());
		this.blocks.add(this.manager.create(data, new Shape(rows, dim)));
		this.blockEnds.add(ends);
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
	}

}
