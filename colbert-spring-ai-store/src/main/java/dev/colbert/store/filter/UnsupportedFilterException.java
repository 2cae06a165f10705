package dev.colbert.store.filter;

/** A filter expression uses an operator, operand or value type the evaluator does not support. */
public class UnsupportedFilterException extends IllegalArgumentException {

	public UnsupportedFilterException(String message) {
		super(message);
	}

}
