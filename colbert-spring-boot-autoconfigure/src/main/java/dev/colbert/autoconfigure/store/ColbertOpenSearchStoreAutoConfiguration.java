package dev.colbert.autoconfigure.store;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.colbert.autoconfigure.ColbertProperties;
import dev.colbert.autoconfigure.encoder.ColbertEncoderAutoConfiguration;
import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.opensearch.OpenSearchConnectionSettings;
import dev.colbert.opensearch.OpenSearchStoreException;
import dev.colbert.opensearch.OpenSearchStoreSettings;
import dev.colbert.opensearch.OpenSearchTokenVectorStore;
import dev.colbert.store.TokenVectorStore;

/**
 * Auto-configures the OpenSearch {@link TokenVectorStore} when {@code colbert.store.type} is {@code opensearch}: it
 * connects to {@code colbert.store.opensearch.uris} with its own client (closed with the context) and creates the
 * index for the application's {@link ColbertEncoder} when missing, or checks that the existing one holds that model's
 * vectors. Both happen at start-up, so an unreachable cluster or another model's index stops the application with a
 * message naming the cluster, the index and the problem. To use an {@code OpenSearchClient} of the application, define
 * a {@link TokenVectorStore} bean with {@code OpenSearchTokenVectorStore.builder(client)}: this one backs off.
 *
 * <p>Its settings, {@code colbert.store.opensearch.*}, are bound to {@link OpenSearchStoreProperties}. Without the
 * {@code colbert-opensearch-store} module on the class path, start-up fails naming the dependency to add.
 */
@AutoConfiguration(after = ColbertEncoderAutoConfiguration.class)
@ConditionalOnProperty(prefix = "colbert.store", name = "type", havingValue = "opensearch")
public final class ColbertOpenSearchStoreAutoConfiguration {

	private static final String STORE_CLASS = "dev.colbert.opensearch.OpenSearchTokenVectorStore";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = STORE_CLASS)
	@EnableConfigurationProperties(OpenSearchStoreProperties.class)
	static class OpenSearchStoreConfiguration {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean(TokenVectorStore.class)
		OpenSearchTokenVectorStore colbertTokenVectorStore(ColbertEncoder colbertEncoder,
				OpenSearchStoreProperties opensearch) {
			OpenSearchConnectionSettings connection = OpenSearchStoreSettingsMapper.connectionSettings(opensearch);
			OpenSearchStoreSettings settings = OpenSearchStoreSettingsMapper.storeSettings(opensearch);
			try {
				return OpenSearchTokenVectorStore.builder(connection)
					.settings(settings)
					.model(colbertEncoder.info())
					.build();
			}
			catch (OpenSearchStoreException ex) {
				throw new IllegalStateException("Cannot open the ColBERT index '" + settings.indexName()
						+ "' on the OpenSearch cluster at " + connection.uris() + " (" + ColbertProperties.PREFIX
						+ ".store.opensearch.uris): " + ex.getMessage() + ". Start the cluster or correct "
						+ ColbertProperties.PREFIX + ".store.opensearch.uris, username and password.", ex);
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass(STORE_CLASS)
	static class OpenSearchModuleMissingConfiguration {

		@Bean
		@ConditionalOnMissingBean(TokenVectorStore.class)
		TokenVectorStore colbertTokenVectorStore() {
			throw new IllegalStateException(ColbertProperties.PREFIX
					+ ".store.type is opensearch but the OpenSearch store is not on the class path: add the "
					+ "dependency dev.colbert:colbert-opensearch-store, or set " + ColbertProperties.PREFIX
					+ ".store.type=embedded");
		}

	}

}
