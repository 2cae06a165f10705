package dev.colbert.store.filter;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;
import org.springframework.ai.vectorstore.filter.FilterExpressionTextParser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MetadataFilterTests {

	private static final Map<String, Object> DOC = Map.of("country", "NL", "year", 2020, "views", 1500L, "rating",
			4.5, "draft", false, "tags", List.of("ai", "search"), "scores", List.of(3, 7));

	private final FilterExpressionBuilder b = new FilterExpressionBuilder();

	private static boolean matches(String text) {
		return MetadataFilter.compile(new FilterExpressionTextParser().parse(text)).test(DOC);
	}

	private static boolean matches(Filter.Expression expression, Map<String, Object> metadata) {
		return MetadataFilter.compile(expression).test(metadata);
	}

	@Test
	void comparisonsOnScalars() {
		assertThat(matches("country == 'NL'")).isTrue();
		assertThat(matches("country == 'BG'")).isFalse();
		assertThat(matches("country != 'BG'")).isTrue();
		assertThat(matches("year > 2019")).isTrue();
		assertThat(matches("year >= 2020")).isTrue();
		assertThat(matches("year < 2020")).isFalse();
		assertThat(matches("year <= 2020")).isTrue();
		assertThat(matches("country > 'MX'")).isTrue();
		assertThat(matches("draft == false")).isTrue();
		assertThat(matches("draft == true")).isFalse();
	}

	@Test
	void numbersCompareAcrossIntegerLongAndDouble() {
		assertThat(matches("year == 2020.0")).isTrue();
		assertThat(matches("views == 1500")).isTrue();
		assertThat(matches("rating > 4")).isTrue();
		assertThat(matches("rating < 4.6")).isTrue();
		assertThat(matches(this.b.eq("views", 1500).build(), DOC)).isTrue();
		assertThat(matches(this.b.eq("year", 2020L).build(), DOC)).isTrue();
		assertThat(matches(this.b.gt("year", 2019.5f).build(), DOC)).isTrue();
		assertThat(matches(this.b.eq("big", Long.MAX_VALUE).build(), Map.of("big", Long.MAX_VALUE - 1))).isFalse();
		assertThat(matches(this.b.eq("big", new java.math.BigDecimal("1500")).build(), DOC.entrySet().stream()
			.collect(java.util.stream.Collectors.toMap((e) -> e.getKey().equals("views") ? "big" : e.getKey(),
					Map.Entry::getValue)))).isTrue();
	}

	@Test
	void typeMismatchesNeverMatchPositiveComparisons() {
		assertThat(matches("year == '2020'")).isFalse();
		assertThat(matches("year != '2020'")).isTrue();
		assertThat(matches("country > 5")).isFalse();
		assertThat(matches("draft == 'false'")).isFalse();
	}

	@Test
	void missingKeysMatchOnlyNegations() {
		assertThat(matches("author == 'x'")).isFalse();
		assertThat(matches("author > 1")).isFalse();
		assertThat(matches("author in ['x', 'y']")).isFalse();
		assertThat(matches("author != 'x'")).isTrue();
		assertThat(matches("author nin ['x']")).isTrue();
		assertThat(matches(this.b.isNull("author").build(), DOC)).isTrue();
		assertThat(matches(this.b.isNotNull("author").build(), DOC)).isFalse();
		assertThat(matches(this.b.isNotNull("country").build(), DOC)).isTrue();
	}

	@Test
	void inAndNin() {
		assertThat(matches("country in ['BG', 'NL']")).isTrue();
		assertThat(matches("country nin ['BG', 'NL']")).isFalse();
		assertThat(matches("year in [2019, 2020]")).isTrue();
		assertThat(matches("year in [2019.0, 2020.0]")).isTrue();
	}

	@Test
	void listValuesAreMultiValued() {
		assertThat(matches("tags == 'ai'")).isTrue();
		assertThat(matches("tags == 'ml'")).isFalse();
		assertThat(matches("tags != 'ai'")).isFalse();
		assertThat(matches("tags in ['ml', 'search']")).isTrue();
		assertThat(matches("tags nin ['ml', 'search']")).isFalse();
		assertThat(matches("scores > 5")).isTrue();
		assertThat(matches("scores > 7")).isFalse();
	}

	@Test
	void booleanOperatorsGroupsAndQuotedKeys() {
		assertThat(matches("country == 'NL' && year >= 2020")).isTrue();
		assertThat(matches("country == 'BG' && year >= 2020")).isFalse();
		assertThat(matches("country == 'BG' || year >= 2020")).isTrue();
		assertThat(matches("(country == 'BG' || year >= 2020) && draft == false")).isTrue();
		assertThat(matches("NOT (country == 'BG')")).isTrue();
		assertThat(matches("NOT (country == 'NL' && year == 2020)")).isFalse();
		assertThat(matches(this.b.not(this.b.eq("country", "NL")).build(), DOC)).isFalse();
		assertThat(matches(new Filter.Expression(Filter.ExpressionType.EQ, new Filter.Key("'country'"),
				new Filter.Value("NL")), DOC)).isTrue();
		assertThat(matches(new Filter.Expression(Filter.ExpressionType.EQ, new Filter.Key("\"country\""),
				new Filter.Value("NL")), DOC)).isTrue();
	}

	@Test
	void unsupportedPartsAreRefusedWithTheReason() {
		assertThatExceptionOfType(UnsupportedFilterExpressionException.class)
			.isThrownBy(() -> MetadataFilter.compile(this.b.eq("created", new Date()).build()))
			.withMessageContaining("java.util.Date is not supported");
		assertThatExceptionOfType(UnsupportedFilterExpressionException.class)
			.isThrownBy(() -> MetadataFilter.compile(new Filter.Expression(Filter.ExpressionType.EQ,
					new Filter.Value("x"), new Filter.Value("y"))))
			.withMessageContaining("EQ needs a metadata key on the left");
		assertThatExceptionOfType(UnsupportedFilterExpressionException.class)
			.isThrownBy(() -> MetadataFilter.compile(new Filter.Expression(Filter.ExpressionType.GT,
					new Filter.Key("draft"), new Filter.Value(true))))
			.withMessageContaining("GT needs a number or a string, not a boolean");
		assertThatExceptionOfType(UnsupportedFilterExpressionException.class)
			.isThrownBy(() -> MetadataFilter.compile(new Filter.Expression(Filter.ExpressionType.AND,
					new Filter.Key("a"), new Filter.Key("b"))))
			.withMessageContaining("must be an expression or a group");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> MetadataFilter.compile(new Filter.Expression(Filter.ExpressionType.EQ,
					new Filter.Key("a"), new Filter.Value(null))))
			.withMessageContaining("of type null is not supported");
	}

	@Test
	void compiledPredicateIsReusable() {
		Predicate<Map<String, Object>> predicate = MetadataFilter
			.compile(new FilterExpressionTextParser().parse("year >= 2020"));
		assertThat(predicate.test(Map.of("year", 2021))).isTrue();
		assertThat(predicate.test(Map.of("year", 2019))).isFalse();
		assertThat(predicate.test(Map.of())).isFalse();
	}

}
