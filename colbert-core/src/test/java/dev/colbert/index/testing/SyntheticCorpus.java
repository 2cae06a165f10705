package dev.colbert.index.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.IndexDocument;

/**
 * Token vectors with the cluster structure of real ColBERT vectors: a vocabulary of "word" directions grouped into
 * topics (a mixture of Gaussians on the unit sphere, two levels deep); a document draws its tokens from the words of a
 * few topics, each token its word plus noise, L2-normalized. Queries draw tokens from one document's words, so relevant
 * documents exist and MaxSim separates them.
 */
public final class SyntheticCorpus {

	private final int dim;

	private final float[][] words;

	private final int wordsPerTopic;

	private final int topics;

	private final float tokenNoise;

	private final List<IndexDocument> documents = new ArrayList<>();

	private final List<int[]> documentWords = new ArrayList<>();

	private final Random random;

	private SyntheticCorpus(long vocabularySeed, long documentSeed, int dim, int topics, int wordsPerTopic,
			float tokenNoise) {
		this.random = new Random(vocabularySeed);
		this.dim = dim;
		this.topics = topics;
		this.wordsPerTopic = wordsPerTopic;
		this.tokenNoise = tokenNoise;
		this.words = new float[topics * wordsPerTopic][];
		for (int t = 0; t < topics; t++) {
			float[] center = gaussian(1f);
			normalize(center);
			for (int w = 0; w < wordsPerTopic; w++) {
				float[] word = center.clone();
				float[] noise = gaussian(0.09f);
				for (int d = 0; d < dim; d++) {
					word[d] += noise[d];
				}
				normalize(word);
				this.words[t * wordsPerTopic + w] = word;
			}
		}
		this.random.setSeed(documentSeed);
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
		SyntheticCorpus corpus = new SyntheticCorpus(vocabularySeed, documentSeed, dim, 48, 40, 0.035f);
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
			docTopics[i] = this.random.nextInt(this.topics);
		}
		// a document uses a handful of distinct words, some repeated
		int distinct = Math.max(1, length / 3);
		int[] vocabulary = new int[distinct];
		for (int i = 0; i < distinct; i++) {
			int topic = docTopics[this.random.nextInt(topicCount)];
			vocabulary[i] = topic * this.wordsPerTopic + this.random.nextInt(this.wordsPerTopic);
		}
		int[] tokens = new int[length];
		float[] data = new float[length * this.dim];
		for (int j = 0; j < length; j++) {
			tokens[j] = vocabulary[this.random.nextInt(distinct)];
			float[] v = token(tokens[j]);
			System.arraycopy(v, 0, data, j * this.dim, this.dim);
		}
		this.documents.add(new IndexDocument(id, "text of " + id, metadata, TokenVectors.of(data, length, this.dim)));
		this.documentWords.add(vocabulary);
	}

	private float[] token(int word) {
		float[] v = this.words[word].clone();
		float[] noise = gaussian(this.tokenNoise);
		for (int d = 0; d < this.dim; d++) {
			v[d] += noise[d];
		}
		normalize(v);
		return v;
	}

	public List<IndexDocument> documents() {
		return this.documents;
	}

	/** A query of {@code length} tokens drawn from the words of document {@code target} (and a few random words). */
	public TokenVectors query(int target, int length) {
		int[] vocabulary = this.documentWords.get(target);
		float[] data = new float[length * this.dim];
		for (int j = 0; j < length; j++) {
			int word = (this.random.nextInt(4) == 0) ? this.random.nextInt(this.words.length)
					: vocabulary[this.random.nextInt(vocabulary.length)];
			System.arraycopy(token(word), 0, data, j * this.dim, this.dim);
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

	private float[] gaussian(float sigma) {
		float[] v = new float[this.dim];
		for (int d = 0; d < this.dim; d++) {
			v[d] = (float) (this.random.nextGaussian() * sigma);
		}
		return v;
	}

	static void normalize(float[] v) {
		double sum = 0;
		for (float x : v) {
			sum += x * x;
		}
		float inverse = (float) (1.0 / Math.sqrt(sum));
		for (int i = 0; i < v.length; i++) {
			v[i] *= inverse;
		}
	}

	/** Exact MaxSim of a query against raw (uncompressed) document vectors. */
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
