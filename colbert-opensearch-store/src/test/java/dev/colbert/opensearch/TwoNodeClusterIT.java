package dev.colbert.opensearch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.HealthStatus;
import org.opensearch.client.opensearch._types.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.IndexDocument;
import dev.colbert.index.SearchHit;
import dev.colbert.opensearch.testsupport.LocalOpenSearchCluster;
import dev.colbert.opensearch.testsupport.LocalOpenSearchNode;
import dev.colbert.opensearch.testsupport.SharedOpenSearchCluster;
import dev.colbert.search.SearchMode;
import dev.colbert.store.StoreQuery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The shared two-node cluster with one replica per shard: one node is killed with SIGKILL and searches still succeed
 * with the same results (through the same client, which lists both nodes), and writes go on. Runs after every other
 * integration test class, since it leaves the cluster with one node.
 */
@ExtendWith(SharedOpenSearchCluster.class)
@Order(Integer.MAX_VALUE)
class TwoNodeClusterIT {

	private static final Logger logger = LoggerFactory.getLogger(TwoNodeClusterIT.class);

	private final LocalOpenSearchCluster cluster;

	TwoNodeClusterIT(LocalOpenSearchCluster cluster) {
		this.cluster = cluster;
	}

	@Test
	void searchesSucceedWithTheSameResultsAfterANodeIsKilled() throws Exception {
		LocalOpenSearchCluster cluster = this.cluster;
		assertThat(cluster.nodes()).hasSize(2).allMatch(LocalOpenSearchNode::isAlive);
		OpenSearchClient client = cluster.client();
		OpenSearchStoreSettings settings = OpenSearchStoreSettings.builder()
			.indexName("replicated")
			.shards(2)
			.replicas(1)
			.build();
		SyntheticCorpus corpus = new SyntheticCorpus(31, 32, 5);
		List<IndexDocument> documents = corpus.documents("d", 200, 4, 24, 0.9);
		try (OpenSearchTokenVectorStore store = OpenSearchTokenVectorStore.builder(client)
			.settings(settings)
			.model("fp", 32)
			.build()) {
			store.add(documents);
			waitForHealth(client, HealthStatus.Green);
			assertThat(client.cat().shards((s) -> s.index("replicated")).valueBody())
				.as("every shard has a copy on each node").hasSize(4);

			List<StoreQuery> queries = new ArrayList<>();
			for (int q = 0; q < 10; q++) {
				TokenVectors vectors = corpus.vectors(q % corpus.topicCount(), 6, 0.7, 1);
				queries.add(StoreQuery.of(vectors, 10));
				queries.add(new StoreQuery(vectors, 10, Double.NEGATIVE_INFINITY, null, SearchMode.EXHAUSTIVE));
			}
			List<List<SearchHit>> before = new ArrayList<>();
			for (StoreQuery query : queries) {
				before.add(store.search(query));
			}

			logger.info("Killing {} (pid {}) with SIGKILL", cluster.node(1).name(), cluster.node(1).pid());
			cluster.node(1).kill();
			assertThat(cluster.node(1).isAlive()).isFalse();

			for (int i = 0; i < queries.size(); i++) {
				List<SearchHit> after = store.search(queries.get(i));
				assertSameResults(after, before.get(i), i);
			}

			// The cluster manager notices the loss, promotes the replicas and the index accepts writes again.
			waitForHealth(client, HealthStatus.Yellow);
			store.add(List.of(new IndexDocument("after-kill", "written with one node", Map.of(),
					corpus.vectors(0, 4, 0.5, 1))));
			assertThat(store.stats().documents()).isEqualTo(documents.size() + 1);
			for (int i = 0; i < queries.size(); i++) {
				List<SearchHit> after = store.search(queries.get(i));
				assertThat(after).isNotEmpty();
			}
		}
		catch (AssertionError | RuntimeException ex) {
			logger.error("Node logs:\n{}", cluster.logTails(40));
			throw ex;
		}
	}

	private static void assertSameResults(List<SearchHit> after, List<SearchHit> before, int query) {
		assertThat(after).as("query %d", query).hasSameSizeAs(before);
		for (int rank = 0; rank < before.size(); rank++) {
			assertThat(after.get(rank).id()).as("query %d rank %d", query, rank).isEqualTo(before.get(rank).id());
			assertThat(after.get(rank).maxSim()).as("query %d rank %d", query, rank)
				.isCloseTo(before.get(rank).maxSim(), within(1e-5));
		}
	}

	private static void waitForHealth(OpenSearchClient client, HealthStatus status) throws Exception {
		var health = client.cluster()
			.health((h) -> h.index("replicated")
				.waitForStatus(status)
				.timeout(Time.of((t) -> t.time(Duration.ofSeconds(90).toSeconds() + "s"))));
		assertThat(health.timedOut()).as("cluster reached %s (is %s)", status, health.status()).isFalse();
	}

}
