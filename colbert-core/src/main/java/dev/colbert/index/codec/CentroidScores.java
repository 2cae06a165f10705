package dev.colbert.index.codec;

import java.util.Arrays;
import java.util.List;

/**
 * Query-centroid scores of one query: {@code scores[c * stride + i]} is the dot product of centroid {@code c} and query
 * vector {@code i} ({@code i < queryVectors}; the stride may pad rows for vector instructions, padding columns hold
 * scores of zero vectors and are ignored); {@code topCells} holds the best centroids per query vector (any order).
 */
public final class CentroidScores {

	private final float[] scores;

	private final int centroids;

	private final int queryVectors;

	private final int stride;

	private final int[] topCells;

	/** Scores with rows of exactly {@code queryVectors} floats. */
	public CentroidScores(float[] scores, int centroids, int queryVectors, int[] topCells) {
		this(scores, centroids, queryVectors, queryVectors, topCells);
	}

	/**
	 * @param stride floats per centroid row, at least {@code queryVectors}
	 * @param topCells the best cells of every query vector (any order)
	 */
	public CentroidScores(float[] scores, int centroids, int queryVectors, int stride, int[] topCells) {
		if (stride < queryVectors) {
			throw new IllegalArgumentException("stride " + stride + " is below the " + queryVectors + " query vectors");
		}
		if (scores.length != (long) centroids * stride) {
			throw new IllegalArgumentException("scores has " + scores.length + " values, expected " + centroids + " x "
					+ stride);
		}
		this.scores = scores;
		this.centroids = centroids;
		this.queryVectors = queryVectors;
		this.stride = stride;
		this.topCells = topCells;
	}

	/**
	 * Scores of a block of centroid rows and its best cells.
	 *
	 * @param from first centroid
	 * @param to end (exclusive)
	 * @param scores {@code (to - from) x queryVectors}, row-major
	 * @param cells best cells kept per query vector
	 * @param topValues {@code cells x queryVectors} scores of the best cells, row-major by rank
	 * @param topIds their centroid ids (absolute), same layout
	 */
	public record Block(int from, int to, float[] scores, int cells, float[] topValues, int[] topIds) {
	}

	/** Assembles the scores of all centroids from blocks that cover {@code [0, centroids)} without overlap. */
	public static CentroidScores merge(List<Block> blocks, int centroids, int queryVectors, int ncells) {
		float[] scores = new float[centroids * queryVectors];
		int covered = 0;
		for (Block block : blocks) {
			System.arraycopy(block.scores(), 0, scores, block.from() * queryVectors, block.scores().length);
			covered += block.to() - block.from();
		}
		if (covered != centroids) {
			throw new IllegalArgumentException("blocks cover " + covered + " of " + centroids + " centroids");
		}
		int cells = Math.min(ncells, centroids);
		int[] top = new int[cells * queryVectors];
		float[] bestValues = new float[cells];
		int[] bestIds = new int[cells];
		for (int i = 0; i < queryVectors; i++) {
			int size = 0;
			for (Block block : blocks) {
				for (int r = 0; r < block.cells(); r++) {
					float v = block.topValues()[r * queryVectors + i];
					int id = block.topIds()[r * queryVectors + i];
					if (size == cells && v <= bestValues[cells - 1]) {
						continue;
					}
					int p = (size < cells) ? size++ : cells - 1;
					while (p > 0 && bestValues[p - 1] < v) {
						bestValues[p] = bestValues[p - 1];
						bestIds[p] = bestIds[p - 1];
						p--;
					}
					bestValues[p] = v;
					bestIds[p] = id;
				}
			}
			for (int r = 0; r < cells; r++) {
				top[r * queryVectors + i] = bestIds[r];
			}
		}
		return new CentroidScores(scores, centroids, queryVectors, top);
	}

	/** Row-major {@code centroids x stride}. Do not modify. */
	public float[] scores() {
		return this.scores;
	}

	/** Floats per centroid row of {@link #scores()}. */
	public int stride() {
		return this.stride;
	}

	public int centroids() {
		return this.centroids;
	}

	public int queryVectors() {
		return this.queryVectors;
	}

	/** The top cells computed with the scores. Do not modify. */
	public int[] topCells() {
		return this.topCells;
	}

	/** The best {@code ncells} centroids of every query vector, computed in Java (for widened searches). */
	public int[] topCells(int ncells) {
		int n = Math.min(ncells, this.centroids);
		int nq = this.queryVectors;
		int[] result = new int[n * nq];
		if (n <= 64) {
			// one row-major pass with a bounded insertion list per query vector; rarely more than a compare per score
			float[][] best = new float[nq][n];
			int[][] ids = new int[nq][n];
			int[] sizes = new int[nq];
			float[] worst = new float[nq];
			Arrays.fill(worst, Float.NEGATIVE_INFINITY);
			for (int c = 0; c < this.centroids; c++) {
				int base = c * this.stride;
				for (int i = 0; i < nq; i++) {
					float s = this.scores[base + i];
					if (s <= worst[i] && sizes[i] == n) {
						continue;
					}
					float[] b = best[i];
					int[] d = ids[i];
					int p = (sizes[i] < n) ? sizes[i]++ : n - 1;
					while (p > 0 && b[p - 1] < s) {
						b[p] = b[p - 1];
						d[p] = d[p - 1];
						p--;
					}
					b[p] = s;
					d[p] = c;
					if (sizes[i] == n) {
						worst[i] = b[n - 1];
					}
				}
			}
			for (int i = 0; i < nq; i++) {
				System.arraycopy(ids[i], 0, result, i * n, n);
			}
			return result;
		}
		long[] keys = new long[this.centroids];
		for (int i = 0; i < nq; i++) {
			for (int c = 0; c < this.centroids; c++) {
				// descending by score: the order-preserving int image of the float, complemented
				int bits = Float.floatToIntBits(this.scores[c * this.stride + i]);
				int sortable = (bits >= 0) ? bits : bits ^ 0x7FFFFFFF;
				keys[c] = ((long) (~sortable) << 32) | (c & 0xFFFFFFFFL);
			}
			Arrays.sort(keys);
			for (int j = 0; j < n; j++) {
				result[i * n + j] = (int) keys[j];
			}
		}
		return result;
	}

	/** For every centroid, whether its best score over the query vectors reaches {@code threshold}. */
	public boolean[] centroidsReaching(float threshold) {
		boolean[] result = new boolean[this.centroids];
		int q = this.queryVectors;
		for (int c = 0; c < this.centroids; c++) {
			int base = c * this.stride;
			for (int i = 0; i < q; i++) {
				if (this.scores[base + i] >= threshold) {
					result[c] = true;
					break;
				}
			}
		}
		return result;
	}

}
