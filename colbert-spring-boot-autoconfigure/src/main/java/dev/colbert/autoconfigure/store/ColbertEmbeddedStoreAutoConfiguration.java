package dev.colbert.autoconfigure.store;

import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.colbert.autoconfigure.ColbertProperties;
import dev.colbert.autoconfigure.encoder.ColbertEncoderAutoConfiguration;
import dev.colbert.autoconfigure.swap.ActiveModelSelection;
import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.index.ColbertIndex;
import dev.colbert.index.IndexSettings;
import dev.colbert.store.TokenVectorStore;
import dev.colbert.store.embedded.EmbeddedTokenVectorStore;

/**
 * Auto-configures the embedded {@link TokenVectorStore} (the compressed ColBERTv2 index with PLAID search) in
 * {@code colbert.store.embedded.path} for the application's {@link ColbertEncoder}, when {@code colbert.store.type}
 * is {@code embedded} (the default). The index is opened (created when missing) at start-up, so an index built by
 * another model or with other {@code nbits} stops the application with both values named; it is closed with the
 * context. With {@code colbert.store.embedded.lexical.enabled} (the default) the store also keeps its Lucene BM25
 * index for hybrid retrieval, built from the stored texts at start-up when missing or behind. After a model swap, the index directory the swap built serves instead of the configured one while the swap's
 * record exists (see {@link ActiveModelSelection}).
 */
@AutoConfiguration(after = ColbertEncoderAutoConfiguration.class)
@ConditionalOnClass(EmbeddedTokenVectorStore.class)
@ConditionalOnProperty(prefix = "colbert.store", name = "type", havingValue = "embedded", matchIfMissing = true)
@EnableConfigurationProperties(ColbertProperties.class)
public final class ColbertEmbeddedStoreAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(ColbertEmbeddedStoreAutoConfiguration.class);

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(TokenVectorStore.class)
	EmbeddedTokenVectorStore colbertTokenVectorStore(ColbertEncoder colbertEncoder, ColbertProperties properties) {
		EmbeddedStoreProperties embedded = properties.getStore().getEmbedded();
		IndexSettings settings = indexSettings(embedded);
		PlaidOverrides overrides = new PlaidOverrides(embedded.getPlaid());
		Path path = ActiveModelSelection.of(properties, false).index();
		ColbertIndex index = ColbertIndex.open(path, settings, colbertEncoder.info().fingerprint(),
				colbertEncoder.info().dim());
		if (!overrides.isEmpty()) {
			logger.info("Embedded index at {}: PLAID search parameters {}", path, overrides);
		}
		try {
			return new EmbeddedTokenVectorStore(index, overrides, embedded.getLexical().toSettings());
		}
		catch (RuntimeException ex) {
			index.close();
			throw ex;
		}
	}

	/** The index settings of {@code colbert.store.embedded.*}. */
	static IndexSettings indexSettings(EmbeddedStoreProperties embedded) {
		IndexSettings.Builder builder = IndexSettings.builder()
			.nbits(embedded.getNbits())
			.kmeansIterations(embedded.getKmeansIterations())
			.centroidBits(embedded.getCentroidBits())
			.seed(embedded.getSeed())
			.mergeFactor(embedded.getMergeFactor())
			.verifyChecksumsOnOpen(embedded.isVerifyChecksumsOnOpen())
			.searchThreads(embedded.getSearchThreads());
		if (embedded.getCentroids() != null) {
			builder.centroids(embedded.getCentroids());
		}
		return builder.build();
	}

}
