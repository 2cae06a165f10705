package dev.colbert.reliability.http;

import java.io.IOException;
import java.nio.file.Path;

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

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.index.IndexSettings;
import dev.colbert.spring.ai.ColbertVectorStore;
import dev.colbert.store.SearchMode;
import dev.colbert.store.embedded.EmbeddedTokenVectorStore;

/**
 * A minimal Spring Boot web application over the library, shaped like the sample app's HTTP API ({@code GET
 * /api/search}, {@code POST /api/documents}, {@code DELETE /api/documents/{id}}): the target of the HTTP load and
 * bad-input suites while the sample app is not on main. The beans are wired by hand, as the starter's
 * auto-configuration does (encoder from {@code reliability.model}, embedded index in {@code reliability.index},
 * {@link ColbertVectorStore}); request bodies over {@code reliability.max-body-bytes} are refused with 413.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ SearchApi.class, ApiErrors.class })
public class ReliabilityWebApp {

	@Bean(destroyMethod = "close")
	ColbertEncoder colbertEncoder(@Value("${reliability.model}") String model) {
		return ColbertEncoders.load(model, EncoderOptions.builder().workerThreads(2).build());
	}

	@Bean(destroyMethod = "close")
	EmbeddedTokenVectorStore tokenVectorStore(ColbertEncoder encoder, @Value("${reliability.index}") Path index) {
		return EmbeddedTokenVectorStore.open(index, IndexSettings.builder().searchThreads(1).build(),
				encoder.info().fingerprint(), encoder.info().dim());
	}

	@Bean
	ColbertVectorStore vectorStore(ColbertEncoder encoder, EmbeddedTokenVectorStore store) {
		return ColbertVectorStore.builder(encoder, store).searchMode(SearchMode.PLAID).build();
	}

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
