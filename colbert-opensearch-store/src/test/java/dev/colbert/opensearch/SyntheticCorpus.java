package dev.colbert.opensearch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.IndexDocument;
import dev.colbert.testing.ReferenceMaxSim;

/**
 * Synthetic ColBERT-like data: L2-normalized token vectors drawn around a few topic directions, so that documents of a
 * query's topic score higher, and the exact top-k by {@link ReferenceMaxSim} to check the engine against.
 */
final class SyntheticCorpus {

	private final Random random;

	private final int dim;

	private final float[][] topics;

	SyntheticCorpus(long seed, int dim, int topicCount) {
		this.random = new Random(seed);
		this.dim = dim;
		this.topics = new float[topicCount][];
		for (int t = 0; t < topicCount; t++) {
			float[] v = new float[dim];
			for (int i = 0; i < dim; i++) {
				v[i] = (float) this.random.nextGaussian();
			}
			this.topics[t] = normalize(v);
		}
	}

	int dim() {
		return this.dim;
	}

	int topicCount() {
		return this.topics.length;
	}

	/** {@code count} vectors around the topic; {@code sign} -1 draws them around the opposite direction. */
	TokenVectors vectors(int topic, int count, double noise, int sign) {
		float[] data = new float[count * this.dim];
		for (int r = 0; r < count; r++) {
			float[] row = new float[this.dim];
			for (int i = 0; i < this.dim; i++) {
				row[i] = (float) (sign * this.topics[topic][i] + noise * this.random.nextGaussian() / Math.sqrt(this.dim));
			}
			System.arraycopy(normalize(row), 0, data, r * this.dim, this.dim);
		}
		return TokenVectors.of(data, count, this.dim);
	}

	/** Documents {@code prefix-0...}: topic i % topics, between minTokens and maxTokens vectors. */
	List<IndexDocument> documents(String prefix, int n, int minTokens, int maxTokens, double noise) {
		List<IndexDocument> documents = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			int topic = i % this.topics.length;
			int tokens = minTokens + this.random.nextInt(maxTokens - minTokens + 1);
			documents.add(new IndexDocument(prefix + "-" + i, "passage " + i, Map.of("topic", topic),
					vectors(topic, tokens, noise, 1)));
		}
		return documents;
	}

	/** The ids of the exact top-k, best first. */
	static List<String> exactTopK(TokenVectors query, List<IndexDocument> documents, int k) {
		return documents.stream()
			.map((d) -> Map.entry(d.id(), ReferenceMaxSim.maxSim(query, d.vectors())))
			.sorted(Map.Entry.<String, Double>comparingByValue().reversed())
			.limit(k)
			.map(Map.Entry::getKey)
			.toList();
	}

	private static float[] normalize(float[] v) {
		double sum = 0;
		for (float x : v) {
			sum += (double) x * x;
		}
		float norm = (float) Math.sqrt(sum);
		for (int i = 0; i < v.length; i++) {
			v[i] /= norm;
		}
		return v;
	}

}
