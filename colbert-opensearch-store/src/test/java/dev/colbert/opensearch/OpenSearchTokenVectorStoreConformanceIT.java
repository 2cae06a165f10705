package dev.colbert.opensearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.ExtendWith;
import org.opensearch.client.opensearch.OpenSearchClient;

import dev.colbert.opensearch.testsupport.LocalOpenSearchCluster;
import dev.colbert.opensearch.testsupport.SharedOpenSearchCluster;
import dev.colbert.store.TokenVectorStore;
import dev.colbert.store.TokenVectorStoreConformanceTests;

/**
 * The store conformance suite against a real two-node OpenSearch cluster, each test on a fresh two-shard index.
 */
@ExtendWith(SharedOpenSearchCluster.class)
class OpenSearchTokenVectorStoreConformanceIT extends TokenVectorStoreConformanceTests {

	private static final AtomicInteger indexCounter = new AtomicInteger();

	private final OpenSearchClient client;

	OpenSearchTokenVectorStoreConformanceIT(LocalOpenSearchCluster cluster) {
		this.client = cluster.client();
	}

	@Override
	protected TokenVectorStore createStore() {
		OpenSearchStoreSettings settings = OpenSearchStoreSettings.builder()
			.indexName("conformance-" + indexCounter.incrementAndGet())
			.shards(2)
			.replicas(0)
			.candidateGeneration(CandidateGeneration.TOKEN_KNN) // exact float MaxSim: the suite's exactness checks
			.build();
		return OpenSearchTokenVectorStore.builder(this.client).settings(settings).model(FINGERPRINT, DIM).build();
	}

	@Override
	protected void destroyStore(TokenVectorStore store) {
		String index = ((OpenSearchTokenVectorStore) store).settings().indexName();
		store.close();
		try {
			this.client.indices().delete((d) -> d.index(index).ignoreUnavailable(true));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
