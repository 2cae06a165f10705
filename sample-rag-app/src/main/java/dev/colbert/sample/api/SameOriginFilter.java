package dev.colbert.sample.api;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.colbert.sample.SampleProperties;

/**
 * Refuses state changes sent by a browser from another site (cross-site request forgery): a page anywhere on the web
 * can make the visitor's browser POST a form or a {@code no-cors} fetch to this application, multipart uploads
 * included, without asking; the browser says where the page came from, and this filter checks it.
 *
 * <p>A POST, PUT, PATCH or DELETE is refused with 403 when
 * <ul>
 * <li>its {@code Origin} header is present and is neither the application's own origin (the scheme, host and port the
 * request was sent to) nor one of {@code sample.web.allowed-origins} ({@code Origin: null}, sent by sandboxed frames
 * and {@code data:} pages, is never allowed); or</li>
 * <li>it has no {@code Origin} but a {@code Sec-Fetch-Site} header other than {@code same-origin} or {@code none}.</li>
 * </ul>
 * Requests without either header do not come from a web page (curl, scripts, other servers) and pass. GET, HEAD and
 * OPTIONS change nothing and pass. Behind a reverse proxy that terminates TLS or changes the host, let the application
 * see the original request ({@code server.forward-headers-strategy}) or list the public origin in
 * {@code sample.web.allowed-origins}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class SameOriginFilter extends RefusingFilter {

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private static final Set<String> SAME_ORIGIN_SITES = Set.of("same-origin", "none");

	private final List<String> allowedOrigins;

	public SameOriginFilter(SampleProperties properties,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
		super(resolver);
		this.allowedOrigins = properties.getWeb().getAllowedOrigins().stream().map(SameOriginFilter::normalize).toList();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String method = request.getMethod();
		if (SAFE_METHODS.contains(method)) {
			chain.doFilter(request, response);
			return;
		}
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (origin != null) {
			if (!isOwnOrigin(request, origin) && !this.allowedOrigins.contains(normalize(origin))) {
				refuse(request, response, new InvalidRequestException(HttpStatus.FORBIDDEN, "Refused a " + method
						+ " from a page of another site: its Origin " + origin + " is not this application's ("
						+ ownOrigin(request) + "). Only the application's own pages may change its documents "
						+ "(protection against cross-site request forgery); to allow a front end served elsewhere, "
						+ "add its origin to sample.web.allowed-origins"));
				return;
			}
		}
		else {
			String site = request.getHeader("Sec-Fetch-Site");
			if (site != null && !SAME_ORIGIN_SITES.contains(site)) {
				refuse(request, response, new InvalidRequestException(HttpStatus.FORBIDDEN, "Refused a " + method
						+ " that the browser sent from a " + site + " page (Sec-Fetch-Site: " + site + "). Only the "
						+ "application's own pages may change its documents (protection against cross-site request "
						+ "forgery)"));
				return;
			}
		}
		chain.doFilter(request, response);
	}

	private static boolean isOwnOrigin(HttpServletRequest request, String origin) {
		URI uri;
		try {
			uri = new URI(origin);
		}
		catch (URISyntaxException ex) {
			return false;
		}
		return uri.getScheme() != null && uri.getHost() != null && uri.getScheme().equalsIgnoreCase(request.getScheme())
				&& uri.getHost().equalsIgnoreCase(request.getServerName())
				&& port(uri.getScheme(), uri.getPort()) == port(request.getScheme(), request.getServerPort());
	}

	private static String ownOrigin(HttpServletRequest request) {
		int port = request.getServerPort();
		return request.getScheme() + "://" + request.getServerName()
				+ ((port == port(request.getScheme(), -1)) ? "" : ":" + port);
	}

	private static int port(String scheme, int port) {
		if (port >= 0) {
			return port;
		}
		return "https".equalsIgnoreCase(scheme) ? 443 : 80;
	}

	private static String normalize(String origin) {
		String trimmed = origin.strip().toLowerCase(Locale.ROOT);
		return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
	}

}
