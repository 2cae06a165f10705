package dev.colbert.store.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.filter.Filter.ExpressionType;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.IndexDocument;
import dev.colbert.index.IndexSettings;
import dev.colbert.index.SearchHit;
import dev.colbert.search.SearchMode;
import dev.colbert.search.SearchParams;
import dev.colbert.store.StoreQuery;
import dev.colbert.store.filter.MetadataFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Filtered searches answered through the metadata postings (issue 15, item 7) return exactly what the old path returns,
 * the filter tested on every live document: random metadata (numbers of every type, strings, booleans, lists, missing
 * keys), random filters over every supported operator, in three segments, before and after deletes by id and by
 * filter.
 */
class FilteredSearchEquivalenceTests {

	private static final int DIM = 16;

	private static final int DOCUMENTS = 450;

	private static final List<String> KEYS = List.of("topic", "year", "flag", "tags", "absent");

	@TempDir
	Path dir;

	private final Random random = new Random(17);

	@Test
	void filteredResultsAreThoseOfTheFilterTestedOnEveryLiveDocument() {
		List<IndexDocument> documents = new ArrayList<>();
		for (int i = 0; i < DOCUMENTS; i++) {
			documents.add(new IndexDocument("d" + i, "text " + i, randomMetadata(), randomVectors(3 + this.random.nextInt(6))));
		}
		try (EmbeddedTokenVectorStore store = EmbeddedTokenVectorStore.open(this.dir,
				IndexSettings.builder().centroids(32).mergeFactor(8).build(), "equivalence", DIM)) {
			for (int segment = 0; segment < 3; segment++) {
				store.add(documents.subList(segment * 150, segment * 150 + 150));
			}
			Set<String> deleted = new HashSet<>();
			compareRandomFilters(store, 150, deleted);
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < 60; i++) {
				ids.add("d" + this.random.nextInt(DOCUMENTS));
			}
			store.delete(ids);
			deleted.addAll(ids);
			Filter.Expression topicB = new Filter.Expression(ExpressionType.EQ, new Filter.Key("topic"),
					new Filter.Value("b"));
			Predicate<Map<String, Object>> isTopicB = MetadataFilter.compile(topicB);
			documents.stream().filter((d) -> isTopicB.test(d.metadata())).forEach((d) -> deleted.add(d.id()));
			store.delete(topicB);
			compareRandomFilters(store, 150, deleted);
		}
	}

	private void compareRandomFilters(EmbeddedTokenVectorStore store, int filters, Set<String> deleted) {
		for (int f = 0; f < filters; f++) {
			Filter.Expression filter = randomExpression(3);
			Predicate<Map<String, Object>> predicate = MetadataFilter.compile(filter);
			TokenVectors query = randomVectors(4);
			for (SearchMode mode : SearchMode.values()) {
				int k = (mode == SearchMode.EXHAUSTIVE) ? DOCUMENTS : 10;
				List<SearchHit> postings = store
					.search(new StoreQuery(query, k, Double.NEGATIVE_INFINITY, filter, mode));
				SearchParams params = store.searchParams(k, mode);
				List<SearchHit> everyDocument = store.index()
					.search(query, params, (id, metadata) -> predicate.test(metadata));
				List<String> found = postings.stream().map(SearchHit::id).toList();
				assertThat(found).as("%s, %s", filter, mode)
					.isEqualTo(everyDocument.stream().map(SearchHit::id).toList());
				assertThat(found).as("deleted documents found").noneMatch(deleted::contains);
				for (int i = 0; i < postings.size(); i++) {
					assertThat(postings.get(i).maxSim()).isEqualTo(everyDocument.get(i).maxSim());
				}
			}
		}
	}

	private Map<String, Object> randomMetadata() {
		Map<String, Object> metadata = new LinkedHashMap<>();
		if (this.random.nextInt(10) > 0) {
			metadata.put("topic", List.of("a", "b", "c", "d").get(this.random.nextInt(4)));
		}
		if (this.random.nextInt(10) > 0) {
			metadata.put("year", randomNumber());
		}
		if (this.random.nextBoolean()) {
			metadata.put("flag", this.random.nextBoolean());
		}
		if (this.random.nextInt(3) > 0) {
			List<Object> tags = new ArrayList<>();
			for (int i = this.random.nextInt(4); i > 0; i--) {
				tags.add(this.random.nextBoolean() ? List.of("x", "y", "z").get(this.random.nextInt(3)) : randomNumber());
			}
			metadata.put("tags", tags);
		}
		return metadata;
	}

	/** 2019 to 2022 as Integer, Long, Short, Double or Float, sometimes with a half. */
	private Object randomNumber() {
		int year = 2019 + this.random.nextInt(4);
		return switch (this.random.nextInt(6)) {
			case 0 -> year;
			case 1 -> (long) year;
			case 2 -> (short) year;
			case 3 -> (double) year;
			case 4 -> (float) year;
			default -> year + 0.5;
		};
	}

	private Object randomValue(String key) {
		return switch (key) {
			case "topic" -> List.of("a", "b", "c", "d", "e").get(this.random.nextInt(5));
			case "flag" -> this.random.nextBoolean();
			case "tags" -> this.random.nextBoolean() ? List.of("x", "y", "w").get(this.random.nextInt(3)) : randomNumber();
			default -> this.random.nextBoolean() ? randomNumber() : "2020";
		};
	}

	private Filter.Expression randomExpression(int depth) {
		int choice = this.random.nextInt((depth > 0) ? 10 : 7);
		String key = KEYS.get(this.random.nextInt(KEYS.size()));
		Filter.Key operand = new Filter.Key(key);
		return switch (choice) {
			case 0, 1 -> new Filter.Expression(ExpressionType.EQ, operand, new Filter.Value(randomValue(key)));
			case 2 -> new Filter.Expression(ExpressionType.IN, operand,
					new Filter.Value(List.of(randomValue(key), randomValue(key), randomValue(key))));
			case 3 -> new Filter.Expression(ExpressionType.NE, operand, new Filter.Value(randomValue(key)));
			case 4 -> new Filter.Expression(ExpressionType.NIN, operand,
					new Filter.Value(List.of(randomValue(key), randomValue(key))));
			case 5 -> new Filter.Expression(this.random.nextBoolean() ? ExpressionType.GTE : ExpressionType.LT,
					new Filter.Key(this.random.nextBoolean() ? "year" : "topic"),
					new Filter.Value(this.random.nextBoolean() ? randomNumber() : "b"));
			case 6 -> new Filter.Expression(this.random.nextBoolean() ? ExpressionType.ISNULL : ExpressionType.ISNOTNULL,
					operand);
			case 7 -> new Filter.Expression(ExpressionType.AND, randomExpression(depth - 1),
					new Filter.Group(randomExpression(depth - 1)));
			case 8 -> new Filter.Expression(ExpressionType.OR, randomExpression(depth - 1), randomExpression(depth - 1));
			default -> new Filter.Expression(ExpressionType.NOT, new Filter.Group(randomExpression(depth - 1)));
		};
	}

	private TokenVectors randomVectors(int count) {
		float[] data = new float[count * DIM];
		for (int i = 0; i < data.length; i++) {
			data[i] = (float) this.random.nextGaussian();
		}
		return TokenVectors.of(data, count, DIM);
	}

}
