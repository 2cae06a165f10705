package dev.colbert.reliability.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic English-like texts and queries over a small vocabulary, for the HTTP suites and the sample
 * application's load test.
 */
public final class Corpus {

	private static final String[] WORDS = { "river", "lake", "mountain", "valley", "desert", "forest", "ocean",
			"island", "glacier", "volcano", "storm", "rain", "wind", "snow", "harbor", "bridge", "castle", "village",
			"market", "garden", "library", "engine", "signal", "protein", "cell", "virus", "vaccine", "climate",
			"carbon", "energy", "battery", "solar", "market", "price", "bank", "loan", "music", "violin", "poem",
			"novel", "theater", "football", "tennis", "marathon", "coffee", "bread", "cheese", "wine" };

	private Corpus() {
	}

	/** A text of 8 to 20 words drawn by {@code seed}. */
	public static String text(long seed) {
		Random random = new Random(seed);
		int length = 8 + random.nextInt(13);
		int topic = random.nextInt(WORDS.length - 8);
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < length; i++) {
			String word = (random.nextInt(3) == 0) ? WORDS[random.nextInt(WORDS.length)]
					: WORDS[topic + random.nextInt(8)];
			text.append((i == 0) ? "" : " ").append(word);
		}
		return text.append('.').toString();
	}

	/** {@code count} queries of 2 to 5 words. */
	public static List<String> queries(int count, long seed) {
		Random random = new Random(seed);
		List<String> queries = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			int length = 2 + random.nextInt(4);
			StringBuilder query = new StringBuilder();
			for (int j = 0; j < length; j++) {
				query.append((j == 0) ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
			}
			queries.add(query.toString());
		}
		return queries;
	}

}
