package dev.colbert.sample.it;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A test filter in front of all others that records every request the application got (method, path, Origin
 * header) with the status it answered: what a browser sent, and what it got, even where the page that sent it cannot
 * read the answer (a cross-origin form or {@code no-cors} fetch). Import it into a test's context with
 * {@code @Import(RequestRecorder.class)}.
 */
@TestComponent
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestRecorder extends OncePerRequestFilter {

	private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		finally {
			this.exchanges.add(new Exchange(request.getMethod(), request.getRequestURI(), request.getHeader("Origin"),
					response.getStatus()));
		}
	}

	/** The requests answered so far, in the order they were answered. */
	List<Exchange> exchanges() {
		return List.copyOf(this.exchanges);
	}

	/**
	 * One request and its answer.
	 *
	 * @param method the method
	 * @param path the path
	 * @param origin the Origin header, or {@code null}
	 * @param status the status answered
	 */
	record Exchange(String method, String path, String origin, int status) {
	}

}
