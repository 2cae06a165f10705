package dev.colbert.store.filter;

import java.util.List;
import java.util.Objects;

import org.springframework.ai.vectorstore.filter.Filter;

import dev.colbert.index.Candidates;

/**
 * The {@link Candidates} of a Spring AI filter expression: the documents the embedded index looks up in its metadata
 * postings before it tests the {@link MetadataFilter} predicate on them. {@code EQ} and {@code IN} become terms,
 * {@code AND} and {@code OR} combine them (an {@code OR} with a side that names no terms names all documents); every
 * other operator ({@code NE}, {@code NIN}, the orderings, {@code NOT}, {@code ISNULL}, {@code ISNOTNULL}) falls back
 * to all documents. The candidates of an expression include every document it matches: {@code EQ} and {@code IN}
 * match a value exactly when it equals one of theirs under the semantics of {@link MetadataFilter}, and equal values
 * are one term.
 */
public final class FilterCandidates {

	private FilterCandidates() {
	}

	/**
	 * The candidates of an expression that {@link MetadataFilter#compile} accepts.
	 * @throws UnsupportedFilterExpressionException for an expression {@link MetadataFilter#compile} refuses
	 */
	public static Candidates of(Filter.Expression expression) {
		Objects.requireNonNull(expression, "expression");
		return switch (expression.type()) {
			case AND -> Candidates.and(ofOperand(expression.left()), ofOperand(expression.right()));
			case OR -> Candidates.or(ofOperand(expression.left()), ofOperand(expression.right()));
			case EQ -> Candidates.anyOf(MetadataFilter.key(expression), List.of(MetadataFilter.scalarValue(expression)));
			case IN -> Candidates.anyOf(MetadataFilter.key(expression), MetadataFilter.listValue(expression));
			default -> Candidates.all();
		};
	}

	private static Candidates ofOperand(Filter.Operand operand) {
		if (operand instanceof Filter.Expression expression) {
			return of(expression);
		}
		if (operand instanceof Filter.Group group) {
			return ofOperand(group.content());
		}
		return Candidates.all();
	}

}
