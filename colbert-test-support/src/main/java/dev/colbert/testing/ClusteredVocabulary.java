package dev.colbert.testing;

import java.util.Random;

/**
 * The vocabulary of synthetic ColBERT-like token vectors, with the cluster structure of real ones: unit "word"
 * directions grouped into topics (a mixture of Gaussians on the unit sphere, two levels deep), optionally followed by
 * common words (stop words, markers) that belong to no topic; a token is a word direction plus Gaussian noise,
 * L2-normalized, so that every token vector is distinct. The same random stream and shape always give the same words.
 */
public final class ClusteredVocabulary {

	private final int dim;

	private final int wordsPerTopic;

	private final float[][] words;

	private final float[][] common;

	/**
	 * Draws the words from {@code random}: for each topic a unit center, then its words (center plus noise,
	 * normalized); then the common words (unit random directions).
	 * @param random the source of the words, left positioned after them
	 * @param topics topic count
	 * @param wordsPerTopic words around each topic's center
	 * @param wordNoise standard deviation per coordinate of a word around its center, before normalization
	 * @param commonWords words outside every topic (0 for none)
	 */
	public ClusteredVocabulary(Random random, int dim, int topics, int wordsPerTopic, float wordNoise, int commonWords) {
		this.dim = dim;
		this.wordsPerTopic = wordsPerTopic;
		this.words = new float[topics * wordsPerTopic][];
		for (int t = 0; t < topics; t++) {
			float[] center = gaussian(random, dim, 1f);
			normalize(center);
			for (int w = 0; w < wordsPerTopic; w++) {
				float[] word = center.clone();
				float[] noise = gaussian(random, dim, wordNoise);
				for (int d = 0; d < dim; d++) {
					word[d] += noise[d];
				}
				normalize(word);
				this.words[t * wordsPerTopic + w] = word;
			}
		}
		this.common = new float[commonWords][];
		for (int c = 0; c < commonWords; c++) {
			this.common[c] = gaussian(random, dim, 1f);
			normalize(this.common[c]);
		}
	}

	public int dim() {
		return this.dim;
	}

	/** Topic words, all topics together. */
	public int size() {
		return this.words.length;
	}

	/** The index of word {@code w} of {@code topic}. */
	public int wordOf(int topic, int w) {
		return topic * this.wordsPerTopic + w;
	}

	/** Topic word {@code index} (not to be modified). */
	public float[] word(int index) {
		return this.words[index];
	}

	/** Common words. */
	public int commonSize() {
		return this.common.length;
	}

	/** Common word {@code index} (not to be modified). */
	public float[] commonWord(int index) {
		return this.common[index];
	}

	/**
	 * Writes one token of {@code word} at {@code out[offset..offset + dim)}: the word plus Gaussian noise of
	 * {@code noise} per coordinate (drawn from {@code random}), L2-normalized.
	 */
	public void token(float[] word, float noise, Random random, float[] out, int offset) {
		float[] jitter = gaussian(random, this.dim, noise);
		for (int d = 0; d < this.dim; d++) {
			out[offset + d] = word[d] + jitter[d];
		}
		normalize(out, offset, this.dim);
	}

	private static float[] gaussian(Random random, int dim, float sigma) {
		float[] v = new float[dim];
		for (int d = 0; d < dim; d++) {
			v[d] = (float) (random.nextGaussian() * sigma);
		}
		return v;
	}

	private static void normalize(float[] v) {
		normalize(v, 0, v.length);
	}

	private static void normalize(float[] v, int offset, int length) {
		double sum = 0;
		for (int i = offset; i < offset + length; i++) {
			sum += v[i] * v[i];
		}
		float inverse = (float) (1.0 / Math.sqrt(sum));
		for (int i = offset; i < offset + length; i++) {
			v[i] *= inverse;
		}
	}

}
