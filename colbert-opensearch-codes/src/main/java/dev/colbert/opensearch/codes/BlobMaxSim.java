package dev.colbert.opensearch.codes;

import java.util.Arrays;
import java.util.Objects;

import dev.colbert.index.codec.CentroidScores;
import dev.colbert.index.codec.ResidualCodec;
import dev.colbert.search.CentroidScoringInJava;
import dev.colbert.search.CompressedMaxSim;

/**
 * Exact MaxSim of one query against passages' code blobs ({@link CodeBlob}), in plain Java with the embedded store's
 * kernels ({@link CompressedMaxSim}): what a shard computes for each candidate it rescores, with the same arithmetic
 * as the client's rescoring, so both give the same scores up to float rounding.
 *
 * <p>The query's scores against the centroids are computed lazily, only for the centroids that the scored passages
 * use, into a compact matrix that grows as new centroids appear (the passages' centroid ids are renumbered into it).
 * A shard rescoring a window of 64 passages of 100 vectors needs at most 6,400 of the codec's rows, often 16,384 or
 * 32,768: less work, and no matrix of several MB allocated per search.
 *
 * <p>Not thread-safe (scratch buffers): one instance per query and thread.
 */
public final class BlobMaxSim {

	/** Rows of the compact score matrix to start with. */
	private static final int INITIAL_ROWS = 1024;

	private final ResidualCodec codec;

	private final float[] query;

	private final int queryVectors;

	private final int stride;

	private final float[] queryTransposed;

	/** Per centroid: its row in {@link #rows} plus one, 0 while not computed. */
	private final int[] rowOf;

	private float[] rows;

	private int rowCount;

	private int[] pending = new int[256];

	private float[] scratch = new float[0];

	private CompressedMaxSim scorer;

	/**
	 * @param query {@code queryVectors x dim} floats, row-major
	 * @throws IllegalArgumentException when the query does not have the codec's dimension
	 */
	public BlobMaxSim(ResidualCodec codec, float[] query, int queryVectors) {
		this.codec = Objects.requireNonNull(codec, "codec");
		if (queryVectors < 1 || query.length != queryVectors * codec.dim()) {
			throw new IllegalArgumentException("the query has " + query.length + " floats, not " + queryVectors
					+ " vectors of the codec's " + codec.dim() + " dimensions");
		}
		this.query = query;
		this.queryVectors = queryVectors;
		this.stride = CentroidScoringInJava.stride(queryVectors);
		this.queryTransposed = CentroidScoringInJava.transpose(query, queryVectors, codec.dim(), this.stride);
		this.rowOf = new int[codec.numCentroids()];
		grow(Math.min(INITIAL_ROWS, codec.numCentroids()));
	}

	/**
	 * Exact MaxSim of the query and the passage whose blob is {@code bytes[offset, offset + length)}.
	 * @throws IllegalStateException naming the passage when the blob does not fit the codec
	 */
	public float maxSim(String id, byte[] bytes, int offset, int length) {
		CodeBlob.Decoded decoded = CodeBlob.decode(this.codec, id, bytes, offset, length);
		int[] codes = decoded.codes();
		int n = decoded.length();
		int missing = 0;
		for (int j = 0; j < n; j++) {
			int code = codes[j];
			if (this.rowOf[code] == 0) {
				if (missing == this.pending.length) {
					this.pending = Arrays.copyOf(this.pending, 2 * missing);
				}
				this.pending[missing++] = code;
				this.rowOf[code] = this.rowCount + missing;
			}
			codes[j] = this.rowOf[code] - 1;
		}
		if (missing > 0) {
			score(missing);
		}
		return this.scorer.maxSim(codes, 0, decoded.residuals(), decoded.inverseNorms(), n);
	}

	/** How many of the codec's centroids have been scored so far (for tests and diagnostics). */
	public int scoredCentroids() {
		return this.rowCount;
	}

	/** Scores the {@code missing} pending centroids into the rows after {@link #rowCount}. */
	private void score(int missing) {
		int needed = this.rowCount + missing;
		if (needed * this.stride > this.rows.length) {
			int capacity = this.rows.length / this.stride;
			while (capacity < needed) {
				capacity *= 2;
			}
			grow(Math.min(capacity, this.codec.numCentroids()));
		}
		int dim = this.codec.dim();
		if (this.scratch.length < missing * dim) {
			this.scratch = new float[Math.max(missing, 256) * dim];
		}
		CentroidScoringInJava.scoreRows(this.codec.centroids(), dim, this.pending, missing, this.queryTransposed,
				this.stride, this.rows, this.rowCount * this.stride, this.scratch);
		this.rowCount = needed;
	}

	/** A compact matrix of {@code capacity} rows holding the rows computed so far, and a scorer over it. */
	private void grow(int capacity) {
		float[] larger = new float[capacity * this.stride];
		if (this.rows != null) {
			System.arraycopy(this.rows, 0, larger, 0, this.rowCount * this.stride);
		}
		this.rows = larger;
		CentroidScores scores = new CentroidScores(larger, capacity, this.queryVectors, this.stride, new int[0]);
		this.scorer = new CompressedMaxSim(this.codec, this.query, this.queryVectors, scores);
	}

}
