package dev.colbert.lexical;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.index.Candidates;
import dev.colbert.index.DocumentFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LexicalIndexTests {

	@TempDir
	Path dir;

	private static final List<LexicalDocument> DOCUMENTS = List.of(
			new LexicalDocument("gen", "The emergency generator is tested every Tuesday by the facilities team",
					Map.of("team", "facilities", "year", 2021)),
			new LexicalDocument("cat", "The cat sat on the warm mat", Map.of("team", "pets", "year", 2019L)),
			new LexicalDocument("gens", "Generators and generating sets: a buyer's guide to generators",
					Map.of("team", "facilities", "tags", List.of("guide", "power"))),
			new LexicalDocument("none", "Nothing about that here", Map.of()));

	@Test
	void findsDocumentsByStemmedTermsBestFirstAndSeesOnlyCommittedChanges() {
		try (LexicalIndex index = LexicalIndex.open(this.dir, LexicalSettings.defaults())) {
			index.update(DOCUMENTS);
			assertThat(index.search("generator", 10, null)).as("staged, not committed").isEmpty();
			index.commit(7);
			assertThat(index.generation()).isEqualTo(7);
			List<LexicalHit> hits = index.search("Which generators are tested?", 10, null);
			assertThat(hits).extracting(LexicalHit::id).containsExactlyInAnyOrder("gen", "gens");
			assertThat(hits.get(0).score()).isGreaterThanOrEqualTo(hits.get(1).score());
			assertThat(index.search("the of and", 10, null)).as("stop words only").isEmpty();
			assertThat(index.documents()).isEqualTo(4);
		}
	}

	@Test
	void filtersApplyWithAndWithoutCandidateTerms() {
		try (LexicalIndex index = LexicalIndex.open(this.dir, LexicalSettings.defaults())) {
			index.update(DOCUMENTS);
			index.commit(1);
			DocumentFilter pets = DocumentFilter.withCandidates(Candidates.anyOf("team", List.of("pets")),
					(id, metadata) -> "pets".equals(metadata.get("team")));
			assertThat(index.search("generator cat", 10, pets)).extracting(LexicalHit::id).containsExactly("cat");
			DocumentFilter notPets = (id, metadata) -> !"pets".equals(metadata.get("team"));
			assertThat(index.search("generator cat", 10, notPets)).extracting(LexicalHit::id)
				.containsExactlyInAnyOrder("gen", "gens");
			DocumentFilter guides = DocumentFilter.withCandidates(Candidates.anyOf("tags", List.of("guide")),
					(id, metadata) -> true);
			assertThat(index.search("generator", 10, guides)).extracting(LexicalHit::id).containsExactly("gens");
			DocumentFilter year = DocumentFilter.withCandidates(Candidates.anyOf("year", List.of(2019.0)),
					(id, metadata) -> true);
			assertThat(index.search("cat generator", 10, year)).extracting(LexicalHit::id).containsExactly("cat");
			DocumentFilter ids = DocumentFilter.withCandidates(Candidates.ids(List.of("gens")), (id, metadata) -> true);
			assertThat(index.search("generator", 10, ids)).extracting(LexicalHit::id).containsExactly("gens");
		}
	}

	@Test
	void updatesReplaceDeletesRemoveAndRollbackDiscards() {
		try (LexicalIndex index = LexicalIndex.open(this.dir, LexicalSettings.defaults())) {
			index.update(DOCUMENTS);
			index.commit(1);
			index.update(List.of(new LexicalDocument("cat", "A dog chased the ball", Map.of())));
			index.delete(List.of("gens", "unknown"));
			index.commit(2);
			assertThat(index.search("cat", 10, null)).isEmpty();
			assertThat(index.search("dog generators", 10, null)).extracting(LexicalHit::id)
				.containsExactlyInAnyOrder("cat", "gen");
			index.delete(List.of("gen"));
			index.rollback();
			index.commit(3);
			assertThat(index.contentHashes()).containsOnlyKeys("gen", "cat", "none");
			assertThat(index.generation()).isEqualTo(3);
		}
	}

	@Test
	void theCommitTagAndDocumentsSurviveAReopenButStagedChangesDoNot() {
		try (LexicalIndex index = LexicalIndex.open(this.dir, LexicalSettings.defaults())) {
			index.update(DOCUMENTS);
			index.commit(5);
			index.delete(List.of("gen"));
		}
		try (LexicalIndex index = LexicalIndex.open(this.dir, LexicalSettings.defaults())) {
			assertThat(index.generation()).isEqualTo(5);
			assertThat(index.analyzerChanged()).isFalse();
			assertThat(index.contentHashes()).hasSize(4);
		}
		try (LexicalIndex index = LexicalIndex.open(this.dir, LexicalSettings.defaults().withAnalyzer("standard"))) {
			assertThat(index.analyzerChanged()).isTrue();
		}
	}

	@Test
	void aDirectoryLuceneCannotReadIsEmptiedAndStartsOver() throws Exception {
		Files.writeString(this.dir.resolve("segments_3"), "not a Lucene commit");
		try (LexicalIndex index = LexicalIndex.open(this.dir, LexicalSettings.defaults())) {
			assertThat(index.generation()).isEqualTo(-1);
			assertThat(index.documents()).isZero();
		}
	}

	@Test
	void contentHashesIgnoreMapOrderAndNumberTypes() {
		assertThat(ContentHash.of("t", Map.of("a", 5, "b", List.of("x", 2.0))))
			.isEqualTo(ContentHash.of("t", Map.of("b", List.of("x", 2L), "a", 5.0)));
		assertThat(ContentHash.of("t", Map.of("a", 5))).isNotEqualTo(ContentHash.of("t", Map.of("a", "5")));
		assertThat(ContentHash.of("t", Map.of())).isNotEqualTo(ContentHash.of("u", Map.of()));
	}

	@Test
	void analyzersByNameAndByClassAndUnknownOnesRefused() {
		assertThat(LexicalAnalyzers.create("English")).isNotNull();
		assertThat(LexicalAnalyzers.create("org.apache.lucene.analysis.fr.FrenchAnalyzer")).isNotNull();
		assertThatIllegalArgumentException().isThrownBy(() -> LexicalAnalyzers.create("klingon"))
			.withMessageContaining("'klingon'")
			.withMessageContaining("english, standard");
		assertThatIllegalArgumentException().isThrownBy(() -> LexicalAnalyzers.create("java.lang.String"))
			.withMessageContaining("not a Lucene Analyzer");
		assertThatIllegalArgumentException().isThrownBy(() -> new LexicalSettings("english", -1f, 0.4f))
			.withMessageContaining("k1");
		assertThatIllegalArgumentException().isThrownBy(() -> new LexicalSettings("english", 0.9f, 1.5f))
			.withMessageContaining("b must be between 0 and 1");
	}

	@Test
	void explanationsNameTheQueryTermsAndWhereTheyOccur() {
		LexicalExplanation explanation = LexicalExplainer.forAnalyzer("english")
			.explain("When are the generators tested?", "The emergency generator is tested; generators too.");
		assertThat(explanation.matchedTerms()).containsExactly("gener", "test");
		LexicalExplanation.TermMatch generators = explanation.terms().stream()
			.filter((t) -> t.queryText().equals("generators"))
			.findFirst()
			.orElseThrow();
		assertThat(generators.frequency()).isEqualTo(2);
		assertThat(generators.documentSpans()).extracting(LexicalExplanation.Span::text)
			.containsExactly("generator", "generators");
		assertThat(generators.queryStart()).isEqualTo(13);
	}

}
