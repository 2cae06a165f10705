package dev.colbert.store.filter;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.filter.Filter.ExpressionType;

/**
 * Checks that a Spring AI {@link Filter.Expression} only uses what every {@link dev.colbert.store.TokenVectorStore}
 * evaluates: comparisons of a metadata key with a scalar ({@code EQ, NE, GT, GTE, LT, LTE}), membership in a list of
 * scalars ({@code IN, NIN}), presence of a key ({@code ISNULL, ISNOTNULL}) and their combinations
 * ({@code AND, OR, NOT}, parenthesised groups). Anything else (a key compared with a key, dates, maps, null values) is
 * refused before any work is done, with a message that names the offending part.
 */
public final class FilterExpressionValidator {

	private static final Set<ExpressionType> COMPARISONS = EnumSet.of(ExpressionType.EQ, ExpressionType.NE,
			ExpressionType.GT, ExpressionType.GTE, ExpressionType.LT, ExpressionType.LTE);

	private static final Set<ExpressionType> MEMBERSHIPS = EnumSet.of(ExpressionType.IN, ExpressionType.NIN);

	private static final Set<ExpressionType> PRESENCE = EnumSet.of(ExpressionType.ISNULL, ExpressionType.ISNOTNULL);

	private static final String SUPPORTED = "supported: EQ, NE, GT, GTE, LT, LTE, IN, NIN, ISNULL, ISNOTNULL, AND, OR, "
			+ "NOT over metadata keys and String, Number or Boolean values";

	private FilterExpressionValidator() {
	}

	/**
	 * Validates a filter expression.
	 * @param expression the expression, or {@code null} (no filter, valid)
	 * @throws UnsupportedFilterExpressionException naming the unsupported part
	 */
	public static void validate(Filter.Expression expression) {
		if (expression != null) {
			validate(expression, expression);
		}
	}

	private static void validate(Filter.Expression expression, Filter.Expression root) {
		ExpressionType type = expression.type();
		if (type == null) {
			throw unsupported("an expression without a type", root);
		}
		switch (type) {
			case AND, OR -> {
				validateOperand(expression.left(), type, root);
				validateOperand(expression.right(), type, root);
			}
			case NOT -> {
				validateOperand(expression.left(), type, root);
				if (expression.right() != null) {
					throw unsupported("NOT with two operands", root);
				}
			}
			default -> {
				if (COMPARISONS.contains(type)) {
					validateComparison(expression, root);
				}
				else if (MEMBERSHIPS.contains(type)) {
					validateMembership(expression, root);
				}
				else if (PRESENCE.contains(type)) {
					key(expression, root);
					if (expression.right() != null) {
						throw unsupported(type + " with a right operand", root);
					}
				}
				else {
					throw unsupported("the operator " + type, root);
				}
			}
		}
	}

	private static void validateOperand(Filter.Operand operand, ExpressionType type, Filter.Expression root) {
		if (operand instanceof Filter.Expression nested) {
			validate(nested, root);
		}
		else if (operand instanceof Filter.Group group) {
			if (group.content() == null) {
				throw unsupported("an empty group", root);
			}
			validate(group.content(), root);
		}
		else {
			throw unsupported(type + " over " + describe(operand) + " (its operands must be expressions)", root);
		}
	}

	private static void validateComparison(Filter.Expression expression, Filter.Expression root) {
		String key = key(expression, root);
		if (!(expression.right() instanceof Filter.Value value) || !isScalar(value.value())) {
			throw unsupported(expression.type() + " on '" + key + "' with " + describe(expression.right())
					+ " (the value must be a String, Number or Boolean)", root);
		}
	}

	private static void validateMembership(Filter.Expression expression, Filter.Expression root) {
		String key = key(expression, root);
		if (!(expression.right() instanceof Filter.Value value) || !(value.value() instanceof List<?> values)) {
			throw unsupported(expression.type() + " on '" + key + "' with " + describe(expression.right())
					+ " (the value must be a list)", root);
		}
		for (Object element : values) {
			if (!isScalar(element)) {
				throw unsupported(expression.type() + " on '" + key + "' with a list element "
						+ ((element != null) ? "of type " + element.getClass().getName() : "null")
						+ " (elements must be Strings, Numbers or Booleans)", root);
			}
		}
	}

	private static String key(Filter.Expression expression, Filter.Expression root) {
		if (!(expression.left() instanceof Filter.Key key) || key.key() == null || key.key().isBlank()) {
			throw unsupported(expression.type() + " with " + describe(expression.left())
					+ " on the left (it must be a metadata key)", root);
		}
		return key.key();
	}

	private static boolean isScalar(Object value) {
		return value instanceof String || value instanceof Number || value instanceof Boolean;
	}

	private static String describe(Filter.Operand operand) {
		if (operand == null) {
			return "no operand";
		}
		if (operand instanceof Filter.Value value) {
			return (value.value() != null) ? "a value of type " + value.value().getClass().getName() : "a null value";
		}
		return "a " + operand.getClass().getSimpleName();
	}

	private static UnsupportedFilterExpressionException unsupported(String what, Filter.Expression root) {
		return new UnsupportedFilterExpressionException(
				"Unsupported filter expression: " + what + " in " + root + "; " + SUPPORTED);
	}

}
