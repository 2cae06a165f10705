package dev.colbert.training.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.TestModels;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.ColbertIndex;
import dev.colbert.index.IndexDocument;
import dev.colbert.index.IndexSettings;
import dev.colbert.index.SearchHit;
import dev.colbert.search.SearchParams;
import dev.colbert.training.TrainingExample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Mining from a live index uses the index's own PLAID search (issue 15, item 3): no ranker that copies every token
 * vector into native memory is built.
 */
class IndexRankerTests {

	private static final Map<String, String> COLLECTION = new LinkedHashMap<>();

	static {
		COLLECTION.put("apple", "The apple orchard had a great harvest this autumn.");
		COLLECTION.put("stock", "The stock market fell sharply on Monday morning.");
		COLLECTION.put("violin", "The orchestra played a violin concert in Vienna.");
		COLLECTION.put("football", "The football team won the league title.");
		COLLECTION.put("rain", "Heavy rain flooded the valley roads overnight.");
		COLLECTION.put("bread", "Fresh bread from the village bakery every morning.");
	}

	@TempDir
	Path directory;

	@Test
	void ranksAsTheIndexSearchesAndPseudoQueriesMineWithIt() throws Exception {
		Path checkpoint = TestModels.writeCheckpoint(this.directory.resolve("model"), TestModels.colbertSettings(8), 7);
		try (ColbertEncoder encoder = ColbertEncoders.load(checkpoint.toString(),
				EncoderOptions.builder().intraOpThreads(1).build());
				ColbertIndex index = ColbertIndex.open(this.directory.resolve("index"),
						IndexSettings.builder().centroids(8).build(), encoder.info().fingerprint(), 8)) {
			List<IndexDocument> documents = new ArrayList<>();
			List<TokenVectors> vectors = encoder.encodeDocuments(new ArrayList<>(COLLECTION.values()));
			int i = 0;
			for (Map.Entry<String, String> document : COLLECTION.entrySet()) {
				documents.add(new IndexDocument(document.getKey(), document.getValue(), Map.of(), vectors.get(i++)));
			}
			index.add(documents);
			index.commit();
			IndexRanker ranker = new IndexRanker(encoder, index);
			for (String query : List.of("apple harvest", "market on monday", "violin in vienna")) {
				List<String> expected = index.search(encoder.encodeQuery(query), SearchParams.forK(3))
					.stream()
					.map(SearchHit::id)
					.toList();
				assertThat(ranker.rank(query, 3)).as(query).isEqualTo(expected).hasSize(3);
			}
			List<PseudoQuerySource.CorpusDocument> corpus = IndexedCollection.read(index);
			MiningContext noInMemoryRanker = new MiningContext((collection) -> {
				throw new AssertionError("mining built a ranker over a copy of the collection");
			}, 2, 4, 42, () -> false);
			List<TrainingExample> examples = new PseudoQuerySource(corpus, 10, ranker).load(noInMemoryRanker);
			assertThat(examples).isNotEmpty().allSatisfy((example) -> {
				assertThat(example.negatives()).isNotEmpty();
				assertThat(example.negatives()).allSatisfy((negative) -> assertThat(COLLECTION).containsKey(negative.id()));
			});
			assertThat(new PseudoQuerySource(corpus, 10, ranker).describe()).contains("the index's own search");
		}
	}

	@Test
	void refusesAnIndexBuiltByAnotherModel() throws Exception {
		Path checkpoint = TestModels.writeCheckpoint(this.directory.resolve("model"), TestModels.colbertSettings(8), 7);
		try (ColbertEncoder encoder = ColbertEncoders.load(checkpoint.toString(),
				EncoderOptions.builder().intraOpThreads(1).build());
				ColbertIndex index = ColbertIndex.open(this.directory.resolve("index"),
						IndexSettings.builder().centroids(8).build(), "another-model", 8)) {
			assertThatIllegalArgumentException().isThrownBy(() -> new IndexRanker(encoder, index))
				.withMessageContaining("another-model");
		}
	}

}
