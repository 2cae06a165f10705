package dev.colbert.index;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The documents a {@link DocumentFilter} can match, in terms the index answers from its per-segment metadata postings
 * ({@code key = value}) instead of testing every live document: terms "the value under a key equals one of these",
 * combined with and/or. A superset: the index tests the filter on each candidate, so candidates only need to include
 * every match; {@link #all()} (every live document) is always correct.
 *
 * <p>Values match the way stored metadata values compare under the filters of the stores: a list value matches when
 * one of its elements does; numbers match by numeric value whatever their type ({@code 5}, {@code 5L} and {@code 5.0}
 * are one term; values are compared as doubles, so integers that differ beyond 2<sup>53</sup> share a term, which the
 * filter's own test separates); strings and booleans by {@code equals}.
 *
 * <p>{@link #ids(Collection)} names documents by id (looked up in each segment's id map): a search restricted to a
 * few known documents, for example the lexical candidates of a hybrid search, costs what those documents cost, not a
 * pass over the collection.
 */
public sealed interface Candidates permits Candidates.All, Candidates.Terms, Candidates.Ids, Candidates.And, Candidates.Or {

	/** Every live document: the filter is tested on each. */
	static Candidates all() {
		return All.INSTANCE;
	}

	/**
	 * The documents whose metadata value under {@code key}, or an element of it when it is a list, equals one of
	 * {@code values}.
	 */
	static Candidates anyOf(String key, Collection<?> values) {
		Objects.requireNonNull(key, "key");
		Set<Object> terms = new LinkedHashSet<>();
		for (Object value : values) {
			terms.add(term(value));
		}
		return new Terms(key, Set.copyOf(terms));
	}

	/** The live documents with one of these ids. */
	static Candidates ids(Collection<String> ids) {
		Objects.requireNonNull(ids, "ids");
		Set<String> copy = new LinkedHashSet<>();
		for (String id : ids) {
			copy.add(Objects.requireNonNull(id, "id"));
		}
		return new Ids(Set.copyOf(copy));
	}

	/** The documents that are candidates of both. */
	static Candidates and(Candidates left, Candidates right) {
		if (left instanceof All) {
			return right;
		}
		return (right instanceof All) ? left : new And(left, right);
	}

	/** The documents that are candidates of either. */
	static Candidates or(Candidates left, Candidates right) {
		return (left instanceof All || right instanceof All) ? all() : new Or(left, right);
	}

	/** The postings term of a metadata value: numbers as {@link Double}, anything else as it is. */
	static Object term(Object value) {
		Objects.requireNonNull(value, "value");
		return (value instanceof Number number) ? Double.valueOf(number.doubleValue()) : value;
	}

	/** Every live document. */
	final class All implements Candidates {

		private static final All INSTANCE = new All();

		private All() {
		}

		@Override
		public String toString() {
			return "all";
		}

	}

	/**
	 * Documents with one of the terms under the key.
	 * @param key the metadata key
	 * @param terms the values as {@link #term(Object) terms}
	 */
	record Terms(String key, Set<Object> terms) implements Candidates {

	}

	/**
	 * Documents with one of these ids.
	 * @param ids the document ids
	 */
	record Ids(Set<String> ids) implements Candidates {

	}

	/** Candidates of both. */
	record And(Candidates left, Candidates right) implements Candidates {

	}

	/** Candidates of either. */
	record Or(Candidates left, Candidates right) implements Candidates {

	}

}
