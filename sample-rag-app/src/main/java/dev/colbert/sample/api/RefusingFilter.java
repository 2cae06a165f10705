package dev.colbert.sample.api;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * A request filter that refuses some requests before Spring MVC reads them. A refusal is handed to the application's
 * {@link HandlerExceptionResolver} (the bean {@code handlerExceptionResolver}, hence {@link ApiExceptionHandler}), so
 * that it gets the same {@code application/problem+json} answer as a refusal by a controller.
 */
abstract class RefusingFilter extends OncePerRequestFilter {

	private final HandlerExceptionResolver resolver;

	RefusingFilter(HandlerExceptionResolver resolver) {
		this.resolver = resolver;
	}

	/** Answers {@code request} with the problem {@code refusal} describes. */
	protected void refuse(HttpServletRequest request, HttpServletResponse response, InvalidRequestException refusal)
			throws IOException, ServletException {
		if (this.resolver.resolveException(request, response, null, refusal) == null) {
			response.sendError(refusal.getStatus().value(), refusal.getMessage());
		}
	}

}
