package dev.colbert.autoconfigure.ai;

import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.filter.FilterExpressionTextParser;

import dev.colbert.store.filter.FilterExpressionValidator;

/** Parses and validates a configured filter expression, describing what is wrong with it. */
final class FilterExpressionCheck {

	private FilterExpressionCheck() {
	}

	/** Returns {@code null} when the text is a supported filter expression, otherwise the problem. */
	static String problem(String text) {
		Filter.Expression expression;
		try {
			expression = new FilterExpressionTextParser().parse(text);
		}
		catch (RuntimeException ex) {
			return "it does not parse (" + ex.getMessage() + "); example of the syntax: \"genre == 'drama' && year >= 2020\"";
		}
		try {
			FilterExpressionValidator.validate(expression);
			return null;
		}
		catch (IllegalArgumentException ex) {
			return ex.getMessage();
		}
	}

}
