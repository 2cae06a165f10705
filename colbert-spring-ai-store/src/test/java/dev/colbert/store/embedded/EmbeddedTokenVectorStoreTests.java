package dev.colbert.store.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;
import org.springframework.ai.vectorstore.filter.FilterExpressionTextParser;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.IndexDocument;
import dev.colbert.index.IndexSettings;
import dev.colbert.index.IndexStats;
import dev.colbert.index.ModelMismatchException;
import dev.colbert.index.SearchHit;
import dev.colbert.search.SearchMode;
import dev.colbert.store.StoreQuery;
import dev.colbert.store.StoreStats;
import dev.colbert.store.filter.UnsupportedFilterExpressionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class EmbeddedTokenVectorStoreTests {

	private static final int DIM = 64;

	private static final String MODEL = "store-test-model";

	@TempDir
	Path dir;

	private final FilterExpressionTextParser parser = new FilterExpressionTextParser();

	/** Documents whose tokens cluster around per-document "word" directions drawn from a shared vocabulary. */
	private static final class Corpus {

		final Random random = new Random(5);

		final float[][] words = new float[400][];

		final List<int[]> vocabularies = new ArrayList<>();

		Corpus() {
			for (int i = 0; i < this.words.length; i++) {
				this.words[i] = unit(gaussian(1f));
			}
		}

		IndexDocument document(int n) {
			int[] vocabulary = new int[6];
			for (int i = 0; i < vocabulary.length; i++) {
				vocabulary[i] = this.random.nextInt(this.words.length);
			}
			this.vocabularies.add(vocabulary);
			int length = 8 + this.random.nextInt(12);
			return new IndexDocument("doc-" + n, "text " + n,
					Map.of("group", n % 4, "year", 2000 + n % 25, "tags", List.of("t" + (n % 3))),
					tokens(vocabulary, length));
		}

		TokenVectors query(int n) {
			return tokens(this.vocabularies.get(n), 16);
		}

		TokenVectors tokens(int[] vocabulary, int length) {
			float[] data = new float[length * DIM];
			for (int j = 0; j < length; j++) {
				float[] noise = gaussian(0.04f);
				float[] word = this.words[vocabulary[this.random.nextInt(vocabulary.length)]];
				for (int d = 0; d < DIM; d++) {
					noise[d] += word[d];
				}
				System.arraycopy(unit(noise), 0, data, j * DIM, DIM);
			}
			return TokenVectors.of(data, length, DIM);
		}

		float[] gaussian(float sigma) {
			float[] v = new float[DIM];
			for (int d = 0; d < DIM; d++) {
				v[d] = (float) (this.random.nextGaussian() * sigma);
			}
			return v;
		}

		static float[] unit(float[] v) {
			double sum = 0;
			for (float x : v) {
				sum += x * x;
			}
			for (int d = 0; d < v.length; d++) {
				v[d] /= (float) Math.sqrt(sum);
			}
			return v;
		}

	}

	private EmbeddedTokenVectorStore open() {
		return EmbeddedTokenVectorStore.open(this.dir, IndexSettings.builder().centroids(128).build(), MODEL, DIM);
	}

	private static List<IndexDocument> documents(Corpus corpus, int from, int to) {
		List<IndexDocument> documents = new ArrayList<>();
		for (int i = from; i < to; i++) {
			documents.add(corpus.document(i));
		}
		return documents;
	}

	@Test
	void addIsDurableAndSearchable() {
		Corpus corpus = new Corpus();
		try (EmbeddedTokenVectorStore store = open()) {
			store.add(documents(corpus, 0, 150));
			List<SearchHit> results = store.search(StoreQuery.of(corpus.query(42), 5));
			assertThat(results).hasSize(5);
			assertThat(results.get(0).id()).isEqualTo("doc-42");
			assertThat(results.get(0).text()).isEqualTo("text 42");
			assertThat(results.get(0).metadata()).containsEntry("group", 2).containsEntry("tags", List.of("t0"));
			assertThat(results.get(0).score()).isEqualTo(results.get(0).maxSim() / 16, within(1e-6));
			assertThat(store.modelFingerprint()).isEqualTo(MODEL);
		}
		// no explicit commit needed: a reopened store sees everything added
		try (EmbeddedTokenVectorStore store = open()) {
			assertThat(store.stats().documents()).isEqualTo(150);
			assertThat(store.search(StoreQuery.of(corpus.query(7), 1)).get(0).id()).isEqualTo("doc-7");
		}
	}

	@Test
	void filteredSearchReturnsOnlyMatchingDocumentsAndStillTheBest() {
		Corpus corpus = new Corpus();
		try (EmbeddedTokenVectorStore store = open()) {
			store.add(documents(corpus, 0, 200));
			TokenVectors query = corpus.query(42);
			var filter = this.parser.parse("group == 2 && year >= 2010");
			List<SearchHit> plaid = store.search(new StoreQuery(query, 10, Double.NEGATIVE_INFINITY, filter,
					SearchMode.PLAID));
			List<SearchHit> exact = store.search(new StoreQuery(query, 10, Double.NEGATIVE_INFINITY, filter,
					SearchMode.EXHAUSTIVE));
			assertThat(plaid).isNotEmpty().allSatisfy((d) -> {
				assertThat(d.metadata().get("group")).isEqualTo(2);
				assertThat((Integer) d.metadata().get("year")).isGreaterThanOrEqualTo(2010);
			});
			assertThat(plaid).isEqualTo(exact);
			assertThat(plaid.get(0).id()).isEqualTo("doc-42");
		}
	}

	@Test
	void minScoreAppliesToTheNormalizedScore() {
		Corpus corpus = new Corpus();
		try (EmbeddedTokenVectorStore store = open()) {
			store.add(documents(corpus, 0, 100));
			TokenVectors query = corpus.query(3);
			List<SearchHit> all = store.search(StoreQuery.of(query, 10));
			double cut = (all.get(0).score() + all.get(1).score()) / 2;
			List<SearchHit> strict = store.search(new StoreQuery(query, 10, cut, null, SearchMode.PLAID));
			assertThat(strict).extracting(SearchHit::id).containsExactly(all.get(0).id());
		}
	}

	@Test
	void deletesByIdAndByFilterAreDurable() {
		Corpus corpus = new Corpus();
		try (EmbeddedTokenVectorStore store = open()) {
			store.add(documents(corpus, 0, 120));
			assertThat(store.delete(List.of("doc-1", "doc-2", "unknown"))).isEqualTo(2);
			assertThat(store.delete(this.parser.parse("group == 3"))).isEqualTo(30);
			assertThat(store.delete(this.parser.parse("group == 3"))).isZero();
			assertThat(store.stats().documents()).isEqualTo(120 - 2 - 30);
		}
		try (EmbeddedTokenVectorStore store = open()) {
			assertThat(store.stats().documents()).isEqualTo(88);
			List<SearchHit> results = store.search(new StoreQuery(corpus.query(1), 100, Double.NEGATIVE_INFINITY,
					null, SearchMode.EXHAUSTIVE));
			assertThat(results).extracting(SearchHit::id).doesNotContain("doc-1", "doc-2");
			assertThat(results).allSatisfy((d) -> assertThat(d.metadata().get("group")).isNotEqualTo(3));
		}
	}

	@Test
	void badInputIsRejectedNamingTheDocumentAndNothingStoredIsLost() {
		Corpus corpus = new Corpus();
		try (EmbeddedTokenVectorStore store = open()) {
			store.add(documents(corpus, 0, 30));
			IndexDocument good = corpus.document(30);
			Map<String, Object> nested = new HashMap<>();
			nested.put("author", Map.of("name", "x"));
			assertThatIllegalArgumentException()
				.isThrownBy(() -> store.add(List.of(good, new IndexDocument("bad", "t", nested, good.vectors()))))
				.withMessageContaining("documents[1] (id 'bad'): metadata 'author' holds a nested map");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> store.add(List.of(new IndexDocument(" ", "t", Map.of(), good.vectors()))))
				.withMessageContaining("documents[0] has a blank id");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> store
					.add(List.of(new IndexDocument("x", "t", Map.of(), TokenVectors.of(new float[128], 1, 128)))))
				.withMessageContaining("dim 128 but this index holds dim 64");
			assertThatExceptionOfType(UnsupportedFilterExpressionException.class)
				.isThrownBy(() -> store.search(new StoreQuery(corpus.query(0), 3, 0,
						new FilterExpressionBuilder()
							.eq("when", new Date()).build(),
						SearchMode.PLAID)))
				.withMessageContaining("Date");
			StoreStats<EmbeddedStoreDetails> stats = store.stats();
			assertThat(stats.documents()).isEqualTo(30);
			assertThat(stats.details().index().pendingAdds()).isZero();
		}
	}

	@Test
	void statsDescribeTheIndexAndAnotherModelIsRefused() {
		Corpus corpus = new Corpus();
		try (EmbeddedTokenVectorStore store = open()) {
			store.add(documents(corpus, 0, 50));
			StoreStats<EmbeddedStoreDetails> stats = store.stats();
			IndexStats index = stats.details().index();
			assertThat(stats.type()).isEqualTo("embedded");
			assertThat(stats.documents()).isEqualTo(50);
			assertThat(stats.tokenVectors()).isPositive();
			// a small index keeps its original vectors for adaptive codec training: on disk too
			assertThat(index.sourceVectorBytes()).isPositive();
			assertThat(stats.bytesOnDisk())
				.isEqualTo(index.indexBytes() + index.documentStoreBytes() + index.sourceVectorBytes());
			assertThat(stats.details().asMap()).containsEntry("nbits", 2).containsEntry("dim", DIM)
				.containsEntry("centroids", 128).containsKeys("bytesPerVector", "compressionRatioVsFp16",
						"lastCommitTime", "reclusterAdvisable", "maxDocumentLength", "deletedDocuments");
		}
		assertThatExceptionOfType(ModelMismatchException.class).isThrownBy(
				() -> EmbeddedTokenVectorStore.open(this.dir, IndexSettings.defaults(), "other-model", DIM));
	}

}
