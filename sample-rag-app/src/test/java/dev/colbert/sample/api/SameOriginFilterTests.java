package dev.colbert.sample.api;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.ModelAndView;

import dev.colbert.sample.SampleProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SameOriginFilter} on single requests: which Origin and Sec-Fetch-Site headers pass; over HTTP and in a
 * browser in the ITs.
 */
class SameOriginFilterTests {

	private final List<InvalidRequestException> refusals = new ArrayList<>();

	private final SameOriginFilter filter = filter(List.of("http://localhost:5173/"));

	@Test
	void ownOriginAndRequestsWithoutBrowserHeadersPass() throws Exception {
		assertPasses(request("POST", "http://localhost"));
		assertPasses(request("POST", "HTTP://LocalHost:80"));
		assertPasses(request("DELETE", null));
		MockHttpServletRequest sameOrigin = request("POST", null);
		sameOrigin.addHeader("Sec-Fetch-Site", "same-origin");
		assertPasses(sameOrigin);
	}

	@Test
	void otherOriginsAreRefusedOnlyForStateChanges() throws Exception {
		for (String origin : new String[] { "http://evil.example", "http://localhost:8080", "https://localhost",
				"null", "http://[bad", "" }) {
			assertRefused(request("POST", origin));
			assertRefused(request("DELETE", origin));
			assertRefused(request("PUT", origin));
			assertRefused(request("PATCH", origin));
			assertPasses(request("GET", origin));
			assertPasses(request("OPTIONS", origin));
		}
		MockHttpServletRequest crossSite = request("POST", null);
		crossSite.addHeader("Sec-Fetch-Site", "cross-site");
		assertRefused(crossSite);
		MockHttpServletRequest sameSite = request("POST", null);
		sameSite.addHeader("Sec-Fetch-Site", "same-site");
		assertRefused(sameSite);
	}

	@Test
	void allowedOriginsPass() throws Exception {
		assertPasses(request("POST", "http://localhost:5173"));
		assertPasses(request("POST", "HTTP://localhost:5173"));
		assertRefused(request("POST", "http://localhost:5174"));
	}

	private void assertPasses(MockHttpServletRequest request) throws Exception {
		MockFilterChain chain = new MockFilterChain();
		int before = this.refusals.size();
		this.filter.doFilter(request, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).as("%s with Origin %s passed", request.getMethod(), request.getHeader("Origin"))
			.isNotNull();
		assertThat(this.refusals).hasSize(before);
	}

	private void assertRefused(MockHttpServletRequest request) throws Exception {
		MockFilterChain chain = new MockFilterChain();
		int before = this.refusals.size();
		this.filter.doFilter(request, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).as("%s with Origin %s passed", request.getMethod(), request.getHeader("Origin"))
			.isNull();
		assertThat(this.refusals).hasSize(before + 1);
		assertThat(this.refusals.get(before).getStatus().value()).isEqualTo(403);
	}

	private static MockHttpServletRequest request(String method, String origin) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, "/api/documents");
		request.setScheme("http");
		request.setServerName("localhost");
		request.setServerPort(80);
		if (origin != null) {
			request.addHeader("Origin", origin);
		}
		return request;
	}

	private SameOriginFilter filter(List<String> allowed) {
		SampleProperties properties = new SampleProperties();
		properties.getWeb().setAllowedOrigins(allowed);
		return new SameOriginFilter(properties, (request, response, handler, ex) -> {
			this.refusals.add((InvalidRequestException) ex);
			return new ModelAndView();
		});
	}

}
