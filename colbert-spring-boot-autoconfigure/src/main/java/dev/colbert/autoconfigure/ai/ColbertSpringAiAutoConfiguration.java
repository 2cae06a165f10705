package dev.colbert.autoconfigure.ai;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.ai.rag.retrieval.search.DocumentRetriever;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.ai.vectorstore.observation.VectorStoreObservationConvention;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.colbert.autoconfigure.ColbertProperties;
import dev.colbert.autoconfigure.store.OpenSearchStoreProperties;
import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.spring.ai.ColbertDocumentRetriever;
import dev.colbert.spring.ai.ColbertVectorStore;
import dev.colbert.store.TokenVectorStore;

/**
 * Auto-configures the Spring AI {@link VectorStore} ({@link ColbertVectorStore}) over the application's
 * {@link ColbertEncoder} and {@link TokenVectorStore}, and a {@link DocumentRetriever}
 * ({@link ColbertDocumentRetriever}) over it. Observations go to the application's {@link ObservationRegistry} when
 * there is one.
 */
@AutoConfiguration(afterName = { "dev.colbert.autoconfigure.encoder.ColbertEncoderAutoConfiguration",
		"dev.colbert.autoconfigure.store.ColbertEmbeddedStoreAutoConfiguration",
		"dev.colbert.autoconfigure.store.ColbertOpenSearchStoreAutoConfiguration",
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnClass({ ColbertVectorStore.class, VectorStore.class, DocumentRetriever.class })
@EnableConfigurationProperties(ColbertProperties.class)
public final class ColbertSpringAiAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ColbertVectorStore colbertVectorStore(ColbertEncoder colbertEncoder, TokenVectorStore tokenVectorStore,
			ColbertProperties properties, ObjectProvider<OpenSearchStoreProperties> opensearch,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<VectorStoreObservationConvention> observationConvention) {
		return ColbertVectorStore.builder(colbertEncoder, tokenVectorStore)
			.observationRegistry(observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP))
			.customObservationConvention(observationConvention.getIfAvailable(() -> null))
			.searchMode(properties.getVectorStore().getSearchMode())
			.batchSize(properties.getVectorStore().getBatchSize())
			.collectionName(collectionName(properties, opensearch))
			.build();
	}

	/**
	 * The embedded index folder, or the OpenSearch index. {@link OpenSearchStoreProperties} is only looked up with the
	 * OpenSearch store, whose auto-configuration binds it when that store's module is on the class path.
	 */
	private static String collectionName(ColbertProperties properties,
			ObjectProvider<OpenSearchStoreProperties> opensearch) {
		return switch (properties.getStore().getType()) {
			case EMBEDDED -> properties.getStore().getEmbedded().getPath().toString();
			case OPENSEARCH -> {
				OpenSearchStoreProperties settings = opensearch.getIfAvailable();
				yield (settings != null) ? settings.getIndexName() : null;
			}
		};
	}

	@Bean
	@ConditionalOnMissingBean(DocumentRetriever.class)
	ColbertDocumentRetriever colbertDocumentRetriever(ColbertVectorStore colbertVectorStore,
			ColbertProperties properties) {
		RetrieverProperties retriever = properties.getRetriever();
		ColbertDocumentRetriever.Builder builder = ColbertDocumentRetriever.builder()
			.vectorStore(colbertVectorStore)
			.topK(retriever.getTopK())
			.similarityThreshold(retriever.getSimilarityThreshold())
			.filterExpression(retriever.getFilterExpression())
			.explain(retriever.isExplain())
			.hybrid(retriever.getHybrid().toParams());
		if (retriever.hasExplicitMode()) {
			// Used as given; unset, the builder's default applies (hybrid, or late interaction without BM25).
			builder.retrievalMode(retriever.getMode());
		}
		return builder.build();
	}

}
