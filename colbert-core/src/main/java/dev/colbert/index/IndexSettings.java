package dev.colbert.index;

import dev.colbert.index.codec.CodecTrainingOptions;

/**
 * How a {@link ColbertIndex} compresses, trains and maintains itself. Immutable; build with {@link #builder()}.
 *
 * <p>Defaults follow the ColBERTv2 reference: 2 bits per dimension, centroid count
 * {@code 2^floor(log2(16 * sqrt(vectors)))}, 4 k-means iterations on at most 256 points per centroid, 5% of the
 * sample (at most 50,000 vectors) held out to fit the residual buckets. Beyond the reference, centroids are stored with
 * {@code centroidBits} (default 6) bits per coordinate; the residuals are taken against the stored centroids, so this
 * costs no accuracy beyond a slightly wider residual distribution. From 4,096 centroids, training and encoding find
 * nearest centroids coarse-to-fine ({@code assignmentProbes}, default 8), as exact search is too slow on a CPU.
 *
 * <p>Adaptive codec training (on by default, see {@link #adaptiveTraining()}): an index that grows by small commits
 * keeps its documents' original vectors (half precision) beside the compressed ones, and retrains its codec and
 * re-compresses every document from the originals whenever a commit finds the collection
 * {@link #retrainGrowthFactor()} times larger than the size the codec was trained for, until
 * {@link #adaptiveTrainingMaxVectors()}; beyond that the originals are dropped and only
 * {@code IndexStats.reclusterAdvisable()} reports growth.
 */
public final class IndexSettings {

	/** Default residual bits per dimension (the ColBERTv2 reference's). */
	public static final int DEFAULT_NBITS = 2;

	/** Default k-means iterations when the codec is trained (the reference's). */
	public static final int DEFAULT_KMEANS_ITERATIONS = 4;

	/** Default bits per stored centroid coordinate. */
	public static final int DEFAULT_CENTROID_BITS = 6;

	/** Default seed of the codec's sampling and k-means. */
	public static final long DEFAULT_SEED = 42;

	/** Default number of segments above which a commit merges the smallest ones. */
	public static final int DEFAULT_MERGE_FACTOR = 10;

	/** Whether opening an index verifies the checksum of every file, by default. */
	public static final boolean DEFAULT_VERIFY_CHECKSUMS_ON_OPEN = true;

	/** Default threads one search uses. */
	public static final int DEFAULT_SEARCH_THREADS = 1;

	private final int nbits;

	private final int centroids;

	private final int kmeansIterations;

	private final int maxPointsPerCentroid;

	private final int centroidBits;

	private final double heldOutFraction;

	private final int maxHeldOut;

	private final long seed;

	private final int mergeFactor;

	private final double reclusterGrowthFactor;

	private final boolean verifyChecksumsOnOpen;

	private final int assignmentProbes;

	private final int searchThreads;

	private final boolean adaptiveTraining;

	private final double retrainGrowthFactor;

	private final long adaptiveTrainingMaxVectors;

	private IndexSettings(Builder builder) {
		this.nbits = builder.nbits;
		this.centroids = builder.centroids;
		this.kmeansIterations = builder.kmeansIterations;
		this.maxPointsPerCentroid = builder.maxPointsPerCentroid;
		this.centroidBits = builder.centroidBits;
		this.heldOutFraction = builder.heldOutFraction;
		this.maxHeldOut = builder.maxHeldOut;
		this.seed = builder.seed;
		this.mergeFactor = builder.mergeFactor;
		this.reclusterGrowthFactor = builder.reclusterGrowthFactor;
		this.verifyChecksumsOnOpen = builder.verifyChecksumsOnOpen;
		this.assignmentProbes = builder.assignmentProbes;
		this.searchThreads = builder.searchThreads;
		this.adaptiveTraining = builder.adaptiveTraining;
		this.retrainGrowthFactor = builder.retrainGrowthFactor;
		this.adaptiveTrainingMaxVectors = builder.adaptiveTrainingMaxVectors;
		// validates the codec part
		trainingOptions();
	}

	public static IndexSettings defaults() {
		return builder().build();
	}

	public static Builder builder() {
		return new Builder();
	}

	/** Residual bits per dimension: 1, 2 or 4. Fixed when the index is created. */
	public int nbits() {
		return this.nbits;
	}

	/** Centroid count, or 0 for the reference formula on the collection size at training time. */
	public int centroids() {
		return this.centroids;
	}

	public int kmeansIterations() {
		return this.kmeansIterations;
	}

	public int maxPointsPerCentroid() {
		return this.maxPointsPerCentroid;
	}

	/** Bits per stored centroid coordinate, 4 to 16. */
	public int centroidBits() {
		return this.centroidBits;
	}

	public double heldOutFraction() {
		return this.heldOutFraction;
	}

	public int maxHeldOut() {
		return this.maxHeldOut;
	}

	public long seed() {
		return this.seed;
	}

	/** More segments than this after a commit triggers a merge of the smallest ones. */
	public int mergeFactor() {
		return this.mergeFactor;
	}

	/**
	 * A re-cluster is advisable once the live token vectors exceed this multiple of the collection size the centroids
	 * were planned for (4: the reference formula then asks for twice the centroids).
	 */
	public double reclusterGrowthFactor() {
		return this.reclusterGrowthFactor;
	}

	/** Whether opening an index verifies the CRC32C of every file (reads each file once). */
	public boolean verifyChecksumsOnOpen() {
		return this.verifyChecksumsOnOpen;
	}

	/**
	 * Groups probed by the coarse-to-fine nearest-centroid search used from 4,096 centroids when training and encoding
	 * (0: always exact; see {@link dev.colbert.index.codec.CentroidMatrix}).
	 */
	public int assignmentProbes() {
		return this.assignmentProbes;
	}

	/**
	 * Threads one search uses (the caller plus a pool shared by the index's searches). 1 suits servers that run many
	 * searches at once; more lowers the latency of a single search when cores are idle. Results do not depend on it.
	 */
	public int searchThreads() {
		return this.searchThreads;
	}

	/**
	 * Whether the index retrains its codec automatically while it is small (default true). The first commit that holds
	 * vectors trains the codec on them; an application that adds a few documents per commit would otherwise compress
	 * its whole collection forever with centroids and residual buckets fitted to that first handful of vectors. With
	 * adaptive training, commits also write each new segment's original vectors in half precision ({@code .src}
	 * files, about {@code 2 * dim} bytes per vector, reported as {@code IndexStats.sourceVectorBytes()}); a commit
	 * that finds the live collection at least {@link #retrainGrowthFactor()} times the size the codec was planned for
	 * trains a new codec on a reference-sized sample of the original vectors and re-compresses every live document from
	 * them (the files of the previous commit stay untouched until the new commit point is published, so a crash leaves
	 * the previous commit intact). The originals are kept only while another retraining can happen within
	 * {@link #adaptiveTrainingMaxVectors()}; after that commits drop them and {@code IndexStats.reclusterAdvisable()}
	 * reports when the collection has outgrown its codec ({@link #reclusterGrowthFactor()}). An index whose codec was
	 * trained explicitly ({@code ColbertIndex.train}) for a planned size keeps originals only if that size times the
	 * growth factor is within the bound.
	 */
	public boolean adaptiveTraining() {
		return this.adaptiveTraining;
	}

	/**
	 * A commit retrains the codec (with {@link #adaptiveTraining()}) once the live token vectors reach this multiple of
	 * the collection size the codec was planned for (default 2: at most {@code log2(max / first commit)} retrainings,
	 * and re-compression work of at most twice the final collection in total).
	 */
	public double retrainGrowthFactor() {
		return this.retrainGrowthFactor;
	}

	/**
	 * Largest collection (live token vectors) at which a commit retrains the codec automatically (default 262,144:
	 * 4,096 to 8,192 centroids; the retraining then takes tens of seconds on one core). Original vectors are kept only
	 * while the next retraining point, {@code retrainGrowthFactor} times the codec's planned size, is within it. Use
	 * {@code ColbertIndex.recluster()} for larger collections.
	 */
	public long adaptiveTrainingMaxVectors() {
		return this.adaptiveTrainingMaxVectors;
	}

	/** The codec training part of these settings. */
	public CodecTrainingOptions trainingOptions() {
		return new CodecTrainingOptions(this.nbits, this.centroids, this.kmeansIterations, this.maxPointsPerCentroid,
				this.centroidBits, this.heldOutFraction, this.maxHeldOut, this.seed, this.assignmentProbes);
	}

	@Override
	public String toString() {
		return "IndexSettings[nbits=" + this.nbits + ", centroids=" + ((this.centroids == 0) ? "reference" : this.centroids)
				+ ", kmeansIterations=" + this.kmeansIterations + ", maxPointsPerCentroid=" + this.maxPointsPerCentroid
				+ ", centroidBits=" + this.centroidBits + ", assignmentProbes=" + this.assignmentProbes + ", seed="
				+ this.seed + ", mergeFactor=" + this.mergeFactor + ", searchThreads=" + this.searchThreads
				+ ", adaptiveTraining=" + this.adaptiveTraining + ((this.adaptiveTraining) ? ", retrainGrowthFactor="
						+ this.retrainGrowthFactor + ", adaptiveTrainingMaxVectors=" + this.adaptiveTrainingMaxVectors : "")
				+ "]";
	}

	/** Builder of {@link IndexSettings}; every setter validates its argument. */
	public static final class Builder {

		private int nbits = DEFAULT_NBITS;

		private int centroids = 0;

		private int kmeansIterations = DEFAULT_KMEANS_ITERATIONS;

		private int maxPointsPerCentroid = 256;

		private int centroidBits = DEFAULT_CENTROID_BITS;

		private double heldOutFraction = 0.05;

		private int maxHeldOut = 50_000;

		private long seed = DEFAULT_SEED;

		private int mergeFactor = DEFAULT_MERGE_FACTOR;

		private double reclusterGrowthFactor = 4.0;

		private boolean verifyChecksumsOnOpen = DEFAULT_VERIFY_CHECKSUMS_ON_OPEN;

		private int assignmentProbes = 8;

		private int searchThreads = DEFAULT_SEARCH_THREADS;

		private boolean adaptiveTraining = true;

		private double retrainGrowthFactor = 2.0;

		private long adaptiveTrainingMaxVectors = 262_144;

		private Builder() {
		}

		public Builder nbits(int nbits) {
			if (nbits != 1 && nbits != 2 && nbits != 4) {
				throw new IllegalArgumentException("nbits must be 1, 2 or 4, was " + nbits);
			}
			this.nbits = nbits;
			return this;
		}

		public Builder centroids(int centroids) {
			if (centroids < 0 || centroids > (1 << 24)) {
				throw new IllegalArgumentException(
						"centroids must be 0 (reference formula) or between 1 and 16,777,216, was " + centroids);
			}
			this.centroids = centroids;
			return this;
		}

		public Builder kmeansIterations(int iterations) {
			if (iterations < 0 || iterations > 1000) {
				throw new IllegalArgumentException("kmeansIterations must be between 0 and 1000, was " + iterations);
			}
			this.kmeansIterations = iterations;
			return this;
		}

		public Builder maxPointsPerCentroid(int points) {
			if (points < 1 || points > 100_000) {
				throw new IllegalArgumentException("maxPointsPerCentroid must be between 1 and 100,000, was " + points);
			}
			this.maxPointsPerCentroid = points;
			return this;
		}

		public Builder centroidBits(int bits) {
			if (bits < 4 || bits > 16) {
				throw new IllegalArgumentException("centroidBits must be between 4 and 16, was " + bits);
			}
			this.centroidBits = bits;
			return this;
		}

		public Builder heldOutFraction(double fraction) {
			if (!(fraction > 0 && fraction < 0.5)) {
				throw new IllegalArgumentException("heldOutFraction must be in (0, 0.5), was " + fraction);
			}
			this.heldOutFraction = fraction;
			return this;
		}

		public Builder maxHeldOut(int vectors) {
			if (vectors < 1) {
				throw new IllegalArgumentException("maxHeldOut must be at least 1, was " + vectors);
			}
			this.maxHeldOut = vectors;
			return this;
		}

		public Builder seed(long seed) {
			this.seed = seed;
			return this;
		}

		public Builder mergeFactor(int segments) {
			if (segments < 2 || segments > 1000) {
				throw new IllegalArgumentException("mergeFactor must be between 2 and 1000, was " + segments);
			}
			this.mergeFactor = segments;
			return this;
		}

		public Builder reclusterGrowthFactor(double factor) {
			if (!(factor > 1.0)) {
				throw new IllegalArgumentException("reclusterGrowthFactor must be greater than 1, was " + factor);
			}
			this.reclusterGrowthFactor = factor;
			return this;
		}

		public Builder verifyChecksumsOnOpen(boolean verify) {
			this.verifyChecksumsOnOpen = verify;
			return this;
		}

		public Builder assignmentProbes(int probes) {
			if (probes < 0 || probes > 1024) {
				throw new IllegalArgumentException("assignmentProbes must be 0 (exact) or between 1 and 1024, was " + probes);
			}
			this.assignmentProbes = probes;
			return this;
		}

		public Builder searchThreads(int threads) {
			if (threads < 1 || threads > 256) {
				throw new IllegalArgumentException("searchThreads must be between 1 and 256, was " + threads);
			}
			this.searchThreads = threads;
			return this;
		}

		/** See {@link IndexSettings#adaptiveTraining()}. */
		public Builder adaptiveTraining(boolean adaptive) {
			this.adaptiveTraining = adaptive;
			return this;
		}

		/** See {@link IndexSettings#retrainGrowthFactor()}. */
		public Builder retrainGrowthFactor(double factor) {
			if (!(factor >= 1.1 && factor <= 1000)) {
				throw new IllegalArgumentException("retrainGrowthFactor must be between 1.1 and 1000, was " + factor);
			}
			this.retrainGrowthFactor = factor;
			return this;
		}

		/** See {@link IndexSettings#adaptiveTrainingMaxVectors()}. */
		public Builder adaptiveTrainingMaxVectors(long vectors) {
			if (vectors < 1 || vectors > Integer.MAX_VALUE) {
				throw new IllegalArgumentException(
						"adaptiveTrainingMaxVectors must be between 1 and 2,147,483,647, was " + vectors);
			}
			this.adaptiveTrainingMaxVectors = vectors;
			return this;
		}

		public IndexSettings build() {
			return new IndexSettings(this);
		}

	}

}
