package dev.colbert.index.codec;

import java.util.Arrays;
import java.util.List;

/**
 * Query-centroid scores of one query: {@code scores[c * queryVectors + i]} is the dot product of centroid {@code c}
 * and query vector {@code i}; {@code topCells} holds the best centroids per query vector (any order).
 */
public final class CentroidScores {

	private final float[] scores;

	private final int centroids;

	private final int queryVectors;

	private final int[] topCells;

	public CentroidScores(float[] scores, int centroids, int queryVectors, int[] topCells) {
		if (scores.length != centroids * queryVectors) {
			throw new IllegalArgumentException("scores has " + scores.length + " values, expected " + centroids + " x "
					+ queryVectors);
		}
		this.scores = scores;
		this.centroids = centroids;
		this.queryVectors = queryVectors;
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

	/** Row-major {@code centroids x queryVectors}. Do not modify. */
	public float[] scores() {
		return this.scores;
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
		int[] result = new int[n * this.queryVectors];
		if (n <= 64) {
			// bounded insertion: one pass, rarely more than a compare per centroid
			float[] best = new float[n];
			int[] ids = new int[n];
			for (int i = 0; i < this.queryVectors; i++) {
				int size = 0;
				for (int c = 0; c < this.centroids; c++) {
					float s = this.scores[c * this.queryVectors + i];
					if (size == n && s <= best[n - 1]) {
						continue;
					}
					int p = (size < n) ? size++ : n - 1;
					while (p > 0 && best[p - 1] < s) {
						best[p] = best[p - 1];
						ids[p] = ids[p - 1];
						p--;
					}
					best[p] = s;
					ids[p] = c;
				}
				System.arraycopy(ids, 0, result, i * n, n);
			}
			return result;
		}
		long[] keys = new long[this.centroids];
		for (int i = 0; i < this.queryVectors; i++) {
			for (int c = 0; c < this.centroids; c++) {
				// descending by score: the order-preserving int image of the float, complemented
				int bits = Float.floatToIntBits(this.scores[c * this.queryVectors + i]);
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
			int base = c * q;
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
