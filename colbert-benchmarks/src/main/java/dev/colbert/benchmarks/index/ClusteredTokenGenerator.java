package dev.colbert.benchmarks.index;

import java.util.Random;

import dev.colbert.encoder.TokenVectors;

/**
 * Synthetic ColBERT-like token vectors for scale benchmarks, generated on the fly (any document can be regenerated from
 * its number, so nothing is kept in memory).
 *
 * <p>Structure (a two-level mixture of Gaussians on the unit sphere, as token embeddings are): {@value #TOPICS} topic
 * directions; {@value #WORDS_PER_TOPIC} "word" directions around each (cosine about 0.7 to their topic);
 * {@value #COMMON_WORDS} common words (stop words, markers) that every document uses for about a fifth of its tokens.
 * A document has 1 to 3 topics and a vocabulary of about a third of its length drawn from them; each token is a word
 * direction plus Gaussian noise (cosine about 0.93 to its word), L2-normalized, so every vector is distinct. A query
 * draws 3 of 4 tokens from one document's vocabulary and the rest from random words.
 */
public final class ClusteredTokenGenerator {

	static final int TOPICS = 1024;

	static final int WORDS_PER_TOPIC = 32;

	static final int COMMON_WORDS = 64;

	private static final float WORD_NOISE = 0.09f;

	private static final float TOKEN_NOISE = 0.035f;

	private final long seed;

	private final int dim;

	private final int minLength;

	private final int maxLength;

	private final float[][] words;

	private final float[][] common;

	public ClusteredTokenGenerator(long seed, int dim, int minLength, int maxLength) {
		this.seed = seed;
		this.dim = dim;
		this.minLength = minLength;
		this.maxLength = maxLength;
		Random random = new Random(seed);
		this.words = new float[TOPICS * WORDS_PER_TOPIC][];
		for (int t = 0; t < TOPICS; t++) {
			float[] center = gaussian(random, 1f);
			normalize(center);
			for (int w = 0; w < WORDS_PER_TOPIC; w++) {
				float[] word = gaussian(random, WORD_NOISE);
				for (int d = 0; d < dim; d++) {
					word[d] += center[d];
				}
				normalize(word);
				this.words[t * WORDS_PER_TOPIC + w] = word;
			}
		}
		this.common = new float[COMMON_WORDS][];
		for (int c = 0; c < COMMON_WORDS; c++) {
			this.common[c] = gaussian(random, 1f);
			normalize(this.common[c]);
		}
	}

	public int dim() {
		return this.dim;
	}

	/** Document {@code number}'s token vectors; the same number always gives the same vectors. */
	public TokenVectors document(long number) {
		Random random = documentRandom(number);
		int[] vocabulary = vocabulary(random);
		int length = this.minLength + random.nextInt(this.maxLength - this.minLength + 1);
		float[] data = new float[length * this.dim];
		for (int j = 0; j < length; j++) {
			float[] word = (random.nextInt(5) == 0) ? this.common[random.nextInt(COMMON_WORDS)]
					: this.words[vocabulary[random.nextInt(vocabulary.length)]];
			token(word, random, data, j * this.dim);
		}
		return TokenVectors.of(data, length, this.dim);
	}

	/** A query of {@code length} tokens about document {@code target}. */
	public TokenVectors query(long target, int length, long querySeed) {
		int[] vocabulary = vocabulary(documentRandom(target));
		Random random = new Random(querySeed);
		float[] data = new float[length * this.dim];
		for (int j = 0; j < length; j++) {
			float[] word;
			if (random.nextInt(4) == 0) {
				word = (random.nextInt(3) == 0) ? this.common[random.nextInt(COMMON_WORDS)]
						: this.words[random.nextInt(this.words.length)];
			}
			else {
				word = this.words[vocabulary[random.nextInt(vocabulary.length)]];
			}
			token(word, random, data, j * this.dim);
		}
		return TokenVectors.of(data, length, this.dim);
	}

	private Random documentRandom(long number) {
		return new Random(this.seed * 0x9E3779B97F4A7C15L + number);
	}

	/** The document's topics and word vocabulary: drawn first from its random stream. */
	private int[] vocabulary(Random random) {
		int topicCount = 1 + random.nextInt(3);
		int[] topics = new int[topicCount];
		for (int i = 0; i < topicCount; i++) {
			topics[i] = random.nextInt(TOPICS);
		}
		int size = Math.max(2, (this.minLength + this.maxLength) / 6);
		int[] vocabulary = new int[size];
		for (int i = 0; i < size; i++) {
			vocabulary[i] = topics[random.nextInt(topicCount)] * WORDS_PER_TOPIC + random.nextInt(WORDS_PER_TOPIC);
		}
		return vocabulary;
	}

	private void token(float[] word, Random random, float[] out, int offset) {
		double sum = 0;
		for (int d = 0; d < this.dim; d++) {
			float x = word[d] + (float) (random.nextGaussian() * TOKEN_NOISE);
			out[offset + d] = x;
			sum += x * x;
		}
		float inverse = (float) (1.0 / Math.sqrt(sum));
		for (int d = 0; d < this.dim; d++) {
			out[offset + d] *= inverse;
		}
	}

	private float[] gaussian(Random random, float sigma) {
		float[] v = new float[this.dim];
		for (int d = 0; d < this.dim; d++) {
			v[d] = (float) (random.nextGaussian() * sigma);
		}
		return v;
	}

	private static void normalize(float[] v) {
		double sum = 0;
		for (float x : v) {
			sum += x * x;
		}
		float inverse = (float) (1.0 / Math.sqrt(sum));
		for (int i = 0; i < v.length; i++) {
			v[i] *= inverse;
		}
	}

}
