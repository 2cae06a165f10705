package dev.colbert.autoconfigure.store;

import dev.colbert.opensearch.OpenSearchConnectionSettings;
import dev.colbert.opensearch.OpenSearchStoreSettings;

/**
 * Maps {@code colbert.store.opensearch.*} to the OpenSearch store's connection and store settings. Only loaded when
 * the OpenSearch store module is on the class path.
 */
final class OpenSearchStoreSettingsMapper {

	private OpenSearchStoreSettingsMapper() {
	}

	static OpenSearchConnectionSettings connectionSettings(OpenSearchStoreProperties properties) {
		return OpenSearchConnectionSettings.builder()
			.uris(properties.getUris())
			.credentials(properties.getUsername(), properties.getPassword())
			.connectTimeout(properties.getConnectTimeout())
			.responseTimeout(properties.getResponseTimeout())
			.build();
	}

	static OpenSearchStoreSettings storeSettings(OpenSearchStoreProperties properties) {
		return OpenSearchStoreSettings.builder()
			.indexName(properties.getIndexName())
			.shards(properties.getShards())
			.replicas(properties.getReplicas())
			.candidateGeneration(properties.getCandidateGeneration())
			.candidatesPerQueryVector(properties.getCandidatesPerQueryVector())
			.pooledCandidates(properties.getPooledCandidates())
			.rescoreWindow(properties.getRescoreWindow())
			.efSearch(properties.getEfSearch())
			.hnswM(properties.getHnswM())
			.hnswEfConstruction(properties.getHnswEfConstruction())
			.bulkDocuments(properties.getBulkDocuments())
			.bulkMaxBytes(properties.getBulkMaxSize().toBytes())
			.maxInFlightBulkRequests(properties.getMaxInFlightBulkRequests())
			.maxRetries(properties.getMaxRetries())
			.initialBackoff(properties.getInitialBackoff())
			.maxBackoff(properties.getMaxBackoff())
			.refreshPolicy(properties.getRefreshPolicy())
			.searchTimeout(properties.getSearchTimeout())
			.lexical(properties.getLexical().toSettings())
			.plaid(properties.getPlaid().toSettings())
			.build();
	}

}
