package dev.colbert.index.codec;

import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.encoder.TokenVectors;

/**
 * Trains a {@link ResidualCodec} the ColBERTv2 way (colbert/indexing/collection_indexer.py): shuffle the sampled
 * vectors, hold out 5% (at most 50,000), run k-means on the rest (at most {@code maxPointsPerCentroid} per centroid),
 * L2-normalize the centroids, then fit the residual buckets on the held-out vectors: cutoffs at the quantiles
 * {@code i/B} (i = 1..B-1) and weights at {@code (i + 0.5)/B} (i = 0..B-1) of their flattened residuals.
 */
public final class CodecTrainer {

	private static final Logger logger = LoggerFactory.getLogger(CodecTrainer.class);

	private static final long MAX_FLOATS = Integer.MAX_VALUE - 64;

	private final CodecTrainingOptions options;

	public CodecTrainer(CodecTrainingOptions options) {
		this.options = Objects.requireNonNull(options, "options");
	}

	/** The reference centroid count: {@code 2^floor(log2(16 * sqrt(vectors)))}, at least 1. */
	public static int referenceCentroidCount(long vectors) {
		if (vectors <= 0) {
			return 1;
		}
		double target = 16 * Math.sqrt(vectors);
		int log = (int) Math.floor(Math.log(target) / Math.log(2));
		return 1 << Math.max(0, Math.min(log, 30));
	}

	/** The reference number of passages to sample: {@code min(1 + 16 * sqrt(120 * documents), documents)}. */
	public static int referenceSampleDocuments(int documents) {
		long sample = 1 + (long) (16 * Math.sqrt(120.0 * documents));
		return (int) Math.min(sample, documents);
	}

	/**
	 * Trains on every vector of {@code sample}, choosing the centroid count for a collection of
	 * {@code plannedVectors} token vectors (unless the options fix it).
	 *
	 * <p>The sample is iterated twice, first to count its vectors, then to copy the rows chosen for k-means and the
	 * held-out set into one array: it may generate or read its documents lazily, so that only that array is held in
	 * memory ({@code rows x dim x 4} bytes: 2.8 GB for the 5.5M vectors the reference samples at 10M vectors).
	 */
	public ResidualCodec train(Iterable<TokenVectors> sample, long plannedVectors) {
		return train(sample, plannedVectors, 0);
	}

	/**
	 * Like {@link #train(Iterable, long)}, requiring every sample document to have {@code requiredDim} dimensions
	 * (0: any, as long as they agree).
	 */
	public ResidualCodec train(Iterable<TokenVectors> sample, long plannedVectors, int requiredDim) {
		int dim = (requiredDim > 0) ? requiredDim : -1;
		long total = 0;
		int index = 0;
		for (TokenVectors vectors : sample) {
			if (vectors == null) {
				throw new IllegalArgumentException("sample[" + index + "] is null");
			}
			if (dim < 0) {
				dim = vectors.dim();
			}
			else if (vectors.dim() != dim) {
				throw new IllegalArgumentException("sample[" + index + "] has dim " + vectors.dim() + ", expected " + dim
						+ ((requiredDim > 0) ? " (the index's dimension)" : " (the first document's)"));
			}
			total += vectors.count();
			index++;
		}
		if (index == 0) {
			throw new IllegalArgumentException("Cannot train a codec without vectors: the sample is empty");
		}
		if (total == 0) {
			throw new IllegalArgumentException("Cannot train a codec without vectors: the sample documents are empty");
		}
		long startNanos = System.nanoTime();
		Random random = new Random(this.options.seed());
		int usable = (int) Math.min(total, MAX_FLOATS / dim);
		int heldOut = (int) Math.min(this.options.heldOutFraction() * usable, this.options.maxHeldOut());
		int available = usable - heldOut;
		int requested = (this.options.centroids() > 0) ? this.options.centroids()
				: referenceCentroidCount(Math.max(plannedVectors, total));
		int centroids = Math.min(requested, Integer.highestOneBit(available));
		if (this.options.centroids() > 0) {
			centroids = Math.min(requested, available);
		}
		if (centroids < requested) {
			logger.info("Training sample has only {} vectors: using {} centroids instead of {}", available, centroids,
					requested);
		}
		int training = (int) Math.min(available, (long) this.options.maxPointsPerCentroid() * centroids);

		// choose training and held-out rows by a partial shuffle of all row indices, then copy them in one pass
		int[] rows = partialShuffle(total, training + heldOut, random);
		float[] trainingPoints = new float[training * dim];
		float[] heldOutPoints = new float[heldOut * dim];
		gather(sample, dim, rows, training, trainingPoints, heldOutPoints);
		logger.info("Training codec: {} sampled vectors, {} for k-means ({} centroids, {} iterations), {} held out",
				total, training, centroids, this.options.kmeansIterations(), heldOut);

		float[] raw = KMeans.train(trainingPoints, training, dim, centroids, this.options.kmeansIterations(),
				this.options.seed(), this.options.assignmentProbes());
		normalizeRows(raw, centroids, dim);
		int buckets = 1 << this.options.nbits();
		ResidualCodec provisional = ResidualCodec.fromCentroids(dim, this.options.nbits(), centroids,
				this.options.centroidBits(), raw, new float[buckets - 1], new float[buckets],
				Math.max(plannedVectors, total), training);

		float[] fitPoints = (heldOut > 0) ? heldOutPoints : trainingPoints;
		int fitCount = (heldOut > 0) ? heldOut : training;
		float[] residuals = residuals(provisional, fitPoints, fitCount, dim, this.options.assignmentProbes());
		Arrays.sort(residuals);
		float[] cutoffs = new float[buckets - 1];
		float[] weights = new float[buckets];
		for (int i = 1; i < buckets; i++) {
			cutoffs[i - 1] = quantile(residuals, (double) i / buckets);
		}
		for (int i = 0; i < buckets; i++) {
			weights[i] = quantile(residuals, (i + 0.5) / buckets);
		}
		logger.info("Codec trained in {} s: bucket cutoffs {}, weights {}",
				String.format("%.1f", (System.nanoTime() - startNanos) / 1e9), Arrays.toString(cutoffs),
				Arrays.toString(weights));
		return new ResidualCodec(dim, this.options.nbits(), centroids, this.options.centroidBits(),
				provisional.quantizedCentroids(), provisional.centroidScales(), cutoffs, weights,
				Math.max(plannedVectors, total), training);
	}

	/**
	 * Flattened residuals of {@code points} against their nearest stored centroids, found the way the index will find
	 * them (coarse-to-fine with {@code probes} for many centroids); logs how often that is the exact nearest.
	 */
	static float[] residuals(ResidualCodec codec, float[] points, int n, int dim, int probes) {
		int[] codes;
		try (CentroidMatrix matrix = CentroidMatrix.of(codec.centroids(), codec.numCentroids(), dim, probes)) {
			codes = matrix.nearest(points, 0, n);
			if (matrix.approximate()) {
				int checked = Math.min(n, 5000);
				int[] exact = matrix.nearestExact(points, 0, checked);
				int same = 0;
				for (int i = 0; i < checked; i++) {
					same += (exact[i] == codes[i]) ? 1 : 0;
				}
				logger.info("Coarse-to-fine assignment ({} probes) picks the exact nearest centroid for {}% of {} "
						+ "held-out vectors", probes, String.format("%.1f", 100.0 * same / checked), checked);
			}
		}
		float[] centroids = codec.centroids();
		float[] residuals = new float[n * dim];
		for (int i = 0; i < n; i++) {
			int co = codes[i] * dim;
			for (int d = 0; d < dim; d++) {
				residuals[i * dim + d] = points[i * dim + d] - centroids[co + d];
			}
		}
		return residuals;
	}

	/** Linear-interpolation quantile of sorted values, as {@code torch.quantile}. */
	static float quantile(float[] sorted, double q) {
		double position = q * (sorted.length - 1);
		int lower = (int) Math.floor(position);
		int upper = Math.min(lower + 1, sorted.length - 1);
		double fraction = position - lower;
		return (float) (sorted[lower] + fraction * (sorted[upper] - sorted[lower]));
	}

	static void normalizeRows(float[] data, int rows, int dim) {
		for (int r = 0; r < rows; r++) {
			double sum = 0;
			for (int d = 0; d < dim; d++) {
				float x = data[r * dim + d];
				sum += x * x;
			}
			double norm = Math.max(Math.sqrt(sum), 1e-12);
			for (int d = 0; d < dim; d++) {
				data[r * dim + d] = (float) (data[r * dim + d] / norm);
			}
		}
	}

	/** The first {@code count} entries of a random permutation of {@code [0, total)}. */
	private static int[] partialShuffle(long total, int count, Random random) {
		if (total > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("Training sample too large: " + total + " vectors");
		}
		int n = (int) total;
		int[] pool = new int[n];
		for (int i = 0; i < n; i++) {
			pool[i] = i;
		}
		for (int i = 0; i < count; i++) {
			int j = i + random.nextInt(n - i);
			int t = pool[i];
			pool[i] = pool[j];
			pool[j] = t;
		}
		return Arrays.copyOf(pool, count);
	}

	/**
	 * Copies the chosen rows in one pass over the sample: {@code rows[0, training)} into {@code trainingOut},
	 * the rest into {@code heldOutOut}, each in the order of {@code rows}.
	 */
	private static void gather(Iterable<TokenVectors> sample, int dim, int[] rows, int training, float[] trainingOut,
			float[] heldOutOut) {
		// positions of the chosen rows, sorted by row id, so one sequential pass finds them
		long[] byRow = new long[rows.length];
		for (int i = 0; i < rows.length; i++) {
			byRow[i] = ((long) rows[i] << 32) | i;
		}
		Arrays.sort(byRow);
		int next = 0;
		long base = 0;
		for (TokenVectors vectors : sample) {
			long end = base + vectors.count();
			while (next < byRow.length && (byRow[next] >>> 32) < end) {
				int local = (int) ((byRow[next] >>> 32) - base);
				int slot = (int) byRow[next];
				if (slot < training) {
					System.arraycopy(vectors.data(), local * dim, trainingOut, slot * dim, dim);
				}
				else {
					System.arraycopy(vectors.data(), local * dim, heldOutOut, (slot - training) * dim, dim);
				}
				next++;
			}
			base = end;
		}
		if (next != byRow.length) {
			throw new IllegalArgumentException("The training sample changed between its two passes: found " + base
					+ " vectors the second time; pass a sample that iterates the same documents each time");
		}
	}

}
