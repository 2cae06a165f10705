package dev.colbert.search;

/**
 * The inner loops of a search, in two implementations with identical semantics: {@link ScalarKernels} (plain Java,
 * stage 1 on libtorch) and {@link VectorKernels} (the incubating Java Vector API, used when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}). {@link SimdSupport} picks one per JVM.
 *
 * <p>Query-indexed arrays have a row <em>stride</em> of {@link #stride(int)} floats for {@code nq} query vectors; the
 * columns from {@code nq} to the stride belong to zero query vectors and are never summed.
 */
interface ScoringKernels {

	/** A short description for logs and benchmarks. */
	String description();

	/** Whether stage 1 (query-centroid scores) runs in Java through {@link #centroidScores} rather than libtorch. */
	boolean scoresCentroids();

	/** The row stride for {@code nq} query vectors. */
	int stride(int nq);

	/**
	 * {@code out[outOffset + (c - from) * stride + i] = <centroid c, query vector i>} for centroids {@code [from, to)}.
	 * @param centroids row-major, {@code dim} floats per centroid
	 * @param queryTransposed {@code dim x stride}, {@code queryTransposed[d * stride + i]}, zero beyond {@code nq}
	 */
	void centroidScores(float[] centroids, int dim, int from, int to, float[] queryTransposed, int stride, float[] out,
			int outOffset);

	/** For each of the first {@code nq} columns of {@code scores} ({@code count} rows), the row of its maximum. */
	int[] argmaxColumns(float[] scores, int count, int stride, int nq);

	/**
	 * PLAID stages 2 and 3 for one document: {@code sum_i max_j scores[codes[j] * stride + i]} over its codes
	 * {@code [start, end)}, skipping codes with {@code reaching[code] == false} (when {@code reaching} is not null) and
	 * repeated consecutive codes. Columns without any code keep {@code floor}.
	 * @param scratch at least {@code stride} floats
	 * @return the sum, or {@code NaN} when {@code reaching} excluded every code
	 */
	float centroidInteraction(float[] scores, int stride, int nq, int[] codes, int start, int end, boolean[] reaching,
			float floor, float[] scratch);

	/**
	 * The per-query residual lookup table of {@link QueryScorer}: for nibble position {@code h} (two per residual byte,
	 * high nibble first) and nibble value {@code v}, row {@code h * 16 + v} holds {@code sum_t query[i][d_t] *
	 * weight(bucket_t(v))} over the dimensions the nibble covers.
	 */
	ResidualTable residualTable(float[] query, int nq, int dim, int nbits, float[] bucketWeights, int bytesPerVector);

	/**
	 * Exact MaxSim of a document: {@code sum_i max_j (scores[codes[j] * stride + i] + residual_i(j)) *
	 * inverseNorms[normStart + j]} over its {@code length} vectors, residual_i(j) summed from {@code table} for the
	 * packed residual bytes {@code residuals[j * bytesPerVector ...]}.
	 * @param scratch at least {@code stride} floats
	 */
	float maxSim(ResidualTable table, float[] scores, int[] codes, int codeStart, byte[] residuals, int length,
			float[] inverseNorms, int normStart, float[] scratch);

	/**
	 * A residual lookup table in the layout of the kernels that built it.
	 *
	 * @param rows row arrays of {@code nq} floats (scalar kernels), or null
	 * @param flat {@code rows x stride} floats (vector kernels), or null
	 * @param nq query vectors
	 * @param stride row stride of {@code flat} and of the centroid scores it is used with
	 * @param bytesPerVector packed residual bytes per stored vector
	 */
	record ResidualTable(float[][] rows, float[] flat, int nq, int stride, int bytesPerVector) {
	}

}
