package dev.colbert.autoconfigure.encoder;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import dev.colbert.autoconfigure.PropertyChecks;
import dev.colbert.encoder.EncoderOptions;

/** Where HuggingFace hub models are downloaded from and cached ({@code colbert.encoder.hub.*}). */
public class HubProperties {

	/** The hub's base URL; files are fetched from {endpoint}/{repo}/resolve/{revision}/{file}. */
	private URI endpoint = EncoderOptions.DEFAULT_HUB_ENDPOINT;

	/**
	 * The folder downloaded models are cached in; a second start uses the cache without network. Defaults to
	 * $XDG_CACHE_HOME/colbert-java/hub, else ~/.cache/colbert-java/hub.
	 */
	private Path cacheDir;

	/** Bearer token for private hub repositories; none when unset. */
	private String token;

	/** Timeout of hub downloads (to connect, for headers, between reads of a file), between 1 second and 1 hour. */
	private Duration timeout = EncoderOptions.DEFAULT_HUB_TIMEOUT;

	public URI getEndpoint() {
		return this.endpoint;
	}

	public void setEndpoint(URI endpoint) {
		this.endpoint = endpoint;
	}

	public Path getCacheDir() {
		return this.cacheDir;
	}

	public void setCacheDir(Path cacheDir) {
		this.cacheDir = cacheDir;
	}

	public String getToken() {
		return this.token;
	}

	public void setToken(String token) {
		this.token = token;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	/** Checks the endpoint and the timeout. */
	public void validate(PropertyChecks checks) {
		checks.require(this.endpoint != null && this.endpoint.getScheme() != null
				&& this.endpoint.getScheme().matches("https?") && this.endpoint.getHost() != null, "endpoint",
				"must be an http or https URL but was '" + this.endpoint + "'");
		checks.between("timeout", this.timeout, Duration.ofSeconds(1), Duration.ofHours(1), "between 1s and 1h");
	}

}
