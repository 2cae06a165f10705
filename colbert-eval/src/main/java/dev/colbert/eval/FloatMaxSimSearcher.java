package dev.colbert.eval;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import dev.colbert.encoder.TokenVectors;

/**
 * Exact MaxSim over uncompressed float32 token vectors, the reference that compressed and approximate search is
 * measured against. Documents are held in libtorch tensors of shape [documents, longest, dim] (chunked to stay under
 * 2 GB per buffer), padding masked with -inf, so one query costs one batched matrix product per chunk.
 */
public final class FloatMaxSimSearcher implements SearchBackend {

	private static final int DOCUMENTS_PER_CHUNK = 512;

	private final NDManager manager;

	private final List<Chunk> chunks = new ArrayList<>();

	private final List<String> ids;

	private final int dim;

	public FloatMaxSimSearcher(List<String> ids, List<TokenVectors> documents) {
		if (ids.size() != documents.size() || documents.isEmpty()) {
			throw new IllegalArgumentException("ids and documents must be non-empty and of equal size");
		}
		this.ids = List.copyOf(ids);
		this.dim = documents.get(0).dim();
		this.manager = Engine.getEngine("PyTorch").newBaseManager();
		for (int start = 0; start < documents.size(); start += DOCUMENTS_PER_CHUNK) {
			int end = Math.min(documents.size(), start + DOCUMENTS_PER_CHUNK);
			this.chunks.add(createChunk(documents, start, end));
		}
	}

	private Chunk createChunk(List<TokenVectors> documents, int start, int end) {
		int longest = 1;
		for (int d = start; d < end; d++) {
			longest = Math.max(longest, documents.get(d).count());
		}
		int count = end - start;
		FloatBuffer vectors = ByteBuffer.allocateDirect(count * longest * this.dim * Float.BYTES)
			.order(ByteOrder.nativeOrder())
			.asFloatBuffer();
		FloatBuffer mask = ByteBuffer.allocateDirect(count * longest * Float.BYTES)
			.order(ByteOrder.nativeOrder())
			.asFloatBuffer();
		for (int d = start; d < end; d++) {
			TokenVectors document = documents.get(d);
			if (document.dim() != this.dim) {
				throw new IllegalArgumentException("document " + this.ids.get(d) + " has dim " + document.dim()
						+ ", expected " + this.dim);
			}
			int base = (d - start) * longest;
			vectors.position(base * this.dim);
			vectors.put(document.data());
			for (int t = 0; t < longest; t++) {
				mask.put(base + t, (t < document.count()) ? 0f : Float.NEGATIVE_INFINITY);
			}
		}
		vectors.rewind();
		NDArray tensor = this.manager.create(vectors, new Shape(count, longest, this.dim), DataType.FLOAT32);
		NDArray bias = this.manager.create(mask, new Shape(count, longest, 1), DataType.FLOAT32);
		return new Chunk(start, tensor, bias);
	}

	@Override
	public List<String> search(TokenVectors query, int k) {
		return searchHits(query, k).stream().map(Hit::id).toList();
	}

	@Override
	public String describe() {
		return "exact MaxSim over uncompressed float32 vectors";
	}

	/** The k best documents by exact MaxSim, best first. */
	public List<Hit> searchHits(TokenVectors query, int k) {
		if (query.dim() != this.dim) {
			throw new IllegalArgumentException("query has dim " + query.dim() + ", expected " + this.dim);
		}
		PriorityQueue<Hit> best = new PriorityQueue<>(k + 1, (a, b) -> Double.compare(a.maxSim(), b.maxSim()));
		try (NDManager scope = this.manager.newSubManager()) {
			NDArray queryT = scope.create(query.data(), new Shape(query.count(), this.dim)).transpose();
			for (Chunk chunk : this.chunks) {
				// Borrow the chunk into the query scope so every intermediate is freed with it.
				chunk.vectors().tempAttach(scope);
				chunk.paddingBias().tempAttach(scope);
				NDArray similarities = chunk.vectors().matMul(queryT).add(chunk.paddingBias());
				float[] scores = similarities.max(new int[] { 1 }).sum(new int[] { 1 }).toFloatArray();
				for (int i = 0; i < scores.length; i++) {
					if (best.size() < k || scores[i] > best.peek().maxSim()) {
						best.add(new Hit(this.ids.get(chunk.start() + i), scores[i]));
						if (best.size() > k) {
							best.poll();
						}
					}
				}
			}
		}
		List<Hit> hits = new ArrayList<>(best);
		hits.sort((a, b) -> Double.compare(b.maxSim(), a.maxSim()));
		return hits;
	}

	@Override
	public void close() {
		this.manager.close();
	}

	private record Chunk(int start, NDArray vectors, NDArray paddingBias) {
	}

	/**
	 * A document and its exact MaxSim.
	 *
	 * @param id document id
	 * @param maxSim the exact MaxSim score
	 */
	public record Hit(String id, double maxSim) {
	}

}
