package dev.colbert.autoconfigure.store;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.colbert.autoconfigure.PropertyChecks;
import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.lexical.LexicalSettings;
import dev.colbert.opensearch.CandidateGeneration;
import dev.colbert.opensearch.OpenSearchConnectionSettings;
import dev.colbert.opensearch.OpenSearchStoreException;
import dev.colbert.opensearch.OpenSearchPlaidSettings;
import dev.colbert.opensearch.PlaidRescoring;
import dev.colbert.opensearch.OpenSearchStoreSettings;
import dev.colbert.opensearch.OpenSearchTokenVectorStore;
import dev.colbert.opensearch.RefreshPolicy;
import dev.colbert.spring.ai.TestStores;
import dev.colbert.spring.ai.WordHashEncoder;
import dev.colbert.store.TokenVectorStore;
import dev.colbert.store.embedded.EmbeddedTokenVectorStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenSearch token-vector store of {@code colbert.store.type=opensearch}, without a running node: the settings it
 * is built with, the back-off, and the start-up failures (an unreachable cluster, the module missing). The store
 * against real nodes is covered by the OpenSearch module's integration tests.
 */
class ColbertOpenSearchStoreAutoConfigurationTests {

	@TempDir
	static Path userStores;

	@TempDir
	Path folder;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ColbertEmbeddedStoreAutoConfiguration.class,
				ColbertOpenSearchStoreAutoConfiguration.class))
		.withUserConfiguration(EncoderConfiguration.class);

	@Test
	void defaultsAreTheStoresDefaults() {
		OpenSearchStoreProperties properties = new OpenSearchStoreProperties();

		assertThat(OpenSearchStoreSettingsMapper.storeSettings(properties)).isEqualTo(OpenSearchStoreSettings.defaults());
		assertThat(OpenSearchStoreSettingsMapper.connectionSettings(properties))
			.isEqualTo(OpenSearchConnectionSettings.of("http://localhost:9200"));
	}

	@Test
	void everyPropertyReachesTheStoreSettings() {
		OpenSearchStoreProperties properties = bind("colbert.store.opensearch.uris=https://a.example:9201,http://b:9202",
				"colbert.store.opensearch.username=reader", "colbert.store.opensearch.password=secret",
				"colbert.store.opensearch.connect-timeout=3s", "colbert.store.opensearch.response-timeout=45s",
				"colbert.store.opensearch.index-name=passages", "colbert.store.opensearch.shards=3",
				"colbert.store.opensearch.replicas=0", "colbert.store.opensearch.candidate-generation=pooled-knn",
				"colbert.store.opensearch.candidates-per-query-vector=32",
				"colbert.store.opensearch.pooled-candidates=500", "colbert.store.opensearch.rescore-window=128",
				"colbert.store.opensearch.ef-search=200", "colbert.store.opensearch.hnsw-m=32",
				"colbert.store.opensearch.hnsw-ef-construction=256", "colbert.store.opensearch.bulk-documents=10",
				"colbert.store.opensearch.bulk-max-size=8MB", "colbert.store.opensearch.max-in-flight-bulk-requests=4",
				"colbert.store.opensearch.max-retries=2", "colbert.store.opensearch.initial-backoff=50ms",
				"colbert.store.opensearch.max-backoff=2s", "colbert.store.opensearch.refresh-policy=wait-for",
				"colbert.store.opensearch.search-timeout=90s", "colbert.store.opensearch.lexical.analyzer=french",
				"colbert.store.opensearch.lexical.k1=1.2", "colbert.store.opensearch.lexical.b=0.75",
				"colbert.store.opensearch.plaid.nbits=4", "colbert.store.opensearch.plaid.ncells=8",
				"colbert.store.opensearch.plaid.ndocs=512",
				"colbert.store.opensearch.plaid.rescoring=client");

		assertThat(OpenSearchStoreSettingsMapper.connectionSettings(properties))
			.isEqualTo(new OpenSearchConnectionSettings(
					List.of(URI.create("https://a.example:9201"), URI.create("http://b:9202")), "reader", "secret",
					Duration.ofSeconds(3), Duration.ofSeconds(45)));
		assertThat(OpenSearchStoreSettingsMapper.storeSettings(properties)).isEqualTo(new OpenSearchStoreSettings(
				"passages", 3, 0, CandidateGeneration.POOLED_KNN, 32, 500, 128, 200, 32, 256, 10, 8L * 1024 * 1024, 4, 2,
				Duration.ofMillis(50), Duration.ofSeconds(2), RefreshPolicy.WAIT_FOR, Duration.ofSeconds(90),
				new LexicalSettings("french", 1.2f, 0.75f), new OpenSearchPlaidSettings(4, 8, 512, PlaidRescoring.CLIENT)));
	}

	@Test
	void anUnreachableClusterStopsTheStartNamingItAndTheIndex() throws Exception {
		URI nobody = closedPort();
		this.contextRunner
			.withPropertyValues("colbert.store.type=opensearch", "colbert.store.opensearch.uris=" + nobody,
					"colbert.store.opensearch.index-name=passages", "colbert.store.opensearch.connect-timeout=2s",
					"colbert.store.embedded.path=" + this.folder.resolve("index"))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(java.net.ConnectException.class);
				Throwable failure = context.getStartupFailure();
				while (failure != null && !(failure instanceof IllegalStateException)) {
					failure = failure.getCause();
				}
				assertThat(failure).hasMessageStartingWith(
						"Cannot open the ColBERT index 'passages' on the OpenSearch cluster at [" + nobody
								+ "] (colbert.store.opensearch.uris)")
					.hasMessageEndingWith(
							"Start the cluster or correct colbert.store.opensearch.uris, username and password.")
					.hasCauseInstanceOf(OpenSearchStoreException.class);
			});
		assertThat(this.folder.resolve("index")).as("the embedded store backs off").doesNotExist();
	}

	@Test
	void aUserStoreReplacesTheOpenSearchStoreAndNoConnectionIsMade() throws Exception {
		this.contextRunner.withUserConfiguration(UserStoreConfiguration.class)
			.withPropertyValues("colbert.store.type=opensearch", "colbert.store.opensearch.uris=" + closedPort())
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(TokenVectorStore.class);
				assertThat(context).doesNotHaveBean(OpenSearchTokenVectorStore.class);
				assertThat(context.getBean(TokenVectorStore.class))
					.isSameAs(context.getBean(UserStoreConfiguration.class).store);
			});
	}

	@Test
	void withoutTheOpenSearchModuleTheStartFailsNamingTheDependency() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(OpenSearchTokenVectorStore.class))
			.withPropertyValues("colbert.store.type=opensearch")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("colbert.store.type is opensearch but the OpenSearch store is not on the class path: add "
						+ "the dependency dev.colbert:colbert-opensearch-store, or set colbert.store.type=embedded"));
	}

	@Test
	void withoutTheOpenSearchModuleTheEmbeddedStoreStillWorks() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(OpenSearchTokenVectorStore.class))
			.withPropertyValues("colbert.store.embedded.path=" + this.folder.resolve("index"))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(EmbeddedTokenVectorStore.class));
	}

	private static OpenSearchStoreProperties bind(String... pairs) {
		java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
		for (String pair : pairs) {
			int equals = pair.indexOf('=');
			values.put(pair.substring(0, equals), pair.substring(equals + 1));
		}
		BindResult<OpenSearchStoreProperties> result = new Binder(new MapConfigurationPropertySource(values))
			.bind(OpenSearchStoreProperties.PREFIX, OpenSearchStoreProperties.class);
		OpenSearchStoreProperties properties = result.get();
		PropertyChecks checks = new PropertyChecks(OpenSearchStoreProperties.PREFIX);
		properties.validate(checks);
		assertThat(checks.violations()).isEmpty();
		return properties;
	}

	/** A local URI nothing listens on (the port was just free): connecting is refused at once. */
	private static URI closedPort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return URI.create("http://127.0.0.1:" + socket.getLocalPort());
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class EncoderConfiguration {

		@Bean
		ColbertEncoder colbertEncoder() {
			return new WordHashEncoder(32);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserStoreConfiguration {

		EmbeddedTokenVectorStore store;

		@Bean
		TokenVectorStore myStore(ColbertEncoder encoder) {
			this.store = TestStores.embedded(userStores.resolve("index"), encoder);
			return this.store;
		}

	}

}
