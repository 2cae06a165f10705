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
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns refused requests into {@code ProblemDetail} answers (RFC 9457): {@link InvalidRequestException} with its
 * status, Spring MVC's own request errors (missing or malformed parameters, unreadable bodies, unsupported media types,
 * uploads over {@code spring.servlet.multipart.max-file-size}) with theirs, a multipart body that cannot be parsed with
 * 400, each with a message naming the problem. Global (not limited to the API's controllers): a multipart body is
 * parsed before any handler is chosen, and the request filters ({@link SameOriginFilter}, {@link QueryStringFilter},
 * {@link RequestBodyLimitFilter}) hand their refusals here too, so that every refusal has the same form.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(InvalidRequestException.class)
	ProblemDetail invalidRequest(InvalidRequestException ex) {
		return ProblemDetail.forStatusAndDetail(ex.getStatus(), ex.getMessage());
	}

	/**
	 * A multipart body that cannot be parsed (no boundary in the Content-Type, a body that does not match it, a part
	 * Tomcat refuses): the client's mistake, not the server's. Uploads over the size limits are the subclass
	 * {@code MaxUploadSizeExceededException}, answered 413 by the base class.
	 */
	@ExceptionHandler(MultipartException.class)
	ProblemDetail unreadableMultipart(MultipartException ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		String reason = (cause != ex && cause.getMessage() != null) ? cause.getMessage() : ex.getMessage();
		if (reason == null) {
			reason = cause.getClass().getSimpleName();
		}
		if (reason.length() > 200) {
			reason = reason.substring(0, 200) + "...";
		}
		logger.debug("Refused an unreadable multipart request: {}", ex.toString());
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The multipart request could not be read ("
				+ reason + "): send multipart/form-data with a boundary and the part 'file', as an HTML form or "
				+ "curl -F file=@notes.md does");
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
