package dev.colbert.search;

/**
 * A query's scores against chosen centroids, computed in Java from the centroids' coordinates alone, for a process that
 * only rescores compressed documents and has no {@code CentroidMatrix} (libtorch), such as an OpenSearch shard. Uses
 * the Vector API kernels when this JVM has them ({@link SimdSupport}), else the plain Java loop; the row stride is the
 * one {@link CompressedMaxSim} expects. This class refers to nothing of libtorch, so it loads without it.
 */
public final class CentroidScoringInJava {

	private CentroidScoringInJava() {
	}

	/** The row stride of centroid scores for {@code nq} query vectors with this JVM's kernels. */
	public static int stride(int nq) {
		return SimdSupport.kernels().stride(nq);
	}

	/**
	 * The scores of chosen centroids only, for a reader that needs a few of many: row {@code r} of {@code out} (from
	 * {@code outOffset}, {@code stride} floats per row) gets centroid {@code ids[r]}'s scores, {@code r < count}.
	 * @param centroids {@code numCentroids x dim} floats, row-major
	 * @param queryTransposed the query from {@link #transpose}
	 * @param scratch at least {@code count x dim} floats
	 */
	public static void scoreRows(float[] centroids, int dim, int[] ids, int count, float[] queryTransposed,
			int stride, float[] out, int outOffset, float[] scratch) {
		for (int r = 0; r < count; r++) {
			System.arraycopy(centroids, ids[r] * dim, scratch, r * dim, dim);
		}
		SimdSupport.kernels().centroidScores(scratch, dim, 0, count, queryTransposed, stride, out, outOffset);
	}

	/** {@code query} ({@code nq x dim}) as {@code dim x stride}, zero beyond {@code nq}. */
	public static float[] transpose(float[] query, int nq, int dim, int stride) {
		float[] transposed = new float[dim * stride];
		for (int i = 0; i < nq; i++) {
			for (int d = 0; d < dim; d++) {
				transposed[d * stride + i] = query[i * dim + d];
			}
		}
		return transposed;
	}

}
