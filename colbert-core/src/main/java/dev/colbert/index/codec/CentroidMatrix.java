package dev.colbert.index.codec;

import java.nio.FloatBuffer;
import java.util.Arrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Centroids held in libtorch memory for the two matrix products that dominate indexing and search: nearest-centroid
 * assignment of many vectors ({@code argmax_c x.c - |c|^2/2}, i.e. the smallest L2 distance) and the query-centroid
 * score matrix {@code S = C . Q^T} of PLAID's first stage. Scalar Java is too slow for both (a 32,768 x 128 x 32
 * product per query).
 *
 * <p><b>Assignment</b> is exact below {@value #APPROXIMATE_MIN_CENTROIDS} centroids. From there, with
 * {@code probes > 0}, it is coarse-to-fine: the centroids are clustered into about {@code sqrt(count)} groups; a vector
 * is compared with the group centres, then exactly with the members of its {@code probes} best groups. At 32,768
 * centroids and 8 probes that is about 1,300 instead of 32,768 dot products per vector; the chosen centroid is the
 * exact nearest for the large majority of vectors and otherwise a close one (the residual codes whichever centroid is
 * chosen, so decompression stays correct, with a slightly larger residual). Exactness is measured and logged by
 * {@link CodecTrainer}. Query-centroid scores are always exact.
 *
 * <p>Thread-safe: each call works in its own child {@link NDManager}. {@link #close()} releases the native memory;
 * callers must make sure no call is in flight.
 */
public final class CentroidMatrix implements AutoCloseable {

	/** Score-matrix elements per assignment chunk (32 MiB of floats). */
	private static final int CHUNK_ELEMENTS = 1 << 23;

	/** Centroid count from which assignment may be coarse-to-fine. */
	public static final int APPROXIMATE_MIN_CENTROIDS = 4096;

	/** Default groups probed by coarse-to-fine assignment. */
	public static final int DEFAULT_PROBES = 8;

	private final float[] hostCentroids;

	private final int probes;

	private volatile CoarseGroups coarse;

	private final NDManager manager;

	private final NDArray centroids;

	private final NDArray centroidsTransposed;

	private final NDArray negativeHalfNorms;

	private final int count;

	private final int dim;

	private CentroidMatrix(NDManager manager, NDArray centroids, float[] hostCentroids, int count, int dim,
			int probes) {
		this.manager = manager;
		this.hostCentroids = hostCentroids;
		this.probes = probes;
		this.centroids = centroids;
		this.centroidsTransposed = centroids.transpose().toDense();
		this.negativeHalfNorms = centroids.square().sum(new int[] { 1 }).mul(-0.5f);
		this.count = count;
		this.dim = dim;
	}

	/** Copies {@code count * dim} row-major floats into libtorch memory; assignment is always exact. */
	public static CentroidMatrix of(float[] centroids, int count, int dim) {
		return of(centroids, count, dim, 0);
	}

	/**
	 * Copies {@code count * dim} row-major floats into libtorch memory.
	 * @param probes groups probed by coarse-to-fine assignment from {@value #APPROXIMATE_MIN_CENTROIDS} centroids, or
	 * 0 for exact assignment always
	 */
	public static CentroidMatrix of(float[] centroids, int count, int dim, int probes) {
		if (probes < 0) {
			throw new IllegalArgumentException("probes must be 0 (exact) or positive, was " + probes);
		}
		if (centroids.length != count * dim) {
			throw new IllegalArgumentException(
					"centroids has " + centroids.length + " floats, expected " + count + " x " + dim);
		}
		NDManager manager = NDManager.newBaseManager("PyTorch");
		try {
			NDArray array = manager.create(FloatBuffer.wrap(centroids), new Shape(count, dim));
			return new CentroidMatrix(manager, array, centroids, count, dim, probes);
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

	/** The centroids as row-major floats on the Java heap. Do not modify. */
	public float[] hostCentroids() {
		return this.hostCentroids;
	}

	/** Rows per assignment chunk for this centroid count. */
	int chunkRows() {
		return Math.max(64, Math.min(16384, CHUNK_ELEMENTS / this.count));
	}

	/** Whether {@link #nearest} is coarse-to-fine rather than exact. */
	public boolean approximate() {
		return this.probes > 0 && this.count >= APPROXIMATE_MIN_CENTROIDS;
	}

	/**
	 * The nearest centroid (smallest L2 distance) of each of the {@code n} vectors stored row-major in
	 * {@code vectors[offset...]}; coarse-to-fine when {@link #approximate()}.
	 */
	public int[] nearest(float[] vectors, int offset, int n) {
		if (approximate()) {
			return coarseGroups().nearest(vectors, offset, n);
		}
		return nearestExact(vectors, offset, n);
	}

	/** The exact nearest centroid of each vector. */
	public int[] nearestExact(float[] vectors, int offset, int n) {
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
	 * The query-centroid scores of centroids {@code [from, to)}: {@code scores[(c - from) * nq + i]}, with the best
	 * {@code ncells} of them per query vector. Row blocks can be scored by several threads and merged with
	 * {@link CentroidScores#merge}.
	 */
	public CentroidScores.Block scoreRows(float[] query, int nq, int from, int to, int ncells) {
		int rows = to - from;
		int cells = Math.min(ncells, rows);
		try (NDManager sub = this.manager.newSubManager()) {
			NDArray q = sub.create(FloatBuffer.wrap(query, 0, nq * this.dim), new Shape(nq, this.dim));
			NDArray block = (from == 0 && to == this.count) ? this.centroids
					: this.centroids.get(new NDIndex(from + ":" + to));
			NDArray scores = block.matMul(q.transpose());
			float[] s = scores.toFloatArray();
			float[] topValues;
			long[] topIndices;
			if (cells == 1) {
				topValues = scores.max(new int[] { 0 }).toFloatArray();
				topIndices = scores.argMax(0).toLongArray();
			}
			else {
				NDList topK = scores.topK(cells, 0, true, false);
				topValues = topK.get(0).toFloatArray();
				topIndices = topK.get(1).toLongArray();
			}
			int[] topIds = new int[topIndices.length];
			for (int i = 0; i < topIds.length; i++) {
				topIds[i] = (int) topIndices[i] + from;
			}
			return new CentroidScores.Block(from, to, s, cells, topValues, topIds);
		}
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

	private CoarseGroups coarseGroups() {
		CoarseGroups groups = this.coarse;
		if (groups == null) {
			synchronized (this) {
				groups = this.coarse;
				if (groups == null) {
					groups = new CoarseGroups();
					this.coarse = groups;
				}
			}
		}
		return groups;
	}

	@Override
	public void close() {
		this.manager.close();
	}

	/** The centroids clustered into groups, each group's members resident in libtorch memory. */
	private final class CoarseGroups {

		private final int groups;

		private final NDArray groupsTransposed;

		private final NDArray groupNegativeHalfNorms;

		private final int[][] members;

		private final NDArray[] membersTransposed;

		private final NDArray[] memberNegativeHalfNorms;

		CoarseGroups() {
			int dim = CentroidMatrix.this.dim;
			int count = CentroidMatrix.this.count;
			this.groups = Integer.highestOneBit((int) Math.ceil(Math.sqrt(count)) * 2 - 1);
			float[] centres = KMeans.train(CentroidMatrix.this.hostCentroids, count, dim, this.groups, 10, 17);
			int[] groupOf;
			try (CentroidMatrix matrix = CentroidMatrix.of(centres, this.groups, dim)) {
				groupOf = matrix.nearestExact(CentroidMatrix.this.hostCentroids, 0, count);
			}
			int[] sizes = new int[this.groups];
			for (int g : groupOf) {
				sizes[g]++;
			}
			this.members = new int[this.groups][];
			for (int g = 0; g < this.groups; g++) {
				this.members[g] = new int[sizes[g]];
			}
			int[] fill = new int[this.groups];
			for (int c = 0; c < count; c++) {
				this.members[groupOf[c]][fill[groupOf[c]]++] = c;
			}
			NDManager m = CentroidMatrix.this.manager;
			NDArray centresArray = m.create(FloatBuffer.wrap(centres), new Shape(this.groups, dim));
			this.groupsTransposed = centresArray.transpose().toDense();
			this.groupNegativeHalfNorms = centresArray.square().sum(new int[] { 1 }).mul(-0.5f);
			this.membersTransposed = new NDArray[this.groups];
			this.memberNegativeHalfNorms = new NDArray[this.groups];
			for (int g = 0; g < this.groups; g++) {
				if (this.members[g].length == 0) {
					continue;
				}
				float[] rows = new float[this.members[g].length * dim];
				for (int i = 0; i < this.members[g].length; i++) {
					System.arraycopy(CentroidMatrix.this.hostCentroids, this.members[g][i] * dim, rows, i * dim, dim);
				}
				NDArray memberArray = m.create(FloatBuffer.wrap(rows), new Shape(this.members[g].length, dim));
				this.membersTransposed[g] = memberArray.transpose().toDense();
				this.memberNegativeHalfNorms[g] = memberArray.square().sum(new int[] { 1 }).mul(-0.5f);
			}
		}

		int[] nearest(float[] vectors, int offset, int n) {
			int dim = CentroidMatrix.this.dim;
			int probes = Math.min(CentroidMatrix.this.probes, this.groups);
			int[] codes = new int[n];
			int rows = 16384;
			for (int start = 0; start < n; start += rows) {
				int m = Math.min(rows, n - start);
				long[] top;
				try (NDManager sub = CentroidMatrix.this.manager.newSubManager()) {
					NDArray x = sub.create(FloatBuffer.wrap(vectors, offset + start * dim, m * dim), new Shape(m, dim));
					NDArray scores = x.matMul(this.groupsTransposed).addi(this.groupNegativeHalfNorms);
					top = scores.topK(probes, 1, true, false).get(1).toLongArray();
				}
				// rows probing each group
				int[] counts = new int[this.groups + 1];
				for (long g : top) {
					counts[(int) g + 1]++;
				}
				for (int g = 0; g < this.groups; g++) {
					counts[g + 1] += counts[g];
				}
				int[] byGroup = new int[top.length];
				int[] fill = counts.clone();
				for (int i = 0; i < top.length; i++) {
					byGroup[fill[(int) top[i]]++] = i / probes;
				}
				float[] best = new float[m];
				Arrays.fill(best, Float.NEGATIVE_INFINITY);
				for (int g = 0; g < this.groups; g++) {
					int size = counts[g + 1] - counts[g];
					if (size == 0 || this.members[g].length == 0) {
						continue;
					}
					float[] gathered = new float[size * dim];
					for (int i = 0; i < size; i++) {
						System.arraycopy(vectors, offset + (start + byGroup[counts[g] + i]) * dim, gathered, i * dim, dim);
					}
					float[] values;
					long[] indices;
					try (NDManager sub = CentroidMatrix.this.manager.newSubManager()) {
						NDArray xs = sub.create(FloatBuffer.wrap(gathered), new Shape(size, dim));
						NDArray scores = xs.matMul(this.membersTransposed[g]).addi(this.memberNegativeHalfNorms[g]);
						values = scores.max(new int[] { 1 }).toFloatArray();
						indices = scores.argMax(1).toLongArray();
					}
					for (int i = 0; i < size; i++) {
						int row = byGroup[counts[g] + i];
						if (values[i] > best[row]) {
							best[row] = values[i];
							codes[start + row] = this.members[g][(int) indices[i]];
						}
					}
				}
			}
			return codes;
		}

	}

}
