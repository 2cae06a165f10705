package dev.colbert.store.filter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import org.springframework.ai.vectorstore.filter.Filter;

/**
 * Compiles a Spring AI {@link Filter.Expression} into a predicate over a document's metadata map.
 *
 * <h2>Semantics</h2>
 * <ul>
 * <li>{@code EQ}, {@code NE}, {@code GT}, {@code GTE}, {@code LT}, {@code LTE}, {@code IN}, {@code NIN}, {@code AND},
 * {@code OR}, {@code NOT}, {@code ISNULL}, {@code ISNOTNULL}; groups (parentheses) are transparent.</li>
 * <li>Numbers compare numerically across Integer, Long, Short, Byte, Float, Double (and BigInteger/BigDecimal filter
 * values): {@code 5 == 5L == 5.0}. Integral values compare exactly as longs, others as doubles.</li>
 * <li>Strings compare with {@link String#compareTo} (lexicographic by UTF-16 unit) for ordering, booleans only for
 * equality. A value of another type than the filter value never matches {@code EQ}, {@code GT}, ... (and so matches
 * {@code NE}, {@code NIN}).</li>
 * <li>A missing key never matches {@code EQ}, {@code GT}, {@code GTE}, {@code LT}, {@code LTE}, {@code IN}; it matches
 * {@code NE}, {@code NIN} and {@code ISNULL} ({@code NOT} of a positive comparison, as in SQL without the NULL
 * third state). Stored metadata never holds nulls, so {@code ISNULL} means "key missing".</li>
 * <li>A list-valued key is multi-valued (as in Lucene and OpenSearch): {@code EQ}, {@code IN} and the orderings match
 * if any element matches; {@code NE} and {@code NIN} are their negations (no element matches).</li>
 * <li>Keys may be written with surrounding quotes ({@code 'country'} or {@code "country"}), as the text parser keeps
 * them; the quotes are removed.</li>
 * </ul>
 * Unsupported expression types, operands (a key compared with a key, a value where a key belongs) and value types
 * (dates, maps, null) raise {@link UnsupportedFilterExpressionException} at compile time, naming the offending part.
 */
public final class MetadataFilter {

	private MetadataFilter() {
	}

	/**
	 * Compiles the expression.
	 * @throws UnsupportedFilterExpressionException if any part is not supported
	 */
	public static Predicate<Map<String, Object>> compile(Filter.Expression expression) {
		Objects.requireNonNull(expression, "expression");
		return compileExpression(expression);
	}

	private static Predicate<Map<String, Object>> compileOperand(Filter.Operand operand, Filter.Expression parent) {
		if (operand instanceof Filter.Expression expression) {
			return compileExpression(expression);
		}
		if (operand instanceof Filter.Group group) {
			return compileOperand(group.content(), parent);
		}
		throw new UnsupportedFilterExpressionException("Operand " + operand + " of " + parent.type()
				+ " must be an expression or a group, in filter " + parent);
	}

	private static Predicate<Map<String, Object>> compileExpression(Filter.Expression expression) {
		Filter.ExpressionType type = expression.type();
		if (type == null) {
			throw new UnsupportedFilterExpressionException("Filter expression without a type: " + expression);
		}
		switch (type) {
			case AND: {
				Predicate<Map<String, Object>> left = compileOperand(expression.left(), expression);
				Predicate<Map<String, Object>> right = compileOperand(expression.right(), expression);
				return left.and(right);
			}
			case OR: {
				Predicate<Map<String, Object>> left = compileOperand(expression.left(), expression);
				Predicate<Map<String, Object>> right = compileOperand(expression.right(), expression);
				return left.or(right);
			}
			case NOT: {
				if (expression.right() != null) {
					throw new UnsupportedFilterExpressionException("NOT takes one operand: " + expression);
				}
				return compileOperand(expression.left(), expression).negate();
			}
			case ISNULL: {
				String key = key(expression);
				return (metadata) -> !metadata.containsKey(key);
			}
			case ISNOTNULL: {
				String key = key(expression);
				return (metadata) -> metadata.containsKey(key);
			}
			case EQ: {
				String key = key(expression);
				Object value = scalarValue(expression);
				return (metadata) -> anyElement(metadata.get(key), (stored) -> equal(stored, value));
			}
			case NE: {
				String key = key(expression);
				Object value = scalarValue(expression);
				return (metadata) -> !anyElement(metadata.get(key), (stored) -> equal(stored, value));
			}
			case GT:
			case GTE:
			case LT:
			case LTE: {
				String key = key(expression);
				Object value = scalarValue(expression);
				if (value instanceof Boolean) {
					throw new UnsupportedFilterExpressionException(
							type + " needs a number or a string, not a boolean: " + expression);
				}
				return (metadata) -> anyElement(metadata.get(key), (stored) -> {
					Integer c = compare(stored, value);
					if (c == null) {
						return false;
					}
					return switch (type) {
						case GT -> c > 0;
						case GTE -> c >= 0;
						case LT -> c < 0;
						default -> c <= 0;
					};
				});
			}
			case IN: {
				String key = key(expression);
				List<Object> values = listValue(expression);
				return (metadata) -> anyElement(metadata.get(key), (stored) -> containsEqual(values, stored));
			}
			case NIN: {
				String key = key(expression);
				List<Object> values = listValue(expression);
				return (metadata) -> !anyElement(metadata.get(key), (stored) -> containsEqual(values, stored));
			}
			default:
				throw new UnsupportedFilterExpressionException("Filter operator " + type
						+ " is not supported (supported: EQ, NE, GT, GTE, LT, LTE, IN, NIN, AND, OR, NOT, ISNULL, "
						+ "ISNOTNULL): " + expression);
		}
	}

	static String key(Filter.Expression expression) {
		if (!(expression.left() instanceof Filter.Key key)) {
			throw new UnsupportedFilterExpressionException(expression.type()
					+ " needs a metadata key on the left, found " + expression.left() + " in " + expression);
		}
		String name = key.key();
		if (name == null || name.isEmpty()) {
			throw new UnsupportedFilterExpressionException("Empty metadata key in " + expression);
		}
		if (name.length() >= 2 && ((name.startsWith("'") && name.endsWith("'"))
				|| (name.startsWith("\"") && name.endsWith("\"")))) {
			name = name.substring(1, name.length() - 1);
		}
		return name;
	}

	static Object scalarValue(Filter.Expression expression) {
		if (!(expression.right() instanceof Filter.Value value)) {
			throw new UnsupportedFilterExpressionException(expression.type() + " needs a value on the right, found "
					+ expression.right() + " in " + expression);
		}
		return checkScalar(value.value(), expression);
	}

	static List<Object> listValue(Filter.Expression expression) {
		if (!(expression.right() instanceof Filter.Value value)) {
			throw new UnsupportedFilterExpressionException(expression.type()
					+ " needs a list value on the right, found " + expression.right() + " in " + expression);
		}
		List<Object> values = new ArrayList<>();
		if (value.value() instanceof Collection<?> collection) {
			for (Object element : collection) {
				values.add(checkScalar(element, expression));
			}
		}
		else {
			values.add(checkScalar(value.value(), expression));
		}
		return values;
	}

	private static Object checkScalar(Object value, Filter.Expression expression) {
		if (value instanceof String || value instanceof Boolean || value instanceof Number) {
			return value;
		}
		throw new UnsupportedFilterExpressionException("Filter value " + value + " of type "
				+ ((value != null) ? value.getClass().getName() : "null")
				+ " is not supported (use strings, numbers or booleans; store dates as ISO-8601 strings or epoch numbers)"
				+ " in " + expression);
	}

	/** Applies the test to the value, or to each element of a list value; false for a missing value. */
	private static boolean anyElement(Object stored, Predicate<Object> test) {
		if (stored == null) {
			return false;
		}
		if (stored instanceof List<?> list) {
			for (Object element : list) {
				if (element != null && test.test(element)) {
					return true;
				}
			}
			return false;
		}
		return test.test(stored);
	}

	private static boolean containsEqual(List<Object> values, Object stored) {
		for (Object value : values) {
			if (equal(stored, value)) {
				return true;
			}
		}
		return false;
	}

	static boolean equal(Object stored, Object value) {
		if (stored instanceof Number a && value instanceof Number b) {
			return compareNumbers(a, b) == 0;
		}
		if (stored instanceof String || stored instanceof Boolean) {
			return stored.equals(value);
		}
		return false;
	}

	/** Ordering of comparable values of the same kind, or null when they are not comparable. */
	static Integer compare(Object stored, Object value) {
		if (stored instanceof Number a && value instanceof Number b) {
			return compareNumbers(a, b);
		}
		if (stored instanceof String a && value instanceof String b) {
			return a.compareTo(b);
		}
		return null;
	}

	private static int compareNumbers(Number a, Number b) {
		if (isIntegral(a) && isIntegral(b)) {
			if (a instanceof BigInteger || b instanceof BigInteger) {
				return toBigDecimal(a).compareTo(toBigDecimal(b));
			}
			return Long.compare(a.longValue(), b.longValue());
		}
		if (a instanceof BigDecimal || b instanceof BigDecimal || a instanceof BigInteger || b instanceof BigInteger) {
			return toBigDecimal(a).compareTo(toBigDecimal(b));
		}
		return Double.compare(a.doubleValue(), b.doubleValue());
	}

	private static boolean isIntegral(Number n) {
		return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
				|| n instanceof BigInteger;
	}

	private static BigDecimal toBigDecimal(Number n) {
		if (n instanceof BigDecimal d) {
			return d;
		}
		if (n instanceof BigInteger i) {
			return new BigDecimal(i);
		}
		if (isIntegral(n)) {
			return BigDecimal.valueOf(n.longValue());
		}
		return BigDecimal.valueOf(n.doubleValue());
	}

}
