package dev.colbert.hybrid;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.Candidates;
import dev.colbert.index.ColbertIndex;
import dev.colbert.index.DocumentFilter;
import dev.colbert.index.IndexDocument;
import dev.colbert.index.IndexSettings;
import dev.colbert.index.SearchHit;
import dev.colbert.lexical.LexicalIndex;
import dev.colbert.lexical.LexicalSettings;
import dev.colbert.lexical.LexicalSync;
import dev.colbert.search.SearchMode;
import dev.colbert.search.SearchParams;
import dev.colbert.testing.SyntheticCorpus;

import static org.assertj.core.api.Assertions.assertThat;

class HybridSearcherTests {

	private static final int DIM = 32;

	/** The document only BM25 finds for the query "zanzibar". */
	private static final String LEXICAL_ONLY = "doc-42";

	@TempDir
	Path dir;

	private ColbertIndex index;

	private LexicalIndex lexical;

	private HybridSearcher searcher;

	private TokenVectors query;

	@BeforeEach
	void build() {
		SyntheticCorpus corpus = SyntheticCorpus.generate(21, 300, 6, 12, DIM);
		List<IndexDocument> documents = new ArrayList<>();
		for (IndexDocument document : corpus.documents()) {
			String text = document.id().equals(LEXICAL_ONLY) ? "a trip to zanzibar" : document.text();
			documents.add(new IndexDocument(document.id(), text, document.metadata(), document.vectors()));
		}
		this.index = ColbertIndex.open(this.dir, IndexSettings.builder().centroids(64).build(), "m", DIM);
		this.index.add(documents);
		this.index.commit();
		this.lexical = LexicalIndex.open(this.dir.resolve("lexical"), LexicalSettings.defaults());
		LexicalSync.synchronize(this.lexical, this.index);
		this.searcher = new HybridSearcher(this.index, this.lexical);
		this.query = corpus.query(3, 8);
	}

	@AfterEach
	void close() {
		this.lexical.close();
		this.index.close();
	}

	@Test
	void reciprocalRankFusionAddsTheLexicalMatchWithItsExactMaxSim() {
		List<SearchHit> hits = this.searcher.search(this.query, "zanzibar", SearchParams.forK(5), null,
				HybridParams.of(FusionMode.RRF));
		assertThat(hits).hasSize(5).extracting(SearchHit::id).contains(LEXICAL_ONLY);
		assertThat(plaidIds(5)).doesNotContain(LEXICAL_ONLY);
		assertThat(hits).isSortedAccordingTo(Comparator.comparingDouble(SearchHit::fusedScore).reversed());
		Map<String, Double> exact = exactMaxSims();
		for (SearchHit hit : hits) {
			assertThat(hit.maxSim()).as("MaxSim of %s", hit.id()).isEqualTo(exact.get(hit.id()));
			assertThat(hit.lexicalMatch()).as("BM25 score of %s", hit.id()).isEqualTo(hit.id().equals(LEXICAL_ONLY));
		}
		assertThat(hits.get(0).fusedScore()).isLessThanOrEqualTo(1.0);
	}

	@Test
	void weightedSumFollowsItsWeight() {
		HybridParams sum = HybridParams.of(FusionMode.WEIGHTED_SUM);
		assertThat(this.searcher.search(this.query, "zanzibar", SearchParams.forK(5), null, sum.withLexicalWeight(1.0))
			.get(0)
			.id()).isEqualTo(LEXICAL_ONLY);
		assertThat(this.searcher.search(this.query, "zanzibar", SearchParams.forK(5), null, sum.withLexicalWeight(0.0)))
			.extracting(SearchHit::id)
			.containsExactlyElementsOf(plaidIds(5));
	}

	@Test
	void candidatesModeRanksTheUnionByExactMaxSim() {
		List<SearchHit> hits = this.searcher.search(this.query, "zanzibar doc", SearchParams.forK(5), null,
				HybridParams.of(FusionMode.CANDIDATES).withCandidates(300));
		assertThat(hits).hasSize(5).isSortedAccordingTo(Comparator.comparingDouble(SearchHit::maxSim).reversed());
		// every document contains "doc": the union is the whole collection, so the result is the exact top-5
		List<SearchHit> exhaustive = this.index.search(this.query, SearchParams.exhaustive(5));
		assertThat(hits).extracting(SearchHit::id).containsExactlyElementsOf(exhaustive.stream().map(SearchHit::id).toList());
		assertThat(hits).allSatisfy((hit) -> assertThat(hit.fusedScore()).isEqualTo((double) hit.score()));
	}

	@Test
	void aMetadataFilterAppliesToBothSides() {
		int group = (Integer) this.index.document(LEXICAL_ONLY).orElseThrow().metadata().get("group");
		int other = (group + 1) % 5;
		for (FusionMode fusion : FusionMode.values()) {
			DocumentFilter otherGroup = DocumentFilter.withCandidates(Candidates.anyOf("group", List.of(other)),
					(id, metadata) -> metadata.get("group").equals(other));
			List<SearchHit> hits = this.searcher.search(this.query, "zanzibar doc", SearchParams.forK(5), otherGroup,
					HybridParams.of(fusion));
			assertThat(hits).as(fusion.name()).isNotEmpty()
				.allSatisfy((hit) -> assertThat(hit.metadata().get("group")).isEqualTo(other));
			DocumentFilter sameGroup = (id, metadata) -> metadata.get("group").equals(group);
			if (fusion != FusionMode.CANDIDATES) {
				// an even lexical weight, so that a document only BM25 finds can reach the weighted sum's top 5
				assertThat(this.searcher.search(this.query, "zanzibar", SearchParams.forK(5), sameGroup,
						HybridParams.of(fusion).withLexicalWeight(0.5)))
					.as(fusion.name())
					.extracting(SearchHit::id)
					.contains(LEXICAL_ONLY);
			}
		}
	}

	@Test
	void fusionReadsAsManyOfPlaidsExactlyScoredDocumentsAsItHasCandidates() {
		SearchParams five = SearchParams.forK(5);
		assertThat(HybridSearcher.deeper(five, 100).k()).isEqualTo(five.ndocs() / 4);
		assertThat(HybridSearcher.deeper(five, 10).k()).isEqualTo(10);
		assertThat(HybridSearcher.deeper(five, 2).k()).isEqualTo(5);
		assertThat(HybridSearcher.deeper(five.withMode(SearchMode.EXHAUSTIVE), 100).k()).isEqualTo(100);
	}

	private List<String> plaidIds(int k) {
		return this.index.search(this.query, SearchParams.forK(k)).stream().map(SearchHit::id).toList();
	}

	private Map<String, Double> exactMaxSims() {
		Map<String, Double> exact = new HashMap<>();
		for (SearchHit hit : this.index.search(this.query, SearchParams.exhaustive(300))) {
			exact.put(hit.id(), hit.maxSim());
		}
		return exact;
	}

}
