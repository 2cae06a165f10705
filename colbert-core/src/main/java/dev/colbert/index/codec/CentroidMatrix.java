package dev.colbert.index.codec;

import java.nio.FloatBuffer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Centroids held in libtorch memory for the two matrix products that dominate indexing and search: nearest-centroid
 * assignment of many vectors ({@code argmax_c x.c - |c|^2/2}, i.e. the smallest L2 distance) and the query-centroid
 * score matrix {@code S = C . Q^T} of PLAID's first stage. Scalar Java is too slow for both (a 32,768 x 128 x 32
 * product per query).
 *
 * <p>Thread-safe: each call works in its own child {@link NDManager}. {@link #close()} releases the native memory;
 * callers must make sure no call is in flight.
 */
public final class CentroidMatrix implements AutoCloseable {

	/** Score-matrix elements per assignment chunk (32 MiB of floats). */
	private static final int CHUNK_ELEMENTS = 1 << 23;

	private final NDManager manager;

	private final NDArray centroids;

	private final NDArray centroidsTransposed;

	private final NDArray negativeHalfNorms;

	private final int count;

	private final int dim;

	private CentroidMatrix(NDManager manager, NDArray centroids, int count, int dim) {
		this.manager = manager;
		this.centroids = centroids;
		this.centroidsTransposed = centroids.transpose().toDense();
		this.negativeHalfNorms = centroids.square().sum(new int[] { 1 }).mul(-0.5f);
		this.count = count;
		this.dim = dim;
	}

	/** Copies {@code count * dim} row-major floats into libtorch memory. */
	public static CentroidMatrix of(float[] centroids, int count, int dim) {
		if (centroids.length != count * dim) {
			throw new IllegalArgumentException(
					"centroids has " + centroids.length + " floats, expected " + count + " x " + dim);
		}
		NDManager manager = NDManager.newBaseManager("PyTorch");
		try {
			NDArray array = manager.create(FloatBuffer.wrap(centroids), new Shape(count, dim));
			return new CentroidMatrix(manager, array, count, dim);
		}
		catch (RuntimeException ex) {
			manager.close();
			throw ex;
		}
	}

	public int count() {
		return this.count;
	}

	public int dim() {
		return this.dim;
	}

	/** Rows per assignment chunk for this centroid count. */
	int chunkRows() {
		return Math.max(64, Math.min(16384, CHUNK_ELEMENTS / this.count));
	}

	/**
	 * The nearest centroid (smallest L2 distance) of each of the {@code n} vectors stored row-major in
	 * {@code vectors[offset...]}.
	 */
	public int[] nearest(float[] vectors, int offset, int n) {
		int[] codes = new int[n];
		int rows = chunkRows();
		for (int start = 0; start < n; start += rows) {
			int m = Math.min(rows, n - start);
			try (NDManager sub = this.manager.newSubManager()) {
				NDArray x = sub.create(FloatBuffer.wrap(vectors, offset + start * this.dim, m * this.dim),
						new Shape(m, this.dim));
				NDArray scores = x.matMul(this.centroidsTransposed).addi(this.negativeHalfNorms);
				long[] best = scores.argMax(1).toLongArray();
				for (int i = 0; i < m; i++) {
					codes[start + i] = (int) best[i];
				}
			}
		}
		return codes;
	}

	/**
	 * The query-centroid scores for {@code nq} query vectors: {@code scores[c * nq + i] = <centroid c, query i>}, plus
	 * the top {@code ncells} centroids of every query vector.
	 */
	public CentroidScores score(float[] query, int nq, int ncells) {
		int cells = Math.min(ncells, this.count);
		try (NDManager sub = this.manager.newSubManager()) {
			NDArray q = sub.create(FloatBuffer.wrap(query, 0, nq * this.dim), new Shape(nq, this.dim));
			NDArray scores = this.centroids.matMul(q.transpose());
			float[] s = scores.toFloatArray();
			int[] top;
			if (cells == 1) {
				long[] best = scores.argMax(0).toLongArray();
				top = new int[nq];
				for (int i = 0; i < nq; i++) {
					top[i] = (int) best[i];
				}
			}
			else {
				NDList topK = scores.topK(cells, 0, true, false);
				long[] indices = topK.get(1).toLongArray();
				top = new int[indices.length];
				for (int i = 0; i < indices.length; i++) {
					top[i] = (int) indices[i];
				}
			}
			return new CentroidScores(s, this.count, nq, top);
		}
	}

	@Override
	public void close() {
		this.manager.close();
	}

}
