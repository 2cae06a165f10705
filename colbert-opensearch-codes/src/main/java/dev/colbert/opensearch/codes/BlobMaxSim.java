package dev.colbert.opensearch.codes;

import java.util.Objects;

import dev.colbert.index.codec.CentroidScores;
import dev.colbert.index.codec.ResidualCodec;
import dev.colbert.search.CentroidScoringInJava;
import dev.colbert.search.CompressedMaxSim;

/**
 * Exact MaxSim of one query against passages' code blobs ({@link CodeBlob}), in plain Java: the query's centroid
 * scores from the codec's centroids ({@link CentroidScoringInJava}), then the embedded store's kernels
 * ({@link CompressedMaxSim}). What a shard computes for each candidate it rescores; the same arithmetic as the client's
 * rescoring, so both give the same scores up to float rounding.
 *
 * <p>Not thread-safe (scratch buffers): one instance per query and thread.
 */
public final class BlobMaxSim {

	private final ResidualCodec codec;

	private final CompressedMaxSim scorer;

	/**
	 * @param query {@code queryVectors x dim} floats, row-major
	 * @throws IllegalArgumentException when the query does not have the codec's dimension
	 */
	public BlobMaxSim(ResidualCodec codec, float[] query, int queryVectors) {
		this(codec, query, queryVectors, centroidScores(codec, query, queryVectors));
	}

	/**
	 * With the query's centroid scores computed beforehand ({@link #centroidScores}): they can be shared by the
	 * scorers of several threads, the costly part of a scorer.
	 */
	public BlobMaxSim(ResidualCodec codec, float[] query, int queryVectors, CentroidScores scores) {
		this.codec = Objects.requireNonNull(codec, "codec");
		checkQuery(codec, query, queryVectors);
		this.scorer = new CompressedMaxSim(codec, query, queryVectors, scores);
	}

	/** The query's scores against every centroid of the codec, in Java. */
	public static CentroidScores centroidScores(ResidualCodec codec, float[] query, int queryVectors) {
		checkQuery(codec, query, queryVectors);
		return CentroidScoringInJava.score(codec.centroids(), codec.numCentroids(), codec.dim(), query, queryVectors);
	}

	private static void checkQuery(ResidualCodec codec, float[] query, int queryVectors) {
		if (queryVectors < 1 || query.length != queryVectors * codec.dim()) {
			throw new IllegalArgumentException("the query has " + query.length + " floats, not " + queryVectors
					+ " vectors of the codec's " + codec.dim() + " dimensions");
		}
	}

	/**
	 * Exact MaxSim of the query and the passage whose blob is {@code bytes[offset, offset + length)}.
	 * @throws IllegalStateException naming the passage when the blob does not fit the codec
	 */
	public float maxSim(String id, byte[] bytes, int offset, int length) {
		CodeBlob.Decoded decoded = CodeBlob.decode(this.codec, id, bytes, offset, length);
		return this.scorer.maxSim(decoded.codes(), 0, decoded.residuals(), decoded.inverseNorms(), decoded.length());
	}

}
