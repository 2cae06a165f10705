package dev.colbert.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.validation.Errors;

/**
 * Collects the invalid values of one configuration properties bean, each with a message that names the property as
 * written in configuration files, the allowed values and the value given. One instance serves the whole bean, so that
 * every invalid value is reported at once; {@link #at(String)} gives the view of a nested group, whose checks name
 * their properties relative to the group.
 */
public final class PropertyChecks {

	private final String prefix;

	private final String group;

	private final List<Violation> violations;

	/**
	 * Checks of the bean bound at {@code prefix}.
	 * @param prefix the prefix the bean is bound to, for example {@code colbert}
	 */
	public PropertyChecks(String prefix) {
		this(prefix, "", new ArrayList<>());
	}

	private PropertyChecks(String prefix, String group, List<Violation> violations) {
		this.prefix = prefix;
		this.group = group;
		this.violations = violations;
	}

	/**
	 * The checks of a nested group, adding to the same violations.
	 * @param path the group's path below this one in Java bean form, for example {@code store.embedded}
	 */
	public PropertyChecks at(String path) {
		return new PropertyChecks(this.prefix, path(path), this.violations);
	}

	/**
	 * The name of a property as written in configuration files, for example {@code colbert.store.embedded.merge-factor}.
	 * @param property the property below this group in Java bean form, for example {@code mergeFactor}
	 */
	public String name(String property) {
		return this.prefix + "." + kebab(path(property));
	}

	/** Adds a violation with this message. */
	public void reject(String property, String message) {
		this.violations.add(new Violation(path(property), message));
	}

	/**
	 * Adds a violation unless {@code valid}, with the message "{@code <name> <problem>}".
	 * @param problem what is wrong, for example {@code must be cpu or cuda but was 'gpu'}
	 */
	public void require(boolean valid, String property, String problem) {
		if (!valid) {
			reject(property, name(property) + " " + problem);
		}
	}

	/**
	 * An integer between {@code min} and {@code max} (no upper bound when {@code max} is {@link Integer#MAX_VALUE} or
	 * {@link Long#MAX_VALUE}); {@code null} (not set) passes.
	 */
	public void range(String property, Number value, long min, long max) {
		if (value != null && (value.longValue() < min || value.longValue() > max)) {
			String allowed = (max == Integer.MAX_VALUE || max == Long.MAX_VALUE) ? "at least " + min
					: "between " + min + " and " + max;
			reject(property, name(property) + " must be " + allowed + " but was " + value);
		}
	}

	/** A number between {@code min} and {@code max} (NaN fails); {@code null} (not set) passes. */
	public void between(String property, Double value, long min, long max) {
		require(value == null || (value >= min && value <= max), property,
				"must be between " + min + " and " + max + " but was " + value);
	}

	/**
	 * A value between {@code min} and {@code max}, such as a duration or a data size; {@code null} fails.
	 * @param allowed the range as the message states it, for example {@code between 1s and 1h}
	 */
	public <T extends Comparable<T>> void between(String property, T value, T min, T max, String allowed) {
		require(value != null && value.compareTo(min) >= 0 && value.compareTo(max) <= 0, property,
				"must be " + allowed + " but was " + value);
	}

	/** A value greater than {@code zero}, such as a positive duration; {@code null} fails. */
	public <T extends Comparable<T>> void positive(String property, T value, T zero) {
		require(value != null && value.compareTo(zero) > 0, property, "must be positive but was " + value);
	}

	/** Every violation found so far, in the order of the checks. */
	public List<Violation> violations() {
		return List.copyOf(this.violations);
	}

	/** Rejects the field of each violation, so that binding fails with one report listing all of them. */
	public void reportTo(Errors errors) {
		for (Violation violation : this.violations) {
			errors.rejectValue(violation.path(), "invalid", violation.message());
		}
	}

	private String path(String property) {
		return this.group.isEmpty() ? property : this.group + "." + property;
	}

	private static String kebab(String path) {
		StringBuilder result = new StringBuilder();
		for (char c : path.toCharArray()) {
			if (Character.isUpperCase(c)) {
				result.append('-').append(Character.toLowerCase(c));
			}
			else {
				result.append(c);
			}
		}
		return result.toString();
	}

	/**
	 * One invalid value.
	 *
	 * @param path the property path below the bean's prefix in Java bean form (for example
	 * {@code store.embedded.nbits})
	 * @param message what is wrong, naming the property as written in configuration files
	 */
	public record Violation(String path, String message) {

	}

}
