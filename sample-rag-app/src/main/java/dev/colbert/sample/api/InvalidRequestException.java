package dev.colbert.sample.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * A request the API refuses; {@link ApiExceptionHandler} answers it with its status and message as a
 * {@code ProblemDetail}.
 */
public class InvalidRequestException extends RuntimeException {

	private final HttpStatusCode status;

	/** A 400 Bad Request. */
	public InvalidRequestException(String message) {
		this(HttpStatus.BAD_REQUEST, message);
	}

	public InvalidRequestException(HttpStatusCode status, String message) {
		super(message);
		this.status = status;
	}

	/** The response status. */
	public HttpStatusCode getStatus() {
		return this.status;
	}

}
