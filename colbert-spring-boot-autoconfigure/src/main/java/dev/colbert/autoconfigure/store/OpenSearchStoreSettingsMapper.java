package dev.colbert.autoconfigure.store;

import dev.colbert.autoconfigure.ColbertProperties;
import dev.colbert.opensearch.CandidateGeneration;
import dev.colbert.opensearch.OpenSearchConnectionSettings;
import dev.colbert.opensearch.OpenSearchStoreSettings;
import dev.colbert.opensearch.RefreshPolicy;

/**
 * Maps {@code colbert.store.opensearch.*} to the OpenSearch store's connection and store settings. Only loaded when
 * the OpenSearch store module is on the class path.
 */
final class OpenSearchStoreSettingsMapper {

	private OpenSearchStoreSettingsMapper() {
	}

	static OpenSearchConnectionSettings connectionSettings(ColbertProperties.OpenSearch properties) {
		return OpenSearchConnectionSettings.builder()
			.uris(properties.getUris())
			.credentials(properties.getUsername(), properties.getPassword())
			.connectTimeout(properties.getConnectTimeout())
			.responseTimeout(properties.getResponseTimeout())
			.build();
	}

	static OpenSearchStoreSettings storeSettings(ColbertProperties.OpenSearch properties) {
		return OpenSearchStoreSettings.builder()
			.indexName(properties.getIndexName())
			.shards(properties.getShards())
			.replicas(properties.getReplicas())
			.candidateGeneration(candidateGeneration(properties.getCandidateGeneration()))
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
			.refreshPolicy(refreshPolicy(properties.getRefreshPolicy()))
			.searchTimeout(properties.getSearchTimeout())
			.lexical(properties.getLexical().toSettings())
			.build();
	}

	private static CandidateGeneration candidateGeneration(ColbertProperties.OpenSearchCandidates candidates) {
		return switch (candidates) {
			case TOKEN_KNN -> CandidateGeneration.TOKEN_KNN;
			case POOLED_KNN -> CandidateGeneration.POOLED_KNN;
		};
	}

	private static RefreshPolicy refreshPolicy(ColbertProperties.OpenSearchRefresh refresh) {
		return switch (refresh) {
			case IMMEDIATE -> RefreshPolicy.IMMEDIATE;
			case WAIT_FOR -> RefreshPolicy.WAIT_FOR;
			case NONE -> RefreshPolicy.NONE;
		};
	}

}
