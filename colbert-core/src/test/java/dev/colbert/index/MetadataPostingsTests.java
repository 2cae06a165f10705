package dev.colbert.index;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.search.SearchParams;
import dev.colbert.testing.SyntheticCorpus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Equality and IN filters are answered from per-segment metadata postings (issue 15, item 7): the filter is tested on
 * the live documents its terms name, not on every live document.
 */
class MetadataPostingsTests {

	private static final int DIM = 32;

	@TempDir
	Path dir;

	@Test
	void aFilterWithCandidatesIsTestedOnlyOnTheLiveDocumentsItsTermsName() {
		SyntheticCorpus corpus = SyntheticCorpus.generate(5, 600, 6, 12, DIM);
		try (ColbertIndex index = ColbertIndex.open(this.dir, IndexSettings.builder().centroids(64).build(),
				ColbertIndexTests.MODEL, DIM)) {
			for (int segment = 0; segment < 3; segment++) {
				index.add(corpus.documents().subList(segment * 200, segment * 200 + 200));
				index.commit();
			}
			AtomicInteger tested = new AtomicInteger();
			DocumentFilter names = DocumentFilter.withCandidates(Candidates.anyOf("name", List.of("n7", "n301", "n599")),
					(id, metadata) -> {
						tested.incrementAndGet();
						return List.of("n7", "n301", "n599").contains(metadata.get("name"));
					});
			TokenVectors query = corpus.query(7, 8);
			assertThat(ids(index.search(query, SearchParams.exhaustive(10), names))).containsExactlyInAnyOrder("doc-7",
					"doc-301", "doc-599");
			assertThat(tested).as("documents the filter was tested on (600 live)").hasValue(3);
			index.delete(List.of("doc-301"));
			index.commit();
			tested.set(0);
			assertThat(ids(index.search(query, SearchParams.forK(10), names))).containsExactlyInAnyOrder("doc-7",
					"doc-599");
			assertThat(tested).as("a deleted document is not tested").hasValue(2);
			tested.set(0);
			assertThat(index.delete(names)).isEqualTo(2);
			assertThat(tested).hasValue(2);
		}
	}

	@Test
	void termsMatchNumbersWhateverTheirTypeListElementsAndCombinations() {
		Random random = new Random(3);
		List<IndexDocument> documents = new ArrayList<>();
		List<Map<String, Object>> metadata = List.of(Map.of("n", 2, "tags", List.of("a", 3L)),
				Map.of("n", 2L, "flag", true), Map.of("n", 2.0, "tags", List.of("b")), Map.of("n", 2.5f, "flag", false),
				Map.of("tags", List.of(3.0, "a")), Map.of("n", "2"));
		for (int i = 0; i < metadata.size(); i++) {
			float[] data = new float[4 * DIM];
			for (int j = 0; j < data.length; j++) {
				data[j] = (float) random.nextGaussian();
			}
			documents.add(new IndexDocument("d" + i, "text " + i, metadata.get(i), TokenVectors.of(data, 4, DIM)));
		}
		try (ColbertIndex index = ColbertIndex.open(this.dir, IndexSettings.builder().centroids(8).build(),
				ColbertIndexTests.MODEL, DIM)) {
			index.add(documents);
			index.commit();
			TokenVectors query = documents.get(0).vectors();
			assertThat(candidates(index, query, Candidates.anyOf("n", List.of(2)))).containsExactlyInAnyOrder("d0", "d1",
					"d2");
			assertThat(candidates(index, query, Candidates.anyOf("n", List.of(2.5, "2")))).containsExactlyInAnyOrder("d3",
					"d5");
			assertThat(candidates(index, query, Candidates.anyOf("tags", List.of(3)))).containsExactlyInAnyOrder("d0",
					"d4");
			assertThat(candidates(index, query, Candidates.and(Candidates.anyOf("tags", List.of("a")),
					Candidates.anyOf("n", List.of(2L))))).containsExactly("d0");
			assertThat(candidates(index, query, Candidates.or(Candidates.anyOf("flag", List.of(true, false)),
					Candidates.anyOf("tags", List.of("b"))))).containsExactlyInAnyOrder("d1", "d2", "d3");
			assertThat(candidates(index, query, Candidates.or(Candidates.anyOf("flag", List.of(true)), Candidates.all())))
				.hasSize(6);
			assertThat(candidates(index, query, Candidates.anyOf("missing", List.of(1)))).isEmpty();
		}
	}

	@Test
	void idCandidatesAreLookedUpByIdAndTestedOnThoseDocumentsOnly() {
		SyntheticCorpus corpus = SyntheticCorpus.generate(6, 300, 6, 12, DIM);
		try (ColbertIndex index = ColbertIndex.open(this.dir, IndexSettings.builder().centroids(32).build(),
				ColbertIndexTests.MODEL, DIM)) {
			index.add(corpus.documents().subList(0, 150));
			index.commit();
			index.add(corpus.documents().subList(150, 300));
			index.delete(List.of("doc-20"));
			index.commit();
			AtomicInteger tested = new AtomicInteger();
			DocumentFilter byId = DocumentFilter.withCandidates(
					Candidates.ids(List.of("doc-3", "doc-20", "doc-250", "no-such-doc")), (id, metadata) -> {
						tested.incrementAndGet();
						return true;
					});
			assertThat(ids(index.search(corpus.query(3, 8), SearchParams.exhaustive(10), byId)))
				.containsExactlyInAnyOrder("doc-3", "doc-250");
			assertThat(tested).as("documents the filter was tested on (299 live)").hasValue(2);
			assertThat(candidates(index, corpus.query(3, 8), Candidates.and(Candidates.ids(List.of("doc-3", "doc-4")),
					Candidates.ids(List.of("doc-4", "doc-5"))))).containsExactly("doc-4");
		}
	}

	/** The documents a filter that accepts whatever it is asked about gets for these candidates. */
	private static List<String> candidates(ColbertIndex index, TokenVectors query, Candidates candidates) {
		return ids(index.search(query, SearchParams.exhaustive(100),
				DocumentFilter.withCandidates(candidates, (id, metadata) -> true)));
	}

	private static List<String> ids(List<SearchHit> hits) {
		return hits.stream().map(SearchHit::id).toList();
	}

}
