package dev.colbert.opensearch;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

/**
 * Creates {@link OpenSearchClient}s from {@link OpenSearchConnectionSettings}: Apache HttpClient 5 transport, Jackson
 * JSON mapping, basic auth when credentials are given, TLS with the JVM's default trust store for {@code https} URIs.
 *
 * <p>Close a client made here with {@code client._transport().close()} (the store does it for the clients it owns).
 */
public final class OpenSearchClients {

	private OpenSearchClients() {
	}

	/** A new client for the cluster these settings describe. */
	public static OpenSearchClient create(OpenSearchConnectionSettings settings) {
		HttpHost[] hosts = settings.uris().stream().map(OpenSearchClients::host).toArray(HttpHost[]::new);
		ApacheHttpClient5TransportBuilder builder = ApacheHttpClient5TransportBuilder.builder(hosts)
			.setMapper(new JacksonJsonpMapper())
			.setConnectionConfigCallback((connection) -> connection
				.setConnectTimeout(Timeout.of(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)))
			.setRequestConfigCallback((request) -> request
				.setResponseTimeout(Timeout.of(settings.responseTimeout().toMillis(), TimeUnit.MILLISECONDS)));
		if (settings.username() != null) {
			BasicCredentialsProvider credentials = new BasicCredentialsProvider();
			for (HttpHost host : hosts) {
				credentials.setCredentials(new AuthScope(host),
						new UsernamePasswordCredentials(settings.username(), settings.password().toCharArray()));
			}
			builder.setHttpClientConfigCallback((client) -> client.setDefaultCredentialsProvider(credentials));
		}
		return new OpenSearchClient(builder.build());
	}

	private static HttpHost host(URI uri) {
		int port = (uri.getPort() != -1) ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 9200);
		return new HttpHost(uri.getScheme(), uri.getHost(), port);
	}

}
