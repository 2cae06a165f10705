package dev.colbert.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.search.SearchParams;
import dev.colbert.testing.ReferenceMaxSim;
import dev.colbert.testing.SyntheticCorpus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adaptive codec training: an index built by many small commits must end up as accurate as one built by a single
 * commit of the same documents, survive reopening, stop retraining at its bound and then only advise a re-cluster.
 */
class AdaptiveTrainingTests {

	static final String MODEL = "adaptive-test-model";

	static final int DIM = 128;

	static SyntheticCorpus corpus;

	static List<TokenVectors> queries;

	@TempDir
	Path dir;

	@BeforeAll
	static void corpus() {
		corpus = SyntheticCorpus.generate(31, 400, 10, 40, DIM);
		queries = corpus.queries(30, 32);
	}

	@Test
	void manySmallCommitsEndAsAccurateAsOneBigCommit() {
		Quality big = build(this.dir.resolve("big"), IndexSettings.defaults(), 400);
		Quality small = build(this.dir.resolve("small"), IndexSettings.defaults(), 8);
		Quality frozen = build(this.dir.resolve("frozen"), IndexSettings.builder().adaptiveTraining(false).build(), 8);
		System.out.printf("one commit: %s%nsmall commits, adaptive: %s%nsmall commits, not adaptive: %s%n", big, small,
				frozen);
		// the retrained codec is planned for at least half the collection, with the reference centroid count
		assertThat(small.stats().codecPlannedVectors()).isGreaterThanOrEqualTo(big.stats().tokenVectors() / 2);
		assertThat(small.stats().centroids()).isEqualTo(big.stats().centroids());
		assertThat(small.scoreError()).isLessThanOrEqualTo(big.scoreError() * 1.25);
		assertThat(small.recall()).isGreaterThanOrEqualTo(big.recall() - 0.02);
		// what adaptive training fixes: a codec fitted to the first 8 documents compresses the rest much worse
		assertThat(frozen.stats().codecPlannedVectors()).isLessThan(big.stats().tokenVectors() / 20);
		assertThat(frozen.scoreError()).isGreaterThan(big.scoreError() * 1.5);
		assertThat(frozen.stats().reclusterAdvisable()).isTrue();
		assertThat(small.stats().reclusterAdvisable()).isFalse();
	}

	/**
	 * Builds an index from the corpus in commits of {@code batch} documents and measures, over the test queries, the
	 * mean absolute difference between the index's MaxSim (decompressed vectors) and the exact MaxSim on the original
	 * vectors per query token, and the recall@10 of exhaustive search against the exact top 10.
	 */
	private static Quality build(Path directory, IndexSettings settings, int batch) {
		List<IndexDocument> documents = corpus.documents();
		try (ColbertIndex index = ColbertIndex.open(directory, settings, MODEL, DIM)) {
			for (int from = 0; from < documents.size(); from += batch) {
				index.add(documents.subList(from, Math.min(documents.size(), from + batch)));
				index.commit();
			}
			Map<String, TokenVectors> original = documents.stream()
				.collect(Collectors.toMap(IndexDocument::id, IndexDocument::vectors));
			double error = 0;
			int scored = 0;
			int found = 0;
			for (TokenVectors query : queries) {
				Map<String, Double> exact = new HashMap<>();
				original.forEach((id, vectors) -> exact.put(id, ReferenceMaxSim.maxSim(query, vectors)));
				Set<String> exactTop = exact.entrySet().stream()
					.sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
					.limit(10)
					.map(Map.Entry::getKey)
					.collect(Collectors.toSet());
				List<SearchHit> hits = index.search(query, SearchParams.exhaustive(100));
				for (SearchHit hit : hits) {
					error += Math.abs(hit.maxSim() - exact.get(hit.id())) / query.count();
					scored++;
				}
				found += (int) hits.subList(0, 10).stream().filter((h) -> exactTop.contains(h.id())).count();
			}
			return new Quality(index.stats(), error / scored, found / (10.0 * queries.size()));
		}
	}

	record Quality(IndexStats stats, double scoreError, double recall) {

		@Override
		public String toString() {
			return String.format("score error per query token %.5f, recall@10 vs exact %.3f, %d centroids planned for "
					+ "%d vectors (index holds %d)", this.scoreError, this.recall, this.stats.centroids(),
					this.stats.codecPlannedVectors(), this.stats.tokenVectors());
		}

	}

	@Test
	void retrainingKeepsTheIndexContentsAndSurvivesReopening() throws IOException {
		IndexSettings settings = IndexSettings.builder().centroids(64).build();
		List<IndexDocument> documents = corpus.documents();
		List<Long> plannedSizes = new ArrayList<>();
		try (ColbertIndex index = ColbertIndex.open(this.dir, settings, MODEL, DIM)) {
			for (int from = 0; from < 100; from += 10) {
				index.add(documents.subList(from, from + 10));
				// a delete and a replacement staged in the same commit as the adds that trigger retraining
				index.delete(List.of(documents.get(from).id()));
				IndexDocument replaced = documents.get(from + 1);
				index.add(List.of(new IndexDocument(replaced.id(), "replaced " + from, Map.of("v", from),
						replaced.vectors())));
				index.commit();
				plannedSizes.add(index.stats().codecPlannedVectors());
			}
			assertThat(plannedSizes.stream().distinct().count()).as("codec sizes over the commits: %s", plannedSizes)
				.isGreaterThanOrEqualTo(3);
			assertThat(index.stats().sourceVectorBytes()).isPositive();
			assertThat(index.stats().nextRetrainVectors()).isEqualTo(2 * index.stats().codecPlannedVectors());
		}
		try (ColbertIndex index = ColbertIndex.open(this.dir, settings, MODEL, DIM)) {
			assertThat(index.stats().documents()).isEqualTo(90);
			for (int from = 0; from < 100; from += 10) {
				assertThat(index.document(documents.get(from).id())).isEmpty();
				assertThat(index.document(documents.get(from + 1).id()).orElseThrow().text()).isEqualTo("replaced " + from);
				assertThat(index.document(documents.get(from + 2).id()).orElseThrow().text())
					.isEqualTo(documents.get(from + 2).text());
			}
			long planned = index.stats().codecPlannedVectors();
			// growing on after reopening retrains again, from the originals kept on disk
			index.add(documents.subList(100, 400));
			index.commit();
			assertThat(index.stats().codecPlannedVectors()).isGreaterThan(planned);
			assertThat(index.stats().documents()).isEqualTo(390);
		}
		try (ColbertIndex index = ColbertIndex.open(this.dir, settings, MODEL, DIM)) {
			// the exhaustive top 10 of the deleted-and-retrained index never holds a deleted document
			Set<String> deleted = IntStream.range(0, 10).mapToObj((i) -> documents.get(10 * i).id())
				.collect(Collectors.toSet());
			for (TokenVectors query : queries) {
				assertThat(index.search(query, SearchParams.exhaustive(50))).extracting(SearchHit::id)
					.doesNotContainAnyElementsOf(deleted);
			}
		}
	}

	@Test
	void reopenedIndexReturnsIdenticalResults() {
		IndexSettings settings = IndexSettings.builder().centroids(64).build();
		List<List<SearchHit>> before = new ArrayList<>();
		try (ColbertIndex index = ColbertIndex.open(this.dir, settings, MODEL, DIM)) {
			for (int from = 0; from < 200; from += 20) {
				index.add(corpus.documents().subList(from, from + 20));
				index.commit();
			}
			for (TokenVectors query : queries) {
				before.add(index.search(query, SearchParams.forK(10)));
			}
		}
		try (ColbertIndex index = ColbertIndex.open(this.dir, settings, MODEL, DIM)) {
			for (int i = 0; i < queries.size(); i++) {
				assertThat(index.search(queries.get(i), SearchParams.forK(10))).isEqualTo(before.get(i));
			}
		}
	}

	@Test
	void retrainingStopsAtTheBoundThenOnlyAdvisesARecluster() throws IOException {
		IndexSettings settings = IndexSettings.builder()
			.centroids(32)
			.adaptiveTrainingMaxVectors(2_000)
			.reclusterGrowthFactor(2)
			.build();
		List<IndexDocument> documents = corpus.documents();
		try (ColbertIndex index = ColbertIndex.open(this.dir, settings, MODEL, DIM)) {
			int from = 0;
			// while the next retraining point is within 2,000 vectors the originals are kept
			while (index.stats().tokenVectors() < 1_000 || index.stats().nextRetrainVectors() > 0) {
				IndexStats stats = index.stats();
				if (stats.generation() > 1) {
					assertThat(stats.nextRetrainVectors()).isLessThanOrEqualTo(2_000);
					assertThat(stats.sourceVectorBytes()).isEqualTo(sourceFileBytes());
					assertThat(stats.sourceVectorBytes()).isGreaterThanOrEqualTo(2L * DIM * stats.tokenVectors());
				}
				index.add(documents.subList(from, from + 5));
				from += 5;
				index.commit();
			}
			IndexStats stopped = index.stats();
			// the last retraining happened between 1,000 and 2,000 vectors (plus at most the batch that crossed it)
			assertThat(stopped.codecPlannedVectors()).isGreaterThan(1_000).isLessThanOrEqualTo(2_000 + 5 * 40);
			// the originals are gone from the commit and from disk
			assertThat(stopped.sourceVectorBytes()).isZero();
			assertThat(sourceFileBytes()).isZero();
			assertThat(stopped.reclusterAdvisable()).isFalse();
			long planned = stopped.codecPlannedVectors();
			while (index.stats().tokenVectors() <= settings.reclusterGrowthFactor() * planned) {
				index.add(documents.subList(from, from + 20));
				from += 20;
				index.commit();
				assertThat(index.stats().codecPlannedVectors()).isEqualTo(planned);
			}
			IndexStats grown = index.stats();
			assertThat(grown.reclusterAdvisable()).isTrue();
			assertThat(grown.reclusterReason()).contains("adaptiveTrainingMaxVectors (2000 vectors)")
				.contains("recluster()");
			assertThat(grown.nextRetrainVectors()).isZero();
			index.recluster();
			assertThat(index.stats().reclusterAdvisable()).isFalse();
			assertThat(index.stats().codecPlannedVectors()).isEqualTo(grown.tokenVectors());
			assertThat(index.stats().documents()).isEqualTo(from);
		}
	}

	@Test
	void aCodecTrainedAheadForALargeCollectionKeepsNoOriginals() throws IOException {
		IndexSettings settings = IndexSettings.builder().centroids(32).adaptiveTrainingMaxVectors(10_000).build();
		try (ColbertIndex index = ColbertIndex.open(this.dir, settings, MODEL, DIM)) {
			index.train(corpus.vectors().subList(0, 100), 1_000_000);
			index.add(corpus.documents().subList(0, 50));
			index.commit();
			assertThat(index.stats().codecPlannedVectors()).isEqualTo(1_000_000);
			assertThat(index.stats().sourceVectorBytes()).isZero();
			assertThat(index.stats().nextRetrainVectors()).isZero();
			assertThat(sourceFileBytes()).isZero();
		}
	}

	@Test
	void withAdaptiveTrainingOffNoOriginalsAreWritten() throws IOException {
		IndexSettings settings = IndexSettings.builder().centroids(32).adaptiveTraining(false).build();
		try (ColbertIndex index = ColbertIndex.open(this.dir, settings, MODEL, DIM)) {
			for (int from = 0; from < 100; from += 10) {
				index.add(corpus.documents().subList(from, from + 10));
				index.commit();
			}
			assertThat(index.stats().sourceVectorBytes()).isZero();
			assertThat(sourceFileBytes()).isZero();
			assertThat(index.stats().codecPlannedVectors())
				.isEqualTo(corpus.documents().subList(0, 10).stream().mapToLong((d) -> d.vectors().count()).sum());
		}
	}

	private long sourceFileBytes() throws IOException {
		long total = 0;
		try (var files = Files.list(this.dir)) {
			for (Path file : files.filter((p) -> p.getFileName().toString().endsWith(".src")).toList()) {
				total += Files.size(file);
			}
		}
		return total;
	}

}
