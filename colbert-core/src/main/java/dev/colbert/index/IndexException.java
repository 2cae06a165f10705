package dev.colbert.index;

/**
 * Base class of the exceptions a {@link ColbertIndex} throws for problems with the index itself (as opposed to bad
 * arguments, which raise {@link IllegalArgumentException}).
 */
public class IndexException extends RuntimeException {

	public IndexException(String message) {
		super(message);
	}

	public IndexException(String message, Throwable cause) {
		super(message, cause);
	}

}
