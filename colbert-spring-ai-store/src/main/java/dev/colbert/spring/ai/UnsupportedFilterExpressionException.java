package dev.colbert.spring.ai;

/**
 * Thrown when a Spring AI filter expression uses an operator or operand that ColBERT stores do not evaluate. The
 * message names the offending part and lists what is supported.
 */
public class UnsupportedFilterExpressionException extends IllegalArgumentException {

	public UnsupportedFilterExpressionException(String message) {
		super(message);
	}

}
