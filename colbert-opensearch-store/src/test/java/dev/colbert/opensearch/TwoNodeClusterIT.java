package dev.colbert.opensearch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
 * The shared two-node cluster with one replica per shard, for the k-NN and the PLAID layouts: one node is killed with
 * SIGKILL while a writer adds documents; searches still succeed with the same results (through the same client, which
 * lists both nodes), every write that was acknowledged is there afterwards, and writes go on. Runs after every other
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
	void searchesSucceedWithTheSameResultsAfterANodeIsKilledAndNoAcknowledgedWriteIsLost() throws Exception {
		LocalOpenSearchCluster cluster = this.cluster;
		assertThat(cluster.nodes()).hasSize(2).allMatch(LocalOpenSearchNode::isAlive);
		OpenSearchClient client = cluster.client();
		SyntheticCorpus corpus = new SyntheticCorpus(31, 32, 5);
		List<IndexDocument> documents = corpus.documents("d", 200, 4, 24, 0.9);
		List<OpenSearchTokenVectorStore> stores = new ArrayList<>();
		try {
			// both layouts: k-NN candidates with engine rescoring, and PLAID over compressed vectors
			for (CandidateGeneration generation : List.of(CandidateGeneration.TOKEN_KNN, CandidateGeneration.PLAID)) {
				OpenSearchStoreSettings settings = OpenSearchStoreSettings.builder()
					.indexName(index(generation))
					.shards(2)
					.replicas(1)
					.candidateGeneration(generation)
					.build();
				OpenSearchTokenVectorStore store = OpenSearchTokenVectorStore.builder(client)
					.settings(settings)
					.model("fp", 32)
					.build();
				stores.add(store);
				store.add(documents);
				waitForHealth(client, settings.indexName(), HealthStatus.Green);
				assertThat(client.cat().shards((s) -> s.index(settings.indexName())).valueBody())
					.as("every shard has a copy on each node").hasSize(4);
			}

			List<StoreQuery> queries = new ArrayList<>();
			for (int q = 0; q < 10; q++) {
				TokenVectors vectors = corpus.vectors(q % corpus.topicCount(), 6, 0.7, 1);
				queries.add(StoreQuery.of(vectors, 10));
				queries.add(new StoreQuery(vectors, 10, Double.NEGATIVE_INFINITY, null, SearchMode.EXHAUSTIVE));
			}
			List<List<List<SearchHit>>> before = new ArrayList<>();
			for (OpenSearchTokenVectorStore store : stores) {
				List<List<SearchHit>> results = new ArrayList<>();
				for (StoreQuery query : queries) {
					results.add(store.search(query));
				}
				before.add(results);
			}

			// a writer adds documents to the PLAID index one by one while the node is killed; their vectors point
			// away from every topic, so they never enter the queries' top 10
			OpenSearchTokenVectorStore writerStore = stores.get(1);
			List<String> acknowledged = new CopyOnWriteArrayList<>();
			AtomicInteger failed = new AtomicInteger();
			CountDownLatch someWritten = new CountDownLatch(5);
			Thread writer = new Thread(() -> {
				for (int w = 0; w < 40; w++) {
					String id = "during-kill-" + w;
					try {
						writerStore.add(List.of(new IndexDocument(id, "written during the kill", Map.of(),
								corpus.vectors(w % corpus.topicCount(), 4, 0.5, -1))));
						acknowledged.add(id);
					}
					catch (RuntimeException ex) {
						failed.incrementAndGet();
						logger.info("write {} failed during the kill: {}", id, ex.toString());
					}
					someWritten.countDown();
				}
			}, "writer-during-kill");
			writer.start();
			assertThat(someWritten.await(60, TimeUnit.SECONDS)).as("writes before the kill").isTrue();

			logger.info("Killing {} (pid {}) with SIGKILL", cluster.node(1).name(), cluster.node(1).pid());
			cluster.node(1).kill();
			assertThat(cluster.node(1).isAlive()).isFalse();

			for (int s = 0; s < stores.size(); s++) {
				for (int i = 0; i < queries.size(); i++) {
					List<SearchHit> after = stores.get(s).search(queries.get(i));
					assertSameResults(after, before.get(s).get(i), i);
				}
			}
			writer.join(Duration.ofMinutes(3).toMillis());
			assertThat(writer.isAlive()).as("the writer finished").isFalse();
			logger.info("{} writes acknowledged, {} failed during the kill", acknowledged.size(), failed.get());

			// The cluster manager notices the loss, promotes the replicas and the index accepts writes again.
			for (OpenSearchTokenVectorStore store : stores) {
				waitForHealth(client, store.settings().indexName(), HealthStatus.Yellow);
				store.add(List.of(new IndexDocument("after-kill", "written with one node", Map.of(),
						corpus.vectors(0, 4, 0.5, 1))));
			}
			assertThat(stores.get(0).stats().documents()).isEqualTo(documents.size() + 1);
			client.indices().refresh((r) -> r.index(index(CandidateGeneration.PLAID)));
			long found = client.count((c) -> c.index(index(CandidateGeneration.PLAID))
				.query((q) -> q.ids((ids) -> ids.values(List.copyOf(acknowledged))))).count();
			assertThat(found).as("acknowledged writes present after the kill").isEqualTo(acknowledged.size());
			assertThat(stores.get(1).stats().documents()).isGreaterThanOrEqualTo(documents.size() + 1
					+ acknowledged.size());
			for (OpenSearchTokenVectorStore store : stores) {
				for (StoreQuery query : queries) {
					assertThat(store.search(query)).isNotEmpty();
				}
			}
		}
		catch (AssertionError | RuntimeException ex) {
			logger.error("Node logs:\n{}", cluster.logTails(40));
			throw ex;
		}
		finally {
			stores.forEach(OpenSearchTokenVectorStore::close);
		}
	}

	private static String index(CandidateGeneration generation) {
		return (generation == CandidateGeneration.PLAID) ? "replicated-plaid" : "replicated";
	}

	private static void assertSameResults(List<SearchHit> after, List<SearchHit> before, int query) {
		assertThat(after).as("query %d", query).hasSameSizeAs(before);
		for (int rank = 0; rank < before.size(); rank++) {
			assertThat(after.get(rank).id()).as("query %d rank %d", query, rank).isEqualTo(before.get(rank).id());
			assertThat(after.get(rank).maxSim()).as("query %d rank %d", query, rank)
				.isCloseTo(before.get(rank).maxSim(), within(1e-5));
		}
	}

	private static void waitForHealth(OpenSearchClient client, String index, HealthStatus status) throws Exception {
		var health = client.cluster()
			.health((h) -> h.index(index)
				.waitForStatus(status)
				.timeout(Time.of((t) -> t.time(Duration.ofSeconds(90).toSeconds() + "s"))));
		assertThat(health.timedOut()).as("cluster reached %s (is %s)", status, health.status()).isFalse();
	}

}
