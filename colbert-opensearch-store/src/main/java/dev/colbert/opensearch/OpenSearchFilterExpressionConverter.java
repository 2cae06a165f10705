package dev.colbert.opensearch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.springframework.ai.vectorstore.filter.Filter;

/**
 * Turns a Spring AI {@link Filter.Expression} into an OpenSearch query over the passage metadata.
 *
 * <p>Semantics (the same as the embedded store's):
 * <ul>
 * <li>{@code EQ}, {@code GT}, {@code GTE}, {@code LT}, {@code LTE}, {@code IN} never match a document that lacks the
 * key; {@code NE} and {@code NIN} do match it ({@code NE} is "not equal", not "has a different value").</li>
 * <li>Numbers compare numerically whatever their Java type (every metadata number is indexed as a double, so integers
 * beyond 2^53 compare approximately); strings compare exactly and, for ranges, lexicographically; booleans support
 * only {@code EQ}, {@code NE}, {@code IN} and {@code NIN}.</li>
 * <li>On a list-valued key, {@code EQ}/{@code IN} match when any element matches, {@code NE}/{@code NIN} when none
 * does.</li>
 * <li>{@code AND}, {@code OR}, {@code NOT} combine as boolean logic ({@code NOT} of a comparison on a missing key is
 * true); {@code ISNULL} matches documents without the key, {@code ISNOTNULL} those with it.</li>
 * </ul>
 * Anything else (a value of another type, a comparison without a key and a value, an empty key) is refused with an
 * {@link IllegalArgumentException} that says what is wrong.
 */
public final class OpenSearchFilterExpressionConverter {

	private final Function<String, String> fieldNames;

	/** A converter for the store's layout: key {@code k} is field {@code metadata.k}. */
	public OpenSearchFilterExpressionConverter() {
		this(IndexLayout::metadataField);
	}

	/** A converter that maps filter keys to fields with the given function. */
	public OpenSearchFilterExpressionConverter(Function<String, String> fieldNames) {
		this.fieldNames = fieldNames;
	}

	/**
	 * The query matching the documents the expression accepts.
	 * @throws IllegalArgumentException for an expression the store cannot evaluate
	 */
	public Query convert(Filter.Expression expression) {
		if (expression == null) {
			throw new IllegalArgumentException("filter expression must not be null");
		}
		if (expression.type() == null) {
			throw new IllegalArgumentException("filter expression " + expression + " has no type");
		}
		return switch (expression.type()) {
			case AND -> Query.of((q) -> q.bool((b) -> b.filter(operand(expression.left(), expression),
					operand(expression.right(), expression))));
			case OR -> Query.of((q) -> q.bool((b) -> b.should(operand(expression.left(), expression),
					operand(expression.right(), expression)).minimumShouldMatch("1")));
			case NOT -> Query.of((q) -> q.bool((b) -> b.mustNot(operand(expression.left(), expression))));
			case EQ -> term(expression);
			case NE -> not(term(expression));
			case GT, GTE, LT, LTE -> range(expression);
			case IN -> terms(expression);
			case NIN -> not(terms(expression));
			case ISNULL -> not(exists(expression));
			case ISNOTNULL -> exists(expression);
			default -> throw new IllegalArgumentException("unsupported filter operator " + expression.type() + " in "
					+ expression);
		};
	}

	private Query operand(Filter.Operand operand, Filter.Expression parent) {
		if (operand instanceof Filter.Expression expression) {
			return convert(expression);
		}
		if (operand instanceof Filter.Group group) {
			return convert(group.content());
		}
		throw new IllegalArgumentException(parent.type() + " needs expressions on both sides, got " + operand
				+ " in " + parent);
	}

	private static Query not(Query query) {
		return Query.of((q) -> q.bool((b) -> b.mustNot(query)));
	}

	private Query exists(Filter.Expression expression) {
		String field = field(expression);
		return Query.of((q) -> q.exists((e) -> e.field(field)));
	}

	private Query term(Filter.Expression expression) {
		String field = field(expression);
		FieldValue value = fieldValue(value(expression), expression);
		return Query.of((q) -> q.term((t) -> t.field(field).value(value)));
	}

	private Query terms(Filter.Expression expression) {
		String field = field(expression);
		Object value = value(expression);
		if (!(value instanceof Collection<?> collection)) {
			throw new IllegalArgumentException(expression.type() + " needs a list of values, got " + value + " in "
					+ expression);
		}
		List<FieldValue> values = new ArrayList<>(collection.size());
		for (Object element : collection) {
			values.add(fieldValue(element, expression));
		}
		if (values.isEmpty()) {
			return Query.of((q) -> q.matchNone((m) -> m));
		}
		return Query.of((q) -> q.terms((t) -> t.field(field).terms((f) -> f.value(values))));
	}

	private Query range(Filter.Expression expression) {
		String field = field(expression);
		Object value = value(expression);
		if (!(value instanceof Number) && !(value instanceof String)) {
			throw new IllegalArgumentException(expression.type() + " compares numbers or strings, got "
					+ describe(value) + " in " + expression);
		}
		checkNumber(value, expression);
		JsonData bound = JsonData.of(value);
		return Query.of((q) -> q.range((r) -> {
			r.field(field);
			return switch (expression.type()) {
				case GT -> r.gt(bound);
				case GTE -> r.gte(bound);
				case LT -> r.lt(bound);
				default -> r.lte(bound);
			};
		}));
	}

	private String field(Filter.Expression expression) {
		if (!(expression.left() instanceof Filter.Key key)) {
			throw new IllegalArgumentException(expression.type() + " needs a metadata key on the left, got "
					+ expression.left() + " in " + expression);
		}
		String name = unquote(key.key());
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("blank metadata key in " + expression);
		}
		return this.fieldNames.apply(name);
	}

	private static String unquote(String key) {
		if (key != null && key.length() >= 2) {
			char first = key.charAt(0);
			char last = key.charAt(key.length() - 1);
			if ((first == '\'' || first == '"') && first == last) {
				return key.substring(1, key.length() - 1);
			}
		}
		return key;
	}

	private static Object value(Filter.Expression expression) {
		if (!(expression.right() instanceof Filter.Value value)) {
			throw new IllegalArgumentException(expression.type() + " needs a value on the right, got "
					+ expression.right() + " in " + expression);
		}
		return value.value();
	}

	private static FieldValue fieldValue(Object value, Filter.Expression expression) {
		if (value instanceof String s) {
			return FieldValue.of(s);
		}
		if (value instanceof Boolean b) {
			return FieldValue.of(b);
		}
		if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
			return FieldValue.of(((Number) value).longValue());
		}
		if (value instanceof Double || value instanceof Float) {
			checkNumber(value, expression);
			return FieldValue.of(((Number) value).doubleValue());
		}
		throw new IllegalArgumentException(expression.type() + " compares with a String, Number or Boolean, got "
				+ describe(value) + " in " + expression);
	}

	private static void checkNumber(Object value, Filter.Expression expression) {
		if (value instanceof Double || value instanceof Float) {
			double d = ((Number) value).doubleValue();
			if (Double.isNaN(d) || Double.isInfinite(d)) {
				throw new IllegalArgumentException(expression.type() + " cannot compare with " + d + " in "
						+ expression);
			}
		}
		else if (value instanceof Number && !(value instanceof Integer || value instanceof Long
				|| value instanceof Short || value instanceof Byte)) {
			throw new IllegalArgumentException(expression.type() + " compares with Integer, Long, Short, Byte, Double"
					+ " or Float numbers, got " + describe(value) + " in " + expression);
		}
	}

	private static String describe(Object value) {
		return (value != null) ? value + " (" + value.getClass().getName() + ")" : "null";
	}

}
