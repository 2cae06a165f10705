package dev.colbert.index.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * The ColBERTv2 residual codec: every token vector is stored as the id of its nearest centroid plus, per dimension,
 * the {@code nbits}-bit bucket of its residual (vector minus centroid). Decompression adds the buckets' reconstruction
 * weights to the centroid and L2-normalizes.
 *
 * <p><b>Centroids</b> are kept with {@code centroidBits} bits per coordinate (symmetric uniform quantization with one
 * scale per centroid). Residuals are computed against these stored centroids, so the centroid quantization error is
 * absorbed by the residual code and the decompression bound below holds unchanged.
 *
 * <p><b>Buckets</b>: with {@code B = 2^nbits}, {@code bucketCutoffs} holds {@code B - 1} ascending cutoffs and
 * {@code bucketWeights} {@code B} reconstruction values. A residual coordinate {@code r} falls into bucket
 * {@code b = |{cutoffs < r}|} (as {@code torch.bucketize}) and decompresses to {@code bucketWeights[b]}. For an inner
 * bucket the error is at most {@code max(weight[b] - cutoff[b-1], cutoff[b] - weight[b])}.
 *
 * <p><b>Residual bytes</b>: {@link #bytesPerVector()} = {@code ceil(dim * nbits / 8)}; dimension {@code d} lives in
 * byte {@code d / (8 / nbits)}, most significant bits first.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ResidualCodec {

	private final int dim;

	private final int nbits;

	private final int numCentroids;

	private final int centroidBits;

	private final int[] quantizedCentroids;

	private final float[] centroidScales;

	private final float[] centroids;

	private final float[] bucketCutoffs;

	private final float[] bucketWeights;

	private final long plannedVectors;

	private final long trainingVectors;

	/** byteWeights[v * dimsPerByte + t]: the weight of the t-th dimension packed in residual byte value v. */
	private final float[] byteWeights;

	/**
	 * @param dim vector dimension
	 * @param nbits residual bits per dimension: 1, 2 or 4
	 * @param numCentroids number of centroids
	 * @param centroidBits bits per stored centroid coordinate (4 to 16)
	 * @param quantizedCentroids {@code numCentroids * dim} signed values in {@code [-(2^(centroidBits-1)-1),
	 * 2^(centroidBits-1)-1]}
	 * @param centroidScales one scale per centroid: a coordinate is {@code quantized * scale}
	 * @param bucketCutoffs {@code 2^nbits - 1} ascending cutoffs
	 * @param bucketWeights {@code 2^nbits} reconstruction weights
	 * @param plannedVectors the collection size the centroid count was chosen for
	 * @param trainingVectors how many vectors k-means saw
	 */
	public ResidualCodec(int dim, int nbits, int numCentroids, int centroidBits, int[] quantizedCentroids,
			float[] centroidScales, float[] bucketCutoffs, float[] bucketWeights, long plannedVectors,
			long trainingVectors) {
		checkNbits(nbits);
		checkCentroidBits(centroidBits);
		if (dim <= 0) {
			throw new IllegalArgumentException("dim must be positive, was " + dim);
		}
		if (numCentroids <= 0) {
			throw new IllegalArgumentException("numCentroids must be positive, was " + numCentroids);
		}
		Objects.requireNonNull(quantizedCentroids, "quantizedCentroids");
		if (quantizedCentroids.length != numCentroids * dim) {
			throw new IllegalArgumentException("quantizedCentroids has " + quantizedCentroids.length
					+ " values, expected numCentroids x dim = " + (long) numCentroids * dim);
		}
		if (centroidScales.length != numCentroids) {
			throw new IllegalArgumentException(
					"centroidScales has " + centroidScales.length + " values, expected " + numCentroids);
		}
		int buckets = 1 << nbits;
		if (bucketCutoffs.length != buckets - 1 || bucketWeights.length != buckets) {
			throw new IllegalArgumentException("nbits " + nbits + " needs " + (buckets - 1) + " cutoffs and " + buckets
					+ " weights, got " + bucketCutoffs.length + " and " + bucketWeights.length);
		}
		for (int i = 1; i < bucketCutoffs.length; i++) {
			if (!(bucketCutoffs[i] >= bucketCutoffs[i - 1])) {
				throw new IllegalArgumentException("bucketCutoffs must be ascending: " + Arrays.toString(bucketCutoffs));
			}
		}
		this.dim = dim;
		this.nbits = nbits;
		this.numCentroids = numCentroids;
		this.centroidBits = centroidBits;
		this.quantizedCentroids = quantizedCentroids;
		this.centroidScales = centroidScales;
		this.centroids = dequantize(quantizedCentroids, centroidScales, dim);
		this.bucketCutoffs = bucketCutoffs;
		this.bucketWeights = bucketWeights;
		this.plannedVectors = plannedVectors;
		this.trainingVectors = trainingVectors;
		int perByte = 8 / nbits;
		int mask = (1 << nbits) - 1;
		this.byteWeights = new float[256 * perByte];
		for (int v = 0; v < 256; v++) {
			for (int t = 0; t < perByte; t++) {
				this.byteWeights[v * perByte + t] = bucketWeights[(v >>> (8 - nbits * (t + 1))) & mask];
			}
		}
	}

	/**
	 * Builds a codec from float centroids, quantizing them to {@code centroidBits} bits per coordinate.
	 */
	public static ResidualCodec fromCentroids(int dim, int nbits, int numCentroids, int centroidBits, float[] centroids,
			float[] bucketCutoffs, float[] bucketWeights, long plannedVectors, long trainingVectors) {
		checkCentroidBits(centroidBits);
		int max = (1 << (centroidBits - 1)) - 1;
		int[] quantized = new int[numCentroids * dim];
		float[] scales = new float[numCentroids];
		for (int c = 0; c < numCentroids; c++) {
			float maxAbs = 0;
			for (int d = 0; d < dim; d++) {
				maxAbs = Math.max(maxAbs, Math.abs(centroids[c * dim + d]));
			}
			float scale = maxAbs / max;
			scales[c] = scale;
			if (scale == 0) {
				continue;
			}
			for (int d = 0; d < dim; d++) {
				int q = Math.round(centroids[c * dim + d] / scale);
				quantized[c * dim + d] = Math.max(-max, Math.min(max, q));
			}
		}
		return new ResidualCodec(dim, nbits, numCentroids, centroidBits, quantized, scales, bucketCutoffs,
				bucketWeights, plannedVectors, trainingVectors);
	}

	/** The stored centroids as floats: {@code quantized * scale}. */
	static float[] dequantize(int[] quantized, float[] scales, int dim) {
		float[] out = new float[quantized.length];
		for (int i = 0; i < quantized.length; i++) {
			out[i] = quantized[i] * scales[i / dim];
		}
		return out;
	}

	public static void checkNbits(int nbits) {
		if (nbits != 1 && nbits != 2 && nbits != 4) {
			throw new IllegalArgumentException("nbits must be 1, 2 or 4, was " + nbits);
		}
	}

	public static void checkCentroidBits(int centroidBits) {
		if (centroidBits < 4 || centroidBits > 16) {
			throw new IllegalArgumentException("centroidBits must be between 4 and 16, was " + centroidBits);
		}
	}

	public int dim() {
		return this.dim;
	}

	public int nbits() {
		return this.nbits;
	}

	public int numCentroids() {
		return this.numCentroids;
	}

	public int centroidBits() {
		return this.centroidBits;
	}

	/** Bytes of packed residual per vector: {@code ceil(dim * nbits / 8)}. */
	public int bytesPerVector() {
		return (this.dim * this.nbits + 7) / 8;
	}

	/** Dimensions per residual byte: {@code 8 / nbits}. */
	public int dimsPerByte() {
		return 8 / this.nbits;
	}

	/** The stored (dequantized) centroids, {@code numCentroids * dim} floats, row-major. Do not modify. */
	public float[] centroids() {
		return this.centroids;
	}

	/** The quantized centroid coordinates. Do not modify. */
	public int[] quantizedCentroids() {
		return this.quantizedCentroids;
	}

	/** Do not modify. */
	public float[] centroidScales() {
		return this.centroidScales;
	}

	/** Do not modify. */
	public float[] bucketCutoffs() {
		return this.bucketCutoffs;
	}

	/** Do not modify. */
	public float[] bucketWeights() {
		return this.bucketWeights;
	}

	/**
	 * The bucket weights of every residual byte value: {@code [v * dimsPerByte() + t]} is the weight of the
	 * {@code t}-th dimension packed in byte value {@code v}. Do not modify.
	 */
	public float[] byteWeights() {
		return this.byteWeights;
	}

	/** The collection size (token vectors) the centroid count was planned for. */
	public long plannedVectors() {
		return this.plannedVectors;
	}

	/** How many vectors k-means was trained on. */
	public long trainingVectors() {
		return this.trainingVectors;
	}

	/** The bucket of a residual coordinate: the number of cutoffs strictly below it. */
	public int bucket(float residual) {
		int b = 0;
		while (b < this.bucketCutoffs.length && this.bucketCutoffs[b] < residual) {
			b++;
		}
		return b;
	}

	/**
	 * Writes the packed residual buckets of {@code vectors[vectorOffset, vectorOffset + dim)} against centroid
	 * {@code code} into {@code out[outOffset, outOffset + bytesPerVector())}.
	 */
	public void encodeResidual(float[] vectors, int vectorOffset, int code, byte[] out, int outOffset) {
		int perByte = dimsPerByte();
		int mask = (1 << this.nbits) - 1;
		int centroidOffset = code * this.dim;
		int bytes = bytesPerVector();
		for (int g = 0; g < bytes; g++) {
			int value = 0;
			for (int t = 0; t < perByte; t++) {
				int d = g * perByte + t;
				int bucket = 0;
				if (d < this.dim) {
					bucket = bucket(vectors[vectorOffset + d] - this.centroids[centroidOffset + d]) & mask;
				}
				value |= bucket << (8 - this.nbits * (t + 1));
			}
			out[outOffset + g] = (byte) value;
		}
	}

	/**
	 * Decompresses one vector: centroid plus bucket weights, L2-normalized, into {@code out[outOffset, outOffset +
	 * dim)}.
	 */
	public void decompress(int code, byte[] residual, int residualOffset, float[] out, int outOffset) {
		int perByte = dimsPerByte();
		int mask = (1 << this.nbits) - 1;
		int centroidOffset = code * this.dim;
		double sumSquares = 0;
		for (int d = 0; d < this.dim; d++) {
			int b = ((residual[residualOffset + d / perByte] & 0xFF) >>> (8 - this.nbits * (d % perByte + 1))) & mask;
			float x = this.centroids[centroidOffset + d] + this.bucketWeights[b];
			out[outOffset + d] = x;
			sumSquares += x * x;
		}
		float inverse = (sumSquares > 0) ? (float) (1.0 / Math.sqrt(sumSquares)) : 0f;
		for (int d = 0; d < this.dim; d++) {
			out[outOffset + d] *= inverse;
		}
	}

	/**
	 * {@code 1 / |c + w|} of one decompressed (not yet normalized) vector: centroid {@code code} plus the bucket
	 * weights of the packed residual at {@code residual[residualOffset]}; {@link Float#MIN_VALUE} for a zero vector.
	 * The search kernels multiply the vector's dot products by it, so the embedded segments and every other holder
	 * of compressed vectors must compute it exactly this way (the same summation order) to score alike.
	 */
	public float inverseNorm(int code, byte[] residual, int residualOffset) {
		int perByte = dimsPerByte();
		int fullBytes = this.dim / perByte;
		int centroidBase = code * this.dim;
		double sum = 0;
		for (int g = 0; g < fullBytes; g++) {
			int w = (residual[residualOffset + g] & 0xFF) * perByte;
			int c = centroidBase + g * perByte;
			float partial = 0f;
			for (int t = 0; t < perByte; t++) {
				float x = this.centroids[c + t] + this.byteWeights[w + t];
				partial += x * x;
			}
			sum += partial;
		}
		for (int d = fullBytes * perByte; d < this.dim; d++) {
			// a last byte holding fewer than perByte dimensions
			float x = this.centroids[centroidBase + d]
					+ this.byteWeights[(residual[residualOffset + fullBytes] & 0xFF) * perByte + (d - fullBytes * perByte)];
			sum += x * x;
		}
		return (sum > 0) ? (float) (1.0 / Math.sqrt(sum)) : Float.MIN_VALUE;
	}

	/**
	 * The largest error an inner bucket allows on one coordinate (before normalization); outer buckets are unbounded
	 * on their open side.
	 */
	public float innerBucketErrorBound(int bucket) {
		if (bucket <= 0 || bucket >= this.bucketWeights.length - 1) {
			return Float.POSITIVE_INFINITY;
		}
		return Math.max(this.bucketWeights[bucket] - this.bucketCutoffs[bucket - 1],
				this.bucketCutoffs[bucket] - this.bucketWeights[bucket]);
	}

	@Override
	public String toString() {
		return "ResidualCodec[dim=" + this.dim + ", nbits=" + this.nbits + ", centroids=" + this.numCentroids
				+ ", centroidBits=" + this.centroidBits + "]";
	}

}
