package dev.colbert.autoconfigure.store;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import dev.colbert.autoconfigure.PropertyChecks;
import dev.colbert.opensearch.CandidateGeneration;
import dev.colbert.opensearch.RefreshPolicy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binding and start-up validation of {@code colbert.store.opensearch.*}: the OpenSearch module's enums bind from the
 * values the configuration reference lists, and every invalid value stops the context with a message naming the
 * property, the allowed values and the value given.
 */
class OpenSearchStorePropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class)
		.withPropertyValues("colbert.store.type=opensearch");

	@Test
	void defaults() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			OpenSearchStoreProperties properties = context.getBean(OpenSearchStoreProperties.class);
			assertThat(properties.getUris()).containsExactly(URI.create("http://localhost:9200"));
			assertThat(properties.getCandidateGeneration()).isEqualTo(CandidateGeneration.PLAID);
			assertThat(properties.getRefreshPolicy()).isEqualTo(RefreshPolicy.IMMEDIATE);
			PropertyChecks checks = new PropertyChecks(OpenSearchStoreProperties.PREFIX);
			properties.validate(checks);
			assertThat(checks.violations()).isEmpty();
		});
	}

	@Test
	void bindsTheOpenSearchGroup() {
		this.contextRunner
			.withPropertyValues("colbert.store.opensearch.uris=https://a.example:9200,https://b.example:9200",
					"colbert.store.opensearch.username=admin", "colbert.store.opensearch.password=secret",
					"colbert.store.opensearch.index-name=docs-v2", "colbert.store.opensearch.shards=3",
					"colbert.store.opensearch.replicas=2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				OpenSearchStoreProperties opensearch = context.getBean(OpenSearchStoreProperties.class);
				assertThat(opensearch.getUris()).containsExactly(URI.create("https://a.example:9200"),
						URI.create("https://b.example:9200"));
				assertThat(opensearch.getUsername()).isEqualTo("admin");
				assertThat(opensearch.getPassword()).isEqualTo("secret");
				assertThat(opensearch.getIndexName()).isEqualTo("docs-v2");
				assertThat(opensearch.getShards()).isEqualTo(3);
				assertThat(opensearch.getReplicas()).isEqualTo(2);
			});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			plaid      | PLAID
			token-knn  | TOKEN_KNN
			pooled-knn | POOLED_KNN
			TOKEN_KNN  | TOKEN_KNN
			Pooled_Knn | POOLED_KNN
			""")
	void bindsEveryCandidateGenerationTheReferenceLists(String value, CandidateGeneration expected) {
		this.contextRunner.withPropertyValues("colbert.store.opensearch.candidate-generation=" + value)
			.run((context) -> assertThat(context.getBean(OpenSearchStoreProperties.class).getCandidateGeneration())
				.isEqualTo(expected));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			immediate | IMMEDIATE
			wait-for  | WAIT_FOR
			none      | NONE
			WAIT_FOR  | WAIT_FOR
			""")
	void bindsEveryRefreshPolicyTheReferenceLists(String value, RefreshPolicy expected) {
		this.contextRunner.withPropertyValues("colbert.store.opensearch.refresh-policy=" + value)
			.run((context) -> assertThat(context.getBean(OpenSearchStoreProperties.class).getRefreshPolicy())
				.isEqualTo(expected));
	}

	@Test
	void anUnknownCandidateGenerationFailsNamingThePropertyAndTheValue() {
		this.contextRunner.withPropertyValues("colbert.store.opensearch.candidate-generation=ivf")
			.run((context) -> assertThat(allMessages(context.getStartupFailure()))
				.contains("colbert.store.opensearch.candidate-generation")
				.contains("ivf"));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			colbert.store.opensearch.uris=localhost:9200          | colbert.store.opensearch.uris must hold http or https URLs but holds 'localhost:9200'
			colbert.store.opensearch.index-name=Docs              | colbert.store.opensearch.index-name must be lower-case letters, digits, '.', '_' or '-', starting with a letter or digit, but was 'Docs'
			colbert.store.opensearch.shards=0                     | colbert.store.opensearch.shards must be between 1 and 1024 but was 0
			colbert.store.opensearch.replicas=-1                  | colbert.store.opensearch.replicas must be between 0 and 16 but was -1
			colbert.store.opensearch.username=admin               | colbert.store.opensearch.username and colbert.store.opensearch.password must be set together
			colbert.store.opensearch.rescore-window=0             | colbert.store.opensearch.rescore-window must be between 1 and 10000 but was 0
			colbert.store.opensearch.hnsw-m=1                     | colbert.store.opensearch.hnsw-m must be between 2 and 128 but was 1
			colbert.store.opensearch.bulk-max-size=200MB          | colbert.store.opensearch.bulk-max-size must be between 1MB and 90MB but was 209715200B
			colbert.store.opensearch.connect-timeout=0s           | colbert.store.opensearch.connect-timeout must be positive but was PT0S
			colbert.store.opensearch.max-backoff=20m              | colbert.store.opensearch.max-backoff must be between 0 and 10m but was PT20M
			colbert.store.opensearch.initial-backoff=30s          | colbert.store.opensearch.max-backoff (PT10S) must not be shorter than colbert.store.opensearch.initial-backoff (PT30S)
			colbert.store.opensearch.search-timeout=2h            | colbert.store.opensearch.search-timeout must be between 0 (no limit) and 1h but was PT2H
			colbert.store.opensearch.lexical.k1=-1                | colbert.store.opensearch.lexical.k1 must be between 0 and 100 but was -1.0
			colbert.store.opensearch.lexical.analyzer=            | colbert.store.opensearch.lexical.analyzer must name an OpenSearch analyzer (e.g. english)
			colbert.store.opensearch.plaid.nbits=3                | colbert.store.opensearch.plaid.nbits must be 1, 2 or 4
			colbert.store.opensearch.plaid.ncells=0               | colbert.store.opensearch.plaid.ncells must be between 1 and 1024 but was 0
			colbert.store.opensearch.plaid.ndocs=-1               | colbert.store.opensearch.plaid.ndocs must be between 0 and 100000 but was -1
			""")
	void invalidOpenSearchValuesFailTheStartWithAClearMessage(String property, String message) {
		this.contextRunner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(allMessages(context.getStartupFailure())).contains(message);
		});
	}

	@Test
	void everyViolationIsReportedAtOnce() {
		this.contextRunner.withPropertyValues("colbert.store.opensearch.shards=0", "colbert.store.opensearch.hnsw-m=1")
			.run((context) -> assertThat(allMessages(context.getStartupFailure()))
				.contains("colbert.store.opensearch.shards must be between 1 and 1024 but was 0")
				.contains("colbert.store.opensearch.hnsw-m must be between 2 and 128 but was 1"));
	}

	private static String allMessages(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable t = failure; t != null; t = t.getCause()) {
			messages.append(t.getMessage()).append('\n');
		}
		return messages.toString();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(OpenSearchStoreProperties.class)
	static class PropertiesConfiguration {

	}

}
