package dev.colbert.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.IndexDocument;

/**
 * A small corpus of synthetic documents over a {@link ClusteredVocabulary} of 48 topics of 40 words: a document draws
 * its tokens from a handful of words of one to three topics, each token its word plus noise, L2-normalized. Queries
 * draw tokens from one document's words, so relevant documents exist and MaxSim separates them. Documents and
 * queries come one after the other from one random stream: the same seeds and calls give the same corpus.
 */
public final class SyntheticCorpus {

	private static final int TOPICS = 48;

	private static final int WORDS_PER_TOPIC = 40;

	private static final float WORD_NOISE = 0.09f;

	private static final float TOKEN_NOISE = 0.035f;

	private final int dim;

	private final ClusteredVocabulary vocabulary;

	private final List<IndexDocument> documents = new ArrayList<>();

	private final List<int[]> documentWords = new ArrayList<>();

	private final Random random;

	private SyntheticCorpus(long vocabularySeed, long documentSeed, int dim) {
		this.dim = dim;
		this.vocabulary = new ClusteredVocabulary(new Random(vocabularySeed), dim, TOPICS, WORDS_PER_TOPIC, WORD_NOISE,
				0);
		this.random = new Random(documentSeed);
	}

	/**
	 * @param documents number of documents
	 * @param minLength fewest tokens per document
	 * @param maxLength most tokens per document
	 */
	public static SyntheticCorpus generate(long seed, int documents, int minLength, int maxLength, int dim) {
		return generate(seed, seed, documents, minLength, maxLength, dim);
	}

	/**
	 * Documents drawn with {@code documentSeed} from the vocabulary of {@code vocabularySeed}: corpora with the same
	 * vocabulary seed share their words (one "language").
	 */
	public static SyntheticCorpus generate(long vocabularySeed, long documentSeed, int documents, int minLength,
			int maxLength, int dim) {
		SyntheticCorpus corpus = new SyntheticCorpus(vocabularySeed, documentSeed, dim);
		for (int i = 0; i < documents; i++) {
			int length = minLength + corpus.random.nextInt(maxLength - minLength + 1);
			corpus.addDocument("doc-" + i, length, Map.of("group", i % 5, "even", i % 2 == 0, "name", "n" + i));
		}
		return corpus;
	}

	private void addDocument(String id, int length, Map<String, Object> metadata) {
		int topicCount = 1 + this.random.nextInt(3);
		int[] docTopics = new int[topicCount];
		for (int i = 0; i < topicCount; i++) {
			docTopics[i] = this.random.nextInt(TOPICS);
		}
		// a document uses a handful of distinct words, some repeated
		int distinct = Math.max(1, length / 3);
		int[] words = new int[distinct];
		for (int i = 0; i < distinct; i++) {
			int topic = docTopics[this.random.nextInt(topicCount)];
			words[i] = this.vocabulary.wordOf(topic, this.random.nextInt(WORDS_PER_TOPIC));
		}
		float[] data = new float[length * this.dim];
		for (int j = 0; j < length; j++) {
			token(words[this.random.nextInt(distinct)], data, j);
		}
		this.documents.add(new IndexDocument(id, "text of " + id, metadata, TokenVectors.of(data, length, this.dim)));
		this.documentWords.add(words);
	}

	private void token(int word, float[] data, int row) {
		this.vocabulary.token(this.vocabulary.word(word), TOKEN_NOISE, this.random, data, row * this.dim);
	}

	public List<IndexDocument> documents() {
		return this.documents;
	}

	/** A query of {@code length} tokens drawn from the words of document {@code target} (and a few random words). */
	public TokenVectors query(int target, int length) {
		int[] words = this.documentWords.get(target);
		float[] data = new float[length * this.dim];
		for (int j = 0; j < length; j++) {
			int word = (this.random.nextInt(4) == 0) ? this.random.nextInt(this.vocabulary.size())
					: words[this.random.nextInt(words.length)];
			token(word, data, j);
		}
		return TokenVectors.of(data, length, this.dim);
	}

	/** Random queries targeting random documents. */
	public List<TokenVectors> queries(int count, int length) {
		List<TokenVectors> queries = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			queries.add(query(this.random.nextInt(this.documents.size()), length));
		}
		return queries;
	}

	public List<TokenVectors> vectors() {
		List<TokenVectors> result = new ArrayList<>();
		for (IndexDocument document : this.documents) {
			result.add(document.vectors());
		}
		return result;
	}

}
