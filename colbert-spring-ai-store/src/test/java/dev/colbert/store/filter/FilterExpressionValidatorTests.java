package dev.colbert.store.filter;

import java.util.Date;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.filter.Filter.ExpressionType;
import org.springframework.ai.vectorstore.filter.FilterExpressionTextParser;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FilterExpressionValidatorTests {

	@ParameterizedTest
	@ValueSource(strings = { "a == 'x'", "a != 1", "a > 1.5", "a >= 2", "a < 'm'", "a <= 3", "a in ['x', 'y']",
			"a nin [1, 2]", "a IS NULL", "a IS NOT NULL", "a == 'x' && b == true", "a == 'x' || (b == 1 && not(c in [1]))", "not(a == 1)" })
	void acceptsTheSupportedOperators(String text) {
		assertThatCode(() -> FilterExpressionValidator.validate(new FilterExpressionTextParser().parse(text)))
			.doesNotThrowAnyException();
	}

	@Test
	void acceptsNoFilter() {
		assertThatCode(() -> FilterExpressionValidator.validate(null)).doesNotThrowAnyException();
	}

	@Test
	void refusesDateValuesNamingTheKeyAndListingWhatIsSupported() {
		Filter.Expression expression = new Filter.Expression(ExpressionType.AND,
				new Filter.Expression(ExpressionType.EQ, new Filter.Key("a"), new Filter.Value(1)),
				new Filter.Expression(ExpressionType.GT, new Filter.Key("published"), new Filter.Value(new Date(0))));

		assertThatExceptionOfType(UnsupportedFilterExpressionException.class)
			.isThrownBy(() -> FilterExpressionValidator.validate(expression))
			.withMessageStartingWith("Unsupported filter expression: GT on 'published' with a value of type "
					+ "java.util.Date (the value must be a String, Number or Boolean) in ")
			.withMessageEndingWith("; supported: EQ, NE, GT, GTE, LT, LTE, IN, NIN, ISNULL, ISNOTNULL, AND, OR, NOT "
					+ "over metadata keys and String, Number or Boolean values");
	}

	@Test
	void refusesAKeyComparedWithAKey() {
		Filter.Expression expression = new Filter.Expression(ExpressionType.EQ, new Filter.Key("a"), new Filter.Key("b"));

		assertThatExceptionOfType(UnsupportedFilterExpressionException.class)
			.isThrownBy(() -> FilterExpressionValidator.validate(expression))
			.withMessageContaining("EQ on 'a' with a Key (the value must be a String, Number or Boolean)");
	}

	@Test
	void refusesIsNullWithARightOperand() {
		Filter.Expression expression = new Filter.Expression(ExpressionType.ISNULL, new Filter.Key("a"),
				new Filter.Value(1));

		assertThatExceptionOfType(UnsupportedFilterExpressionException.class)
			.isThrownBy(() -> FilterExpressionValidator.validate(expression))
			.withMessageContaining("ISNULL with a right operand");
	}

	@Test
	void refusesNonScalarComparisonValues() {
		Filter.Expression expression = new Filter.Expression(ExpressionType.EQ, new Filter.Key("a"),
				new Filter.Value(List.of(1, 2)));

		assertThatExceptionOfType(UnsupportedFilterExpressionException.class)
			.isThrownBy(() -> FilterExpressionValidator.validate(expression))
			.withMessageContaining("EQ on 'a' with a value of type java.util.ImmutableCollections$List12 "
					+ "(the value must be a String, Number or Boolean)");
	}

	@Test
	void refusesMembershipWithoutAList() {
		Filter.Expression expression = new Filter.Expression(ExpressionType.IN, new Filter.Key("a"), new Filter.Value("x"));

		assertThatExceptionOfType(UnsupportedFilterExpressionException.class)
			.isThrownBy(() -> FilterExpressionValidator.validate(expression))
			.withMessageContaining("IN on 'a' with a value of type java.lang.String (the value must be a list)");
	}

	@Test
	void refusesAComparisonWithoutAKey() {
		Filter.Expression expression = new Filter.Expression(ExpressionType.GT, new Filter.Value(1), new Filter.Value(2));

		assertThatExceptionOfType(UnsupportedFilterExpressionException.class)
			.isThrownBy(() -> FilterExpressionValidator.validate(expression))
			.withMessageContaining("GT with a value of type java.lang.Integer on the left (it must be a metadata key)");
	}

	@Test
	void refusesLogicalOperatorsOverValues() {
		Filter.Expression expression = new Filter.Expression(ExpressionType.AND, new Filter.Key("a"),
				new Filter.Value(true));

		assertThatExceptionOfType(UnsupportedFilterExpressionException.class)
			.isThrownBy(() -> FilterExpressionValidator.validate(expression))
			.withMessageContaining("AND over a Key (its operands must be expressions)");
	}

}
