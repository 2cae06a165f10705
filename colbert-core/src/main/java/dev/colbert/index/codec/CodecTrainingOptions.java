package dev.colbert.index.codec;

/**
 * How {@link CodecTrainer} builds a codec.
 *
 * @param nbits residual bits per dimension (1, 2 or 4)
 * @param centroids number of centroids, or 0 for the reference formula
 * {@code 2^floor(log2(16 * sqrt(plannedVectors)))}
 * @param kmeansIterations k-means iterations (the reference runs 4)
 * @param maxPointsPerCentroid cap on k-means training points per centroid (faiss' default is 256)
 * @param centroidBits bits per stored centroid coordinate (4 to 16)
 * @param heldOutFraction fraction of the sampled vectors held out to fit the buckets (reference 0.05)
 * @param maxHeldOut cap on held-out vectors (reference 50,000)
 * @param seed random seed for sampling and k-means
 * @param assignmentProbes groups probed by coarse-to-fine nearest-centroid search from
 * {@link CentroidMatrix#APPROXIMATE_MIN_CENTROIDS} centroids (0: always exact)
 */
public record CodecTrainingOptions(int nbits, int centroids, int kmeansIterations, int maxPointsPerCentroid,
		int centroidBits, double heldOutFraction, int maxHeldOut, long seed, int assignmentProbes) {

	public CodecTrainingOptions {
		ResidualCodec.checkNbits(nbits);
		ResidualCodec.checkCentroidBits(centroidBits);
		if (centroids < 0) {
			throw new IllegalArgumentException("centroids must be 0 (reference formula) or positive, was " + centroids);
		}
		if (kmeansIterations < 0 || kmeansIterations > 1000) {
			throw new IllegalArgumentException("kmeansIterations must be between 0 and 1000, was " + kmeansIterations);
		}
		if (maxPointsPerCentroid < 1) {
			throw new IllegalArgumentException("maxPointsPerCentroid must be at least 1, was " + maxPointsPerCentroid);
		}
		if (!(heldOutFraction > 0 && heldOutFraction < 0.5)) {
			throw new IllegalArgumentException("heldOutFraction must be in (0, 0.5), was " + heldOutFraction);
		}
		if (maxHeldOut < 1) {
			throw new IllegalArgumentException("maxHeldOut must be at least 1, was " + maxHeldOut);
		}
		if (assignmentProbes < 0 || assignmentProbes > 1024) {
			throw new IllegalArgumentException(
					"assignmentProbes must be 0 (exact) or between 1 and 1024, was " + assignmentProbes);
		}
	}

	/**
	 * The reference settings (nbits 2, reference centroid count, 4 iterations, 256 points per centroid), 6-bit
	 * centroids, coarse-to-fine assignment with 8 probes from 4,096 centroids.
	 */
	public static CodecTrainingOptions defaults() {
		return new CodecTrainingOptions(2, 0, 4, 256, 6, 0.05, 50_000, 42, CentroidMatrix.DEFAULT_PROBES);
	}

}
