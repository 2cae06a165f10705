package dev.colbert.opensearch;

import java.util.Date;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.filter.Filter.ExpressionType;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;
import org.springframework.ai.vectorstore.filter.FilterExpressionTextParser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link OpenSearchFilterExpressionConverter}: the query DSL each operator becomes. (The semantics against a
 * real node are checked by the conformance suite and {@code OpenSearchTokenVectorStoreIT}.)
 */
class OpenSearchFilterExpressionConverterTests {

	private final OpenSearchFilterExpressionConverter converter = new OpenSearchFilterExpressionConverter();

	private final FilterExpressionBuilder b = new FilterExpressionBuilder();

	private String json(Filter.Expression expression) {
		Query query = this.converter.convert(expression);
		return JsonText.of(query);
	}

	@Test
	void eqOnAStringIsATermQueryOnTheMetadataKeyword() {
		assertThat(json(this.b.eq("color", "red").build()))
			.isEqualTo("{\"term\":{\"metadata.color\":{\"value\":\"red\"}}}");
	}

	@Test
	void eqOnNumbersAndBooleansKeepsTheirJsonTypes() {
		assertThat(json(this.b.eq("year", 2020).build())).isEqualTo("{\"term\":{\"metadata.year\":{\"value\":2020}}}");
		assertThat(json(this.b.eq("year", 2020L).build())).isEqualTo("{\"term\":{\"metadata.year\":{\"value\":2020}}}");
		assertThat(json(this.b.eq("rating", 4.5).build()))
			.isEqualTo("{\"term\":{\"metadata.rating\":{\"value\":4.5}}}");
		assertThat(json(this.b.eq("ok", true).build())).isEqualTo("{\"term\":{\"metadata.ok\":{\"value\":true}}}");
	}

	@Test
	void neIsMustNotSoThatAMissingKeyMatches() {
		assertThat(json(this.b.ne("color", "red").build()))
			.isEqualTo("{\"bool\":{\"must_not\":[{\"term\":{\"metadata.color\":{\"value\":\"red\"}}}]}}");
	}

	@Test
	void comparisonsAreRangeQueries() {
		assertThat(json(this.b.gt("year", 2019).build())).isEqualTo("{\"range\":{\"metadata.year\":{\"gt\":2019}}}");
		assertThat(json(this.b.gte("year", 2019.5).build()))
			.isEqualTo("{\"range\":{\"metadata.year\":{\"gte\":2019.5}}}");
		assertThat(json(this.b.lt("name", "m").build())).isEqualTo("{\"range\":{\"metadata.name\":{\"lt\":\"m\"}}}");
		assertThat(json(this.b.lte("year", 2021L).build())).isEqualTo("{\"range\":{\"metadata.year\":{\"lte\":2021}}}");
	}

	@Test
	void inAndNinAreTermsQueries() {
		assertThat(json(this.b.in("color", "red", "blue").build()))
			.isEqualTo("{\"terms\":{\"metadata.color\":[\"red\",\"blue\"]}}");
		assertThat(json(this.b.nin("year", 2019, 2020).build()))
			.isEqualTo("{\"bool\":{\"must_not\":[{\"terms\":{\"metadata.year\":[2019,2020]}}]}}");
	}

	@Test
	void emptyInMatchesNothingAndEmptyNinEverything() {
		Filter.Expression in = new Filter.Expression(ExpressionType.IN, new Filter.Key("color"),
				new Filter.Value(List.of()));
		assertThat(json(in)).isEqualTo("{\"match_none\":{}}");
		Filter.Expression nin = new Filter.Expression(ExpressionType.NIN, new Filter.Key("color"),
				new Filter.Value(List.of()));
		assertThat(json(nin)).isEqualTo("{\"bool\":{\"must_not\":[{\"match_none\":{}}]}}");
	}

	@Test
	void andOrNotCombineAsBooleanQueries() {
		assertThat(json(this.b.and(this.b.eq("a", 1), this.b.eq("b", "x")).build())).isEqualTo(
				"{\"bool\":{\"filter\":[{\"term\":{\"metadata.a\":{\"value\":1}}},{\"term\":{\"metadata.b\":{\"value\":\"x\"}}}]}}");
		assertThat(json(this.b.or(this.b.eq("a", 1), this.b.eq("b", "x")).build())).isEqualTo(
				"{\"bool\":{\"minimum_should_match\":\"1\",\"should\":[{\"term\":{\"metadata.a\":{\"value\":1}}},{\"term\":{\"metadata.b\":{\"value\":\"x\"}}}]}}");
		assertThat(json(this.b.not(this.b.eq("a", 1)).build()))
			.isEqualTo("{\"bool\":{\"must_not\":[{\"term\":{\"metadata.a\":{\"value\":1}}}]}}");
	}

	@Test
	void groupsAndTheTextParserAreSupported() {
		Filter.Expression parsed = new FilterExpressionTextParser()
			.parse("(color == 'red' || color == 'blue') && year >= 2020");
		assertThat(json(parsed)).isEqualTo("{\"bool\":{\"filter\":[{\"bool\":{\"minimum_should_match\":\"1\",\"should\":"
				+ "[{\"term\":{\"metadata.color\":{\"value\":\"red\"}}},{\"term\":{\"metadata.color\":{\"value\":\"blue\"}}}]}},"
				+ "{\"range\":{\"metadata.year\":{\"gte\":2020}}}]}}");
	}

	@Test
	void isNullAndIsNotNullTestForTheKey() {
		Filter.Expression isNull = new Filter.Expression(ExpressionType.ISNULL, new Filter.Key("color"));
		assertThat(json(isNull)).isEqualTo("{\"bool\":{\"must_not\":[{\"exists\":{\"field\":\"metadata.color\"}}]}}");
		Filter.Expression isNotNull = new Filter.Expression(ExpressionType.ISNOTNULL, new Filter.Key("color"));
		assertThat(json(isNotNull)).isEqualTo("{\"exists\":{\"field\":\"metadata.color\"}}");
	}

	@Test
	void quotedAndDottedKeysBecomeFieldPaths() {
		assertThat(json(this.b.eq("'my key'", "x").build()))
			.isEqualTo("{\"term\":{\"metadata.my key\":{\"value\":\"x\"}}}");
		assertThat(json(this.b.eq("author.name", "x").build()))
			.isEqualTo("{\"term\":{\"metadata.author.name\":{\"value\":\"x\"}}}");
	}

	@Test
	void unsupportedValuesAreRefusedWithTheExpression() {
		assertThatIllegalArgumentException().isThrownBy(() -> json(this.b.eq("when", new Date(0)).build()))
			.withMessageContaining("EQ compares with a String, Number or Boolean")
			.withMessageContaining("java.util.Date");
		assertThatIllegalArgumentException().isThrownBy(() -> json(this.b.gt("ok", true).build()))
			.withMessageContaining("GT compares numbers or strings");
		assertThatIllegalArgumentException().isThrownBy(() -> json(this.b.gt("x", Double.NaN).build()))
			.withMessageContaining("NaN");
		assertThatIllegalArgumentException().isThrownBy(() -> json(this.b.eq("x", null).build()))
			.withMessageContaining("null");
		assertThatIllegalArgumentException().isThrownBy(() -> json(new Filter.Expression(ExpressionType.IN,
				new Filter.Key("x"), new Filter.Value("not a list"))))
			.withMessageContaining("IN needs a list of values");
	}

	@Test
	void malformedExpressionsAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> json(new Filter.Expression(ExpressionType.EQ,
				new Filter.Value("x"), new Filter.Value("y"))))
			.withMessageContaining("needs a metadata key on the left");
		assertThatIllegalArgumentException().isThrownBy(() -> json(new Filter.Expression(ExpressionType.AND,
				new Filter.Key("x"), new Filter.Value("y"))))
			.withMessageContaining("AND needs expressions on both sides");
		assertThatIllegalArgumentException().isThrownBy(() -> json(this.b.eq(" ", "y").build()))
			.withMessageContaining("blank metadata key");
		assertThatIllegalArgumentException().isThrownBy(() -> this.converter.convert(null));
	}

	@Test
	void aCustomFieldMappingIsUsed() {
		OpenSearchFilterExpressionConverter custom = new OpenSearchFilterExpressionConverter((key) -> "m_" + key);
		assertThat(JsonText.of(custom.convert(this.b.eq("a", "b").build())))
			.isEqualTo("{\"term\":{\"m_a\":{\"value\":\"b\"}}}");
	}

}
