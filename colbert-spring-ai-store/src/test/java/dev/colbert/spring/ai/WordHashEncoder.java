package dev.colbert.spring.ai;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.EncoderInfo;
import dev.colbert.encoder.TokenVectors;

/**
 * A deterministic test encoder: one token per word (letters and digits, lower-cased), each word a fixed random unit
 * vector seeded by the word. Equal words have similarity 1, different words about N(0, 1/dim). It makes retrieval and
 * explanation tests exact and fast without a neural model; it is not a model and lives in test sources only.
 */
public final class WordHashEncoder implements ColbertEncoder {

	private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

	private final int dim;

	private final int queryMaxLength;

	private final int documentMaxLength;

	private final String fingerprint;

	private final Map<String, float[]> vectors = new ConcurrentHashMap<>();

	private volatile boolean closed;

	public WordHashEncoder(int dim) {
		this(dim, "word-hash-" + dim);
	}

	public WordHashEncoder(int dim, String fingerprint) {
		this.dim = dim;
		this.queryMaxLength = 32;
		this.documentMaxLength = 300;
		this.fingerprint = fingerprint;
	}

	@Override
	public TokenVectors encodeQuery(String query) {
		checkOpen();
		if (query == null || query.isBlank()) {
			throw new IllegalArgumentException("query must not be null or blank");
		}
		return encode(query, this.queryMaxLength);
	}

	@Override
	public List<TokenVectors> encodeDocuments(List<String> documents) {
		checkOpen();
		List<TokenVectors> result = new ArrayList<>(documents.size());
		for (String document : documents) {
			result.add(encode(document, this.documentMaxLength));
		}
		return result;
	}

	@Override
	public EncoderInfo info() {
		return new EncoderInfo("test:word-hash", "word-hash", this.dim, 0, this.dim, this.queryMaxLength,
				this.documentMaxLength, false, false, false, this.fingerprint);
	}

	@Override
	public void close() {
		this.closed = true;
	}

	public boolean isClosed() {
		return this.closed;
	}

	/** The vector of one word (a copy). */
	public float[] vector(String word) {
		return vectorOf(word.toLowerCase(Locale.ROOT)).clone();
	}

	private void checkOpen() {
		if (this.closed) {
			throw new IllegalStateException("encoder is closed");
		}
	}

	private TokenVectors encode(String text, int maxLength) {
		List<int[]> spans = new ArrayList<>();
		Matcher matcher = WORD.matcher(text);
		while (matcher.find() && spans.size() < maxLength) {
			spans.add(new int[] { matcher.start(), matcher.end() });
		}
		int count = spans.size();
		float[] data = new float[count * this.dim];
		int[] ids = new int[count];
		int[] starts = new int[count];
		int[] ends = new int[count];
		for (int i = 0; i < count; i++) {
			int[] span = spans.get(i);
			String word = text.substring(span[0], span[1]).toLowerCase(Locale.ROOT);
			System.arraycopy(vectorOf(word), 0, data, i * this.dim, this.dim);
			ids[i] = 1000 + Math.floorMod(word.hashCode(), 29000);
			starts[i] = span[0];
			ends[i] = span[1];
		}
		return new TokenVectors(data, count, this.dim, ids, starts, ends);
	}

	private float[] vectorOf(String word) {
		return this.vectors.computeIfAbsent(word, (key) -> {
			Random random = new Random(key.hashCode() * 31L + 17);
			float[] vector = new float[this.dim];
			double norm = 0;
			for (int k = 0; k < this.dim; k++) {
				vector[k] = (float) random.nextGaussian();
				norm += vector[k] * vector[k];
			}
			for (int k = 0; k < this.dim; k++) {
				vector[k] /= (float) Math.sqrt(norm);
			}
			return vector;
		});
	}

}
