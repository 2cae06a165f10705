package dev.colbert.reliability;

import java.util.Random;

import dev.colbert.encoder.TokenVectors;

/**
 * Deterministic token vectors with the cluster structure of real ColBERT vectors: a fixed vocabulary of unit "word"
 * directions grouped into topics; a document's tokens are a few of its words plus noise, L2-normalized. The same
 * seed always gives the same vectors, so a test can rebuild a document from its id alone.
 */
public final class ClusteredVectors {

	private static final int TOPICS = 12;

	private static final int WORDS_PER_TOPIC = 16;

	private final int dim;

	private final float[][] words;

	ClusteredVectors(int dim, long vocabularySeed) {
		this.dim = dim;
		Random random = new Random(vocabularySeed);
		this.words = new float[TOPICS * WORDS_PER_TOPIC][];
		for (int t = 0; t < TOPICS; t++) {
			float[] center = gaussian(random, 1f);
			normalize(center);
			for (int w = 0; w < WORDS_PER_TOPIC; w++) {
				float[] word = center.clone();
				float[] noise = gaussian(random, 0.25f);
				for (int d = 0; d < dim; d++) {
					word[d] += noise[d];
				}
				normalize(word);
				this.words[t * WORDS_PER_TOPIC + w] = word;
			}
		}
	}

	int dim() {
		return this.dim;
	}

	/** A document of {@code minLength..maxLength} tokens drawn from a few words, all determined by {@code seed}. */
	TokenVectors document(long seed, int minLength, int maxLength) {
		Random random = new Random(seed);
		int length = minLength + random.nextInt(maxLength - minLength + 1);
		int topic = random.nextInt(TOPICS);
		int distinct = Math.max(2, length / 3);
		int[] vocabulary = new int[distinct];
		for (int i = 0; i < distinct; i++) {
			int t = (random.nextInt(4) == 0) ? random.nextInt(TOPICS) : topic;
			vocabulary[i] = t * WORDS_PER_TOPIC + random.nextInt(WORDS_PER_TOPIC);
		}
		float[] data = new float[length * this.dim];
		for (int j = 0; j < length; j++) {
			float[] v = this.words[vocabulary[random.nextInt(distinct)]].clone();
			float[] noise = gaussian(random, 0.08f);
			for (int d = 0; d < this.dim; d++) {
				v[d] += noise[d];
			}
			normalize(v);
			System.arraycopy(v, 0, data, j * this.dim, this.dim);
		}
		return TokenVectors.of(data, length, this.dim);
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

	/** Exact MaxSim of a query against uncompressed document vectors. */
	public static float maxSim(TokenVectors query, TokenVectors document) {
		int dim = query.dim();
		float total = 0;
		for (int i = 0; i < query.count(); i++) {
			float best = Float.NEGATIVE_INFINITY;
			for (int j = 0; j < document.count(); j++) {
				float dot = 0;
				for (int d = 0; d < dim; d++) {
					dot += query.data()[i * dim + d] * document.data()[j * dim + d];
				}
				best = Math.max(best, dot);
			}
			total += best;
		}
		return total;
	}

}
