package dev.colbert.sample.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns refused requests into {@code ProblemDetail} answers (RFC 9457): {@link InvalidRequestException} with its
 * status, Spring MVC's own request errors (missing or malformed parameters, unreadable bodies, unsupported media types,
 * uploads over {@code spring.servlet.multipart.max-file-size}) with theirs, each with a message naming the problem.
 */
@RestControllerAdvice(basePackageClasses = ApiExceptionHandler.class)
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(InvalidRequestException.class)
	ProblemDetail invalidRequest(InvalidRequestException ex) {
		return ProblemDetail.forStatusAndDetail(ex.getStatus(), ex.getMessage());
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex.getPropertyName() != null) ? ex.getPropertyName() : "a parameter";
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"'" + ex.getValue() + "' is not a valid value for " + name
						+ ((ex.getRequiredType() != null) ? ": expected " + describe(ex.getRequiredType()) : ""));
		return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
	}

	private static String describe(Class<?> type) {
		return (type == Integer.class || type == int.class) ? "a whole number"
				: (type == Boolean.class || type == boolean.class) ? "true or false" : type.getSimpleName();
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (statusCode.is4xxClientError()) {
			logger.debug("Refused request {}: {}", request.getDescription(false), ex.toString());
		}
		return super.handleExceptionInternal(ex, body, headers, statusCode, request);
	}

}
