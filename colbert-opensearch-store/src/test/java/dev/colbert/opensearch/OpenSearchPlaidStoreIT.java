package dev.colbert.opensearch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.ColbertIndex;
import dev.colbert.index.IndexDocument;
import dev.colbert.index.IndexSettings;
import dev.colbert.index.SearchHit;
import dev.colbert.index.codec.ResidualCodec;
import dev.colbert.opensearch.codes.CodeBlob;
import dev.colbert.opensearch.codes.MaxSimScript;
import dev.colbert.opensearch.testsupport.LocalOpenSearchCluster;
import dev.colbert.opensearch.testsupport.SharedOpenSearchCluster;
import dev.colbert.search.SearchMode;
import dev.colbert.search.SearchParams;
import dev.colbert.store.FilterContract;
import dev.colbert.store.StoreQuery;
import dev.colbert.store.StoreStats;
import dev.colbert.testing.ReferenceMaxSim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The {@link CandidateGeneration#PLAID} layout against the real two-node cluster: the filter contract, exact MaxSim
 * over the decompressed vectors, agreement of the distributed PLAID top 10 on two shards with one replica with the
 * embedded index's PLAID top 10 on the same codec and with the exact top 10 over the same compressed vectors, the
 * codec kept in the cluster and shared by every store of the index, the codec's figures in the stats, deletes and
 * replacements.
 */
@ExtendWith(SharedOpenSearchCluster.class)
class OpenSearchPlaidStoreIT {

	private static final AtomicInteger indexCounter = new AtomicInteger();

	private static final String FINGERPRINT = "plaid-it-model";

	private final OpenSearchClient client;

	private final List<String> indexes = new ArrayList<>();

	OpenSearchPlaidStoreIT(LocalOpenSearchCluster cluster) {
		this.client = cluster.client();
	}

	@AfterEach
	void deleteIndexes() throws IOException {
		for (String index : this.indexes) {
			this.client.indices()
				.delete((d) -> d.index(index, PlaidCodecStore.codecIndex(index)).ignoreUnavailable(true));
		}
	}

	private OpenSearchStoreSettings settings(int shards, int replicas) {
		return settings(shards, replicas, PlaidRescoring.AUTO);
	}

	private OpenSearchStoreSettings settings(int shards, int replicas, PlaidRescoring rescoring) {
		String index = "plaid-" + indexCounter.incrementAndGet();
		this.indexes.add(index);
		OpenSearchPlaidSettings defaults = OpenSearchPlaidSettings.defaults();
		return OpenSearchStoreSettings.builder()
			.indexName(index)
			.shards(shards)
			.replicas(replicas)
			.candidateGeneration(CandidateGeneration.PLAID)
			.plaid(new OpenSearchPlaidSettings(defaults.nbits(), defaults.ncells(), defaults.ndocs(), rescoring))
			.build();
	}

	private OpenSearchTokenVectorStore store(OpenSearchStoreSettings settings, int dim) {
		return OpenSearchTokenVectorStore.builder(this.client).settings(settings).model(FINGERPRINT, dim).build();
	}

	/** On the shards (the cluster's nodes have the ColBERT plugin) and on the client: the same results. */
	@ParameterizedTest
	@EnumSource(value = PlaidRescoring.class, names = { "SHARDS", "CLIENT" })
	void top10AgreesWithTheEmbeddedPlaidOnTheSameCodecAndWithExactMaxSimOnTwoShardsWithAReplica(
			PlaidRescoring rescoring, @TempDir Path embedded) throws IOException {
		int dim = 32;
		SyntheticCorpus corpus = new SyntheticCorpus(7, dim, 8);
		List<IndexDocument> documents = corpus.documents("p", 400, 8, 32, 0.9);
		OpenSearchStoreSettings settings = settings(2, 1, rescoring);
		try (OpenSearchTokenVectorStore store = store(settings, dim)) {
			assertThat(store.trainCodec(documents.stream().map(IndexDocument::vectors).toList(), 8000)).isTrue();
			store.add(documents.subList(0, 200));
			store.add(documents.subList(200, 400));
			ResidualCodec codec = new PlaidCodecStore(this.client, settings, FINGERPRINT).read(dim);
			assertThat(codec).isNotNull();
			Decompressed decompressed = new Decompressed(codec, documents);
			IndexSettings sameCodec = IndexSettings.builder()
				.nbits(codec.nbits())
				.centroidBits(codec.centroidBits())
				.adaptiveTraining(false)
				.build();
			double overlapExact = 0;
			double overlapEmbedded = 0;
			int queries = 24;
			try (ColbertIndex index = ColbertIndex.open(embedded, sameCodec, FINGERPRINT, dim)) {
				index.useCodec(codec);
				index.add(documents);
				index.commit();
				for (int q = 0; q < queries; q++) {
					TokenVectors query = corpus.vectors(q % corpus.topicCount(), 8, 1.0, 1);
					List<SearchHit> hits = store.search(StoreQuery.of(query, 10));
					assertThat(hits).hasSize(10);
					for (SearchHit hit : hits) {
						assertThat(hit.maxSim()).as("MaxSim of %s", hit.id())
							.isCloseTo(decompressed.maxSim(query, hit.id()), within(1e-4 * query.count()));
					}
					Set<String> found = hits.stream().map(SearchHit::id).collect(Collectors.toSet());
					overlapExact += overlap(decompressed.topK(query, 10), found);
					List<SearchHit> plaid = index.search(query, SearchParams.forK(10));
					for (SearchHit hit : plaid) {
						assertThat(hit.maxSim()).as("embedded MaxSim of %s, same codec", hit.id())
							.isCloseTo(decompressed.maxSim(query, hit.id()), within(1e-4 * query.count()));
					}
					overlapEmbedded += overlap(plaid.stream().map(SearchHit::id).toList(), found);
				}
			}
			assertThat(overlapEmbedded / queries).as("mean top-10 overlap with the embedded PLAID on the same codec")
				.isGreaterThanOrEqualTo(0.99);
			assertThat(overlapExact / queries).as("mean top-10 overlap with exact MaxSim over the compressed vectors")
				.isGreaterThanOrEqualTo(0.99);
		}
	}

	private static double overlap(List<String> expected, Set<String> found) {
		return expected.stream().filter(found::contains).count() / (double) expected.size();
	}

	@ParameterizedTest
	@EnumSource(value = PlaidRescoring.class, names = { "SHARDS", "CLIENT" })
	void exhaustiveSearchKeepsTheFilterContractAndScoresExactlyOverTheCompressedVectors(PlaidRescoring rescoring)
			throws IOException {
		int dim = 16;
		SyntheticCorpus corpus = new SyntheticCorpus(11, dim, 4);
		List<IndexDocument> documents = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			documents.add(new IndexDocument("doc-" + i, "Passage " + i, FilterContract.metadata(i),
					corpus.vectors(i % 4, 3 + (i % 8), 0.9, 1)));
		}
		OpenSearchStoreSettings settings = settings(2, 0, rescoring);
		try (OpenSearchTokenVectorStore store = store(settings, dim)) {
			store.add(documents);
			TokenVectors query = corpus.vectors(0, 3, 1.0, 1);
			for (FilterContract.Case contract : FilterContract.cases()) {
				Set<String> expected = documents.stream()
					.filter((d) -> contract.expected().test(d.metadata()))
					.map(IndexDocument::id)
					.collect(Collectors.toSet());
				List<SearchHit> exhaustive = store.search(new StoreQuery(query, 40, Double.NEGATIVE_INFINITY,
						contract.filter(), SearchMode.EXHAUSTIVE));
				assertThat(exhaustive).as(contract.name())
					.extracting(SearchHit::id)
					.containsExactlyInAnyOrderElementsOf(expected);
				List<SearchHit> plaid = store.search(new StoreQuery(query, 5, Double.NEGATIVE_INFINITY,
						contract.filter(), SearchMode.PLAID));
				assertThat(plaid).as(contract.name()).allMatch((hit) -> expected.contains(hit.id()));
				Map<String, SearchHit> scored = exhaustive.stream()
					.collect(Collectors.toMap(SearchHit::id, (hit) -> hit));
				for (SearchHit hit : plaid) {
					SearchHit reference = scored.get(hit.id());
					assertThat(hit.maxSim()).as("%s: PLAID's exact score of %s", contract.name(), hit.id())
						.isCloseTo(reference.maxSim(), within(1e-4 * query.count()));
					assertThat(hit.metadata()).isEqualTo(reference.metadata());
					assertThat(hit.text()).isEqualTo(reference.text());
				}
			}
			Decompressed decompressed = decompressed(settings, dim, documents);
			List<SearchHit> all = store.search(new StoreQuery(query, 7, Double.NEGATIVE_INFINITY, null,
					SearchMode.EXHAUSTIVE));
			assertThat(all).extracting(SearchHit::id).containsExactlyElementsOf(decompressed.topK(query, 7));
			for (SearchHit hit : all) {
				assertThat(hit.maxSim()).isCloseTo(decompressed.maxSim(query, hit.id()), within(1e-4 * query.count()));
				assertThat(hit.score()).isCloseTo(hit.maxSim() / query.count(), within(1e-9));
				assertThat(hit.metadata()).isEqualTo(documents.get(Integer.parseInt(hit.id().substring(4))).metadata());
			}
		}
	}

	@Test
	void statsShowTheCodecAndWhenTheCollectionHasOutgrownIt() {
		int dim = 16;
		SyntheticCorpus corpus = new SyntheticCorpus(5, dim, 4);
		List<IndexDocument> documents = corpus.documents("g", 60, 4, 12, 0.9);
		long vectors = documents.stream().mapToLong((d) -> d.vectors().count()).sum();
		OpenSearchStoreSettings settings = settings(1, 0);
		try (OpenSearchTokenVectorStore store = store(settings, dim)) {
			// a codec planned for a tenth of the collection, as when the first add is a small batch
			assertThat(store.trainCodec(documents.subList(0, 6).stream().map(IndexDocument::vectors).toList(),
					vectors / 10)).isTrue();
			store.add(documents.subList(0, 6));
			StoreStats<OpenSearchStoreDetails> small = store.stats();
			assertThat(small.index().centroids()).isEqualTo(small.details().codec().centroids()).isPositive();
			assertThat(small.index().nbits()).isEqualTo(OpenSearchPlaidSettings.DEFAULT_NBITS);
			assertThat(small.index().reclusterAdvisable()).isFalse();
			store.add(documents.subList(6, 60));
			StoreStats<OpenSearchStoreDetails> grown = store.stats();
			assertThat(grown.tokenVectors()).isEqualTo(vectors);
			assertThat(grown.index().reclusterAdvisable()).isTrue();
			long planned = grown.details().codec().plannedVectors();
			assertThat(planned).as("planned: the sample's size at least").isLessThan(vectors / 4);
			assertThat(grown.index().reclusterReason()).contains("trained for " + planned + " token vectors")
				.contains("now holds " + vectors);
			assertThat(grown.index().bytesPerVector()).isPositive();
		}
	}

	@Test
	void theCodecIsKeptInTheClusterAndSharedByEveryStoreOfTheIndex() throws IOException {
		int dim = 16;
		SyntheticCorpus corpus = new SyntheticCorpus(3, dim, 4);
		List<IndexDocument> documents = corpus.documents("c", 60, 4, 12, 0.9);
		OpenSearchStoreSettings settings = settings(1, 0);
		try (OpenSearchTokenVectorStore first = store(settings, dim)) {
			// the first add trains the codec on its own documents
			first.add(documents.subList(0, 40));
			try (OpenSearchTokenVectorStore second = store(settings, dim)) {
				assertThat(second.trainCodec(List.of(documents.get(0).vectors()), 100)).isFalse();
				second.add(documents.subList(40, 60));
				TokenVectors query = corpus.vectors(2, 4, 1.0, 1);
				StoreQuery exhaustive = new StoreQuery(query, 60, Double.NEGATIVE_INFINITY, null,
						SearchMode.EXHAUSTIVE);
				assertThat(second.search(exhaustive)).hasSize(60).isEqualTo(first.search(exhaustive));
			}
		}
		ResidualCodec stored = new PlaidCodecStore(this.client, settings, FINGERPRINT).read(dim);
		assertThat(stored).isNotNull();
		assertThat(stored.nbits()).isEqualTo(OpenSearchPlaidSettings.DEFAULT_NBITS);
		assertThat(stored.dim()).isEqualTo(dim);
	}

	/** The shard plugin refuses bad parameters with a 400 that names the problem, never a 500. */
	@Test
	void theShardScriptRefusesAForeignCodecAnIndexThatIsNoCodecIndexAndAMisshapenQuery() throws IOException {
		int dim = 16;
		SyntheticCorpus corpus = new SyntheticCorpus(3, dim, 4);
		OpenSearchStoreSettings settings = settings(1, 0, PlaidRescoring.SHARDS);
		try (OpenSearchTokenVectorStore store = store(settings, dim)) {
			store.add(corpus.documents("b", 20, 4, 12, 0.9));
			ResidualCodec codec = new PlaidCodecStore(this.client, settings, FINGERPRINT).read(dim);
			String codecIndex = PlaidCodecStore.codecIndex(settings.indexName());
			String sha256 = new PlaidCodecStore(this.client, settings, FINGERPRINT).sha256(codec);
			float[] query = corpus.vectors(0, 3, 1.0, 1).data();
			String foreign = (sha256.startsWith("0") ? "1" : "0") + sha256.substring(1);
			assertThat(shardScriptError(settings.indexName(), MaxSimScript.params(query, 3, dim, codecIndex, foreign,
					IndexLayout.CODES)))
				.contains("has checksum " + sha256);
			assertThat(shardScriptError(settings.indexName(), MaxSimScript.params(query, 3, dim, settings.indexName(),
					sha256, IndexLayout.CODES)))
				.contains("is not a ColBERT codec index");
			Map<String, Object> misshapen = new java.util.LinkedHashMap<>(MaxSimScript.params(query, 3, dim, codecIndex,
					sha256, IndexLayout.CODES));
			misshapen.put(MaxSimScript.QUERY_VECTORS, 2);
			assertThat(shardScriptError(settings.indexName(), misshapen)).contains("not 2 x 16 float32");
			assertThat(store.search(StoreQuery.of(corpus.vectors(0, 3, 1.0, 1), 3))).as("good queries still work")
				.hasSize(3);
		}
	}

	/** The reason of the 400 that a script_score search with these parameters gets. */
	private String shardScriptError(String index, Map<String, Object> params) {
		Map<String, JsonData> json = new java.util.LinkedHashMap<>();
		params.forEach((name, value) -> json.put(name, JsonData.of(value)));
		org.opensearch.client.opensearch.core.SearchResponse<Map> response;
		try {
			response = this.client.search((s) -> s.index(index)
				.query((q) -> q.scriptScore((ss) -> ss.query((all) -> all.matchAll((m) -> m))
					.script((script) -> script.inline((i) -> i.lang((l) -> l.custom(MaxSimScript.LANG))
						.source(MaxSimScript.SOURCE)
						.params(json))))), Map.class);
		}
		catch (OpenSearchException ex) {
			assertThat(ex.status()).as("HTTP status of %s", ex.getMessage()).isEqualTo(400);
			return ex.error().rootCause().stream().map((cause) -> cause.reason()).toList().toString();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		throw new AssertionError("the search was not refused: " + response.hits().hits().size() + " hits");
	}

	@Test
	void deletedAndReplacedDocumentsAreSearchedAsTheyNowAre() {
		int dim = 16;
		SyntheticCorpus corpus = new SyntheticCorpus(5, dim, 4);
		List<IndexDocument> documents = corpus.documents("r", 40, 4, 12, 0.9);
		try (OpenSearchTokenVectorStore store = store(settings(2, 0), dim)) {
			store.add(documents);
			IndexDocument target = documents.get(3);
			TokenVectors query = target.vectors();
			assertThat(store.search(StoreQuery.of(query, 3)).get(0).id()).isEqualTo(target.id());
			assertThat(store.delete(List.of(target.id(), "unknown"))).isEqualTo(1);
			assertThat(store.search(StoreQuery.of(query, 40))).extracting(SearchHit::id).doesNotContain(target.id());
			// another document takes the id with the target's vectors of another topic
			TokenVectors other = corpus.vectors(1, 6, 0.9, 1);
			store.add(List.of(new IndexDocument(target.id(), "replaced", Map.of("topic", 1), other)));
			assertThat(store.search(StoreQuery.of(other, 1)).get(0).id()).isEqualTo(target.id());
			Filter.Expression topicZero = new FilterExpressionBuilder().eq("topic", 0).build();
			assertThat(store.delete(topicZero)).isEqualTo(10); // the target was of topic 3, now 1
			assertThat(store.stats().documents()).isEqualTo(30);
			assertThat(store.search(new StoreQuery(query, 40, Double.NEGATIVE_INFINITY, null, SearchMode.EXHAUSTIVE)))
				.hasSize(30)
				.allMatch((hit) -> !Integer.valueOf(0).equals(hit.metadata().get("topic")));
		}
	}

	private Decompressed decompressed(OpenSearchStoreSettings settings, int dim, List<IndexDocument> documents)
			throws IOException {
		ResidualCodec codec = new PlaidCodecStore(this.client, settings, FINGERPRINT).read(dim);
		assertThat(codec).isNotNull();
		return new Decompressed(codec, documents);
	}

	/** The documents' vectors as the index holds them: compressed with the stored codec, then decompressed. */
	private static final class Decompressed {

		private final Map<String, TokenVectors> byId;

		Decompressed(ResidualCodec codec, List<IndexDocument> documents) {
			this.byId = new java.util.LinkedHashMap<>();
			try (PlaidCodec plaid = new PlaidCodec(codec)) {
				List<PlaidCodec.Compressed> compressed = plaid
					.compress(documents.stream().map(IndexDocument::vectors).toList());
				for (int d = 0; d < documents.size(); d++) {
					CodeBlob.Decoded decoded = plaid.decode(documents.get(d).id(),
							java.util.Base64.getDecoder().decode(compressed.get(d).blob()));
					int dim = codec.dim();
					float[] data = new float[decoded.length() * dim];
					for (int j = 0; j < decoded.length(); j++) {
						codec.decompress(decoded.codes()[j], decoded.residuals(), j * codec.bytesPerVector(), data,
								j * dim);
					}
					this.byId.put(documents.get(d).id(), TokenVectors.of(data, decoded.length(), dim));
				}
			}
		}

		double maxSim(TokenVectors query, String id) {
			return ReferenceMaxSim.maxSim(query, this.byId.get(id));
		}

		List<String> topK(TokenVectors query, int k) {
			List<IndexDocument> documents = new ArrayList<>();
			this.byId.forEach((id, vectors) -> documents.add(new IndexDocument(id, "", Map.of(), vectors)));
			return SyntheticCorpus.exactTopK(query, documents, k);
		}

	}

}
