package dev.colbert.opensearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.ExtendWith;
import org.opensearch.client.opensearch.OpenSearchClient;

import dev.colbert.opensearch.testsupport.LocalOpenSearchCluster;
import dev.colbert.opensearch.testsupport.SharedOpenSearchCluster;
import dev.colbert.store.HybridSearchConformanceTests;
import dev.colbert.store.TokenVectorStore;

/**
 * The hybrid conformance suite (BM25 on the text field beside late interaction, fused on the client, the filter
 * contract on both sides) on the {@link CandidateGeneration#PLAID} layout of a real two-node OpenSearch cluster, each
 * test on a fresh two-shard index with its own codec (exact MaxSim is the store's own, over its compressed vectors, as
 * for the embedded store).
 */
@ExtendWith(SharedOpenSearchCluster.class)
class OpenSearchPlaidHybridSearchConformanceIT extends HybridSearchConformanceTests {

	private static final AtomicInteger indexCounter = new AtomicInteger();

	private final OpenSearchClient client;

	OpenSearchPlaidHybridSearchConformanceIT(LocalOpenSearchCluster cluster) {
		this.client = cluster.client();
	}

	@Override
	protected TokenVectorStore createStore() {
		OpenSearchStoreSettings settings = OpenSearchStoreSettings.builder()
			.indexName("plaid-hybrid-conformance-" + indexCounter.incrementAndGet())
			.candidateGeneration(CandidateGeneration.PLAID)
			.shards(2)
			.replicas(0)
			.build();
		return OpenSearchTokenVectorStore.builder(this.client).settings(settings).model(FINGERPRINT, DIM).build();
	}

	@Override
	protected void destroyStore(TokenVectorStore store) {
		String index = ((OpenSearchTokenVectorStore) store).settings().indexName();
		store.close();
		try {
			this.client.indices()
				.delete((d) -> d.index(index, PlaidCodecStore.codecIndex(index)).ignoreUnavailable(true));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
