package dev.colbert.reliability.http;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.filter.OncePerRequestFilter;


/**
 * A minimal Spring Boot web application on the starter, shaped like the sample app's HTTP API ({@code GET/POST
 * /api/search}, {@code POST /api/documents}, {@code DELETE /api/documents/{id}}): the target of the HTTP load and
 * bad-input suites while the sample app is not on main. The encoder, the embedded store and the
 * {@code ColbertVectorStore} come from the starter's auto-configuration ({@code colbert.model},
 * {@code colbert.store.embedded.path}); request bodies over {@code reliability.max-body-bytes} are refused with 413.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ SearchApi.class, ApiErrors.class })
public class ReliabilityWebApp {

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> requestBodyLimit(
			@Value("${reliability.max-body-bytes:1048576}") long maxBytes) {
		OncePerRequestFilter filter = new OncePerRequestFilter() {
			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
					FilterChain chain) throws ServletException, IOException {
				long length = request.getContentLengthLong();
				if (length > maxBytes || (length < 0 && request.getHeader("Transfer-Encoding") != null)) {
					response.setStatus(413);
					response.setContentType("application/json");
					response.getWriter()
						.write("{\"error\":\"The request body has " + ((length < 0) ? "no declared length" : length
								+ " bytes") + ", more than the " + maxBytes
								+ " allowed (reliability.max-body-bytes): send fewer documents per request\"}");
					return;
				}
				chain.doFilter(request, response);
			}
		};
		return new FilterRegistrationBean<>(filter);
	}

}
