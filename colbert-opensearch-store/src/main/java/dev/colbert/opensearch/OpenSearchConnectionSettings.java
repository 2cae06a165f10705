package dev.colbert.opensearch;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to reach an OpenSearch cluster: the node URIs, optional basic-auth credentials and the client timeouts.
 *
 * @param uris one or more node URIs ({@code http://host:9200} or {@code https://...}); requests are spread over them
 * and a node that stops answering is skipped until it recovers
 * @param username the basic-auth user name, or {@code null} for none
 * @param password the basic-auth password, or {@code null}
 * @param connectTimeout how long to wait for a TCP connection
 * @param responseTimeout how long to wait for a response (bulk requests and exhaustive searches can be slow)
 */
public record OpenSearchConnectionSettings(List<URI> uris, String username, String password, Duration connectTimeout,
		Duration responseTimeout) {

	/** The default connect timeout: 5 seconds. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/** The default response timeout: 2 minutes. */
	public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofMinutes(2);

	public OpenSearchConnectionSettings {
		Objects.requireNonNull(uris, "uris");
		if (uris.isEmpty()) {
			throw new IllegalArgumentException("uris: at least one OpenSearch URI is required, e.g. http://localhost:9200");
		}
		for (URI uri : uris) {
			Objects.requireNonNull(uri, "uris must not contain null");
			String scheme = uri.getScheme();
			if (!"http".equals(scheme) && !"https".equals(scheme)) {
				throw new IllegalArgumentException("uris: '" + uri + "' must start with http:// or https://");
			}
			if (uri.getHost() == null) {
				throw new IllegalArgumentException("uris: '" + uri + "' has no host");
			}
			if (uri.getPath() != null && !uri.getPath().isEmpty() && !"/".equals(uri.getPath())) {
				throw new IllegalArgumentException(
						"uris: '" + uri + "' has a path; path prefixes are not supported, give scheme://host:port");
			}
		}
		uris = List.copyOf(uris);
		if ((username == null) != (password == null)) {
			throw new IllegalArgumentException("username and password must be given together (or neither)");
		}
		connectTimeout = positive(connectTimeout, DEFAULT_CONNECT_TIMEOUT, "connectTimeout");
		responseTimeout = positive(responseTimeout, DEFAULT_RESPONSE_TIMEOUT, "responseTimeout");
	}

	private static Duration positive(Duration value, Duration defaultValue, String name) {
		if (value == null) {
			return defaultValue;
		}
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, was " + value);
		}
		return value;
	}

	/** Settings for one node at this URI, no credentials, default timeouts. */
	public static OpenSearchConnectionSettings of(String uri) {
		return builder().uri(uri).build();
	}

	public static Builder builder() {
		return new Builder();
	}

	@Override
	public String toString() {
		return "OpenSearchConnectionSettings[uris=" + this.uris + ", username=" + this.username + ", password="
				+ ((this.password != null) ? "******" : null) + ", connectTimeout=" + this.connectTimeout
				+ ", responseTimeout=" + this.responseTimeout + "]";
	}

	/** Builds {@link OpenSearchConnectionSettings}. */
	public static final class Builder {

		private final List<URI> uris = new ArrayList<>();

		private String username;

		private String password;

		private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

		private Duration responseTimeout = DEFAULT_RESPONSE_TIMEOUT;

		private Builder() {
		}

		/** Adds a node URI such as {@code http://localhost:9200}. */
		public Builder uri(String uri) {
			Objects.requireNonNull(uri, "uri");
			this.uris.add(URI.create(uri.trim()));
			return this;
		}

		/** Adds node URIs. */
		public Builder uris(List<URI> uris) {
			this.uris.addAll(uris);
			return this;
		}

		public Builder credentials(String username, String password) {
			this.username = username;
			this.password = password;
			return this;
		}

		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
			return this;
		}

		public Builder responseTimeout(Duration responseTimeout) {
			this.responseTimeout = responseTimeout;
			return this;
		}

		public OpenSearchConnectionSettings build() {
			return new OpenSearchConnectionSettings(this.uris, this.username, this.password, this.connectTimeout,
					this.responseTimeout);
		}

	}

}
