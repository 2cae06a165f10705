package dev.colbert.encoder.inference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.TestModels;
import dev.colbert.encoder.TokenVectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Batching by length, input order, thread safety and lifecycle of the PyTorch encoder.
 */
class TorchColbertEncoderTests {

	@TempDir
	static Path temporary;

	private static Path checkpoint;

	private static ColbertEncoder encoder;

	@BeforeAll
	static void load() throws Exception {
		checkpoint = TestModels.writeCheckpoint(temporary.resolve("ckpt"), TestModels.colbertSettings(16), 17);
		encoder = ColbertEncoders.load(checkpoint.toString(),
				EncoderOptions.builder().batchSize(3).workerThreads(1).build());
	}

	@AfterAll
	static void close() {
		encoder.close();
	}

	private static List<String> documents(int count) {
		List<String> documents = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			documents.add(("document " + i + " about late interaction ").repeat(1 + (i * 7) % 5) + "end.");
		}
		return documents;
	}

	@Test
	void resultsComeBackInInputOrderAndDoNotDependOnBatchComposition() {
		List<String> documents = documents(11);
		List<TokenVectors> batched = encoder.encodeDocuments(documents);
		assertThat(batched).hasSize(11);
		for (int i = 0; i < documents.size(); i++) {
			TokenVectors alone = encoder.encodeDocuments(List.of(documents.get(i))).get(0);
			assertThat(batched.get(i).tokenIds()).isEqualTo(alone.tokenIds());
			assertThat(maxDifference(batched.get(i).data(), alone.data())).as("document %d", i).isLessThan(1e-5);
		}
	}

	@Test
	void batchedQueriesGiveTheVectorsOfOneCallPerQueryInInputOrder() {
		List<String> queries = List.of("what is late interaction?", "maxsim", "how are residuals compressed at two bits",
				"a much longer question about how the centroid interaction prunes candidates before exact scoring",
				"plaid", "why mask punctuation?", "ivf");
		List<TokenVectors> batched = encoder.encodeQueries(queries);
		assertThat(batched).hasSize(queries.size());
		for (int i = 0; i < queries.size(); i++) {
			TokenVectors alone = encoder.encodeQuery(queries.get(i));
			assertThat(batched.get(i).count()).as("query %d", i).isEqualTo(alone.count());
			assertThat(batched.get(i).tokenIds()).isEqualTo(alone.tokenIds());
			assertThat(maxDifference(batched.get(i).data(), alone.data())).as("query %d", i).isLessThan(1e-5);
		}
		assertThat(encoder.encodeQueries(List.of())).isEmpty();
	}

	@Test
	void vectorsAreUnitLength() {
		for (TokenVectors vectors : encoder.encodeDocuments(documents(4))) {
			for (int row = 0; row < vectors.count(); row++) {
				double norm = 0;
				for (float value : vectors.vector(row)) {
					norm += value * value;
				}
				assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
			}
		}
	}

	@Test
	void concurrentCallersGetTheSameVectorsAsSequentialOnes() throws Exception {
		List<String> documents = documents(6);
		List<TokenVectors> expectedDocuments = encoder.encodeDocuments(documents);
		TokenVectors expectedQuery = encoder.encodeQuery("what is late interaction");
		ExecutorService pool = Executors.newFixedThreadPool(6);
		try {
			List<Future<Boolean>> results = new ArrayList<>();
			for (int task = 0; task < 24; task++) {
				boolean query = task % 2 == 0;
				results.add(pool.submit(() -> {
					if (query) {
						return maxDifference(encoder.encodeQuery("what is late interaction").data(),
								expectedQuery.data()) < 1e-5;
					}
					List<TokenVectors> actual = encoder.encodeDocuments(documents);
					for (int i = 0; i < documents.size(); i++) {
						if (maxDifference(actual.get(i).data(), expectedDocuments.get(i).data()) >= 1e-5) {
							return false;
						}
					}
					return true;
				}));
			}
			for (Future<Boolean> result : results) {
				assertThat(result.get()).isTrue();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void batchesSpreadOverWorkersGiveTheSameVectorsInTheSameOrder() {
		List<String> documents = documents(13);
		List<TokenVectors> sequential = encoder.encodeDocuments(documents);
		try (ColbertEncoder parallel = ColbertEncoders.load(checkpoint.toString(),
				EncoderOptions.builder().batchSize(2).workerThreads(3).build())) {
			List<TokenVectors> actual = parallel.encodeDocuments(documents);
			for (int i = 0; i < documents.size(); i++) {
				assertThat(actual.get(i).tokenIds()).isEqualTo(sequential.get(i).tokenIds());
				assertThat(maxDifference(actual.get(i).data(), sequential.get(i).data())).isLessThan(1e-5);
			}
		}
	}

	@Test
	void loadStartsAndWarmsEveryWorkerThreadBeforeTheFirstCall() {
		Set<Thread> before = Thread.getAllStackTraces().keySet();
		try (ColbertEncoder warmed = ColbertEncoders.load(checkpoint.toString(),
				EncoderOptions.builder().workerThreads(3).intraOpThreads(1).queryIntraOpThreads(2).build())) {
			List<String> started = Thread.getAllStackTraces()
				.keySet()
				.stream()
				.filter((thread) -> !before.contains(thread))
				.map(Thread::getName)
				.filter((name) -> name.startsWith("colbert-encoder-"))
				.sorted()
				.toList();
			assertThat(started).containsExactly("colbert-encoder-documents-1", "colbert-encoder-documents-2",
					"colbert-encoder-documents-3", "colbert-encoder-query-1", "colbert-encoder-query-2",
					"colbert-encoder-query-3");
			TokenVectors query = warmed.encodeQuery("late interaction");
			TokenVectors reference = encoder.encodeQuery("late interaction");
			assertThat(maxDifference(query.data(), reference.data())).isLessThan(1e-5);
		}
	}

	@Test
	void emptyListGivesEmptyResult() {
		assertThat(encoder.encodeDocuments(List.of())).isEmpty();
	}

	@Test
	void closedEncoderRefusesWork() throws Exception {
		ColbertEncoder closing = ColbertEncoders.load(checkpoint.toString(), EncoderOptions.defaults());
		closing.close();
		closing.close();
		assertThatIllegalStateException().isThrownBy(() -> closing.encodeQuery("late interaction"))
			.withMessageContaining("closed");
		assertThatIllegalStateException().isThrownBy(() -> closing.encodeDocuments(List.of("a")))
			.withMessageContaining("closed");
	}

	private static double maxDifference(float[] a, float[] b) {
		if (a.length != b.length) {
			return Double.POSITIVE_INFINITY;
		}
		double max = 0;
		for (int i = 0; i < a.length; i++) {
			max = Math.max(max, Math.abs(a[i] - b[i]));
		}
		return max;
	}

}
