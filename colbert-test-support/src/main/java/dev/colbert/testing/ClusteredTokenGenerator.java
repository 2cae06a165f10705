package dev.colbert.testing;

import java.util.Random;

import dev.colbert.encoder.TokenVectors;

/**
 * Synthetic ColBERT-like token vectors generated on the fly: any document can be regenerated from its number, so
 * nothing is kept in memory (scale benchmarks) and a test can rebuild a document from its id alone (crash suites).
 *
 * <p>Structure: a {@link ClusteredVocabulary} of {@value #TOPICS} topics of {@value #WORDS_PER_TOPIC} words (cosine
 * about 0.7 to their topic) and {@value #COMMON_WORDS} common words (stop words, markers) that every document uses for
 * about a fifth of its tokens. A document has 1 to 3 topics and a vocabulary of about a third of its length drawn from
 * them; each token is a word direction plus Gaussian noise (cosine about 0.93 to its word), L2-normalized, so every
 * vector is distinct. A query draws 3 of 4 tokens from one document's vocabulary and the rest from random words.
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

	private final ClusteredVocabulary vocabulary;

	/**
	 * @param seed the vocabulary and, with each document's number, the document
	 * @param minLength fewest tokens per document
	 * @param maxLength most tokens per document
	 */
	public ClusteredTokenGenerator(long seed, int dim, int minLength, int maxLength) {
		this.seed = seed;
		this.dim = dim;
		this.minLength = minLength;
		this.maxLength = maxLength;
		this.vocabulary = new ClusteredVocabulary(new Random(seed), dim, TOPICS, WORDS_PER_TOPIC, WORD_NOISE,
				COMMON_WORDS);
	}

	public int dim() {
		return this.dim;
	}

	/** Document {@code number}'s token vectors; the same number always gives the same vectors. */
	public TokenVectors document(long number) {
		Random random = documentRandom(number);
		int[] words = vocabulary(random);
		int length = this.minLength + random.nextInt(this.maxLength - this.minLength + 1);
		float[] data = new float[length * this.dim];
		for (int j = 0; j < length; j++) {
			float[] word = (random.nextInt(5) == 0) ? this.vocabulary.commonWord(random.nextInt(COMMON_WORDS))
					: this.vocabulary.word(words[random.nextInt(words.length)]);
			this.vocabulary.token(word, TOKEN_NOISE, random, data, j * this.dim);
		}
		return TokenVectors.of(data, length, this.dim);
	}

	/** A query of {@code length} tokens about document {@code target}. */
	public TokenVectors query(long target, int length, long querySeed) {
		int[] words = vocabulary(documentRandom(target));
		Random random = new Random(querySeed);
		float[] data = new float[length * this.dim];
		for (int j = 0; j < length; j++) {
			float[] word;
			if (random.nextInt(4) == 0) {
				word = (random.nextInt(3) == 0) ? this.vocabulary.commonWord(random.nextInt(COMMON_WORDS))
						: this.vocabulary.word(random.nextInt(this.vocabulary.size()));
			}
			else {
				word = this.vocabulary.word(words[random.nextInt(words.length)]);
			}
			this.vocabulary.token(word, TOKEN_NOISE, random, data, j * this.dim);
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
		int[] words = new int[size];
		for (int i = 0; i < size; i++) {
			words[i] = this.vocabulary.wordOf(topics[random.nextInt(topicCount)], random.nextInt(WORDS_PER_TOPIC));
		}
		return words;
	}

}
