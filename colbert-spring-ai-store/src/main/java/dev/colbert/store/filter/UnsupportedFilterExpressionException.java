package dev.colbert.store.filter;

/**
 * Thrown when a Spring AI filter expression uses an operator, operand or value type that ColBERT stores do not
 * evaluate: by {@link FilterExpressionValidator} before any work is done, and by {@link MetadataFilter#compile}. The
 * message names the offending part and lists what is supported. An {@link IllegalArgumentException}, so that
 * applications answer it as a bad request.
 */
public class UnsupportedFilterExpressionException extends IllegalArgumentException {

	/**
	 * Creates the exception.
	 * @param message names the unsupported part of the expression
	 */
	public UnsupportedFilterExpressionException(String message) {
		super(message);
	}

}
