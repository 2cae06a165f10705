package dev.colbert.spring.ai;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;

import dev.colbert.index.ColbertIndex;
import dev.colbert.index.IndexSettings;
import dev.colbert.search.SearchMode;
import dev.colbert.search.SearchParams;
import dev.colbert.store.embedded.EmbeddedTokenVectorStore;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded store hands every search's reference parameters to its operator and searches with the result. */
class EmbeddedSearchParametersTests {

	@TempDir
	Path directory;

	@Test
	void theOperatorSeesTheReferenceParametersAndItsResultIsUsed() {
		List<SearchParams> seen = new CopyOnWriteArrayList<>();
		try (WordHashEncoder encoder = new WordHashEncoder(32);
				EmbeddedTokenVectorStore store = new EmbeddedTokenVectorStore(
						ColbertIndex.open(this.directory, IndexSettings.defaults(), encoder.info().fingerprint(), 32),
						(params) -> {
							seen.add(params);
							return new SearchParams(1, params.ncells(), params.centroidScoreThreshold(), params.ndocs(),
									params.mode());
						})) {
			ColbertVectorStore vectorStore = ColbertVectorStore.builder(encoder, store).build();
			vectorStore.add(List.of(new Document("a", "red apples", Map.of()), new Document("b", "red cherries", Map.of()),
					new Document("c", "red roses", Map.of())));

			List<Document> plaid = vectorStore.similaritySearch(SearchRequest.builder().query("red").topK(3).build());
			List<Document> exhaustive = vectorStore.search(new ColbertSearchRequest(
					SearchRequest.builder().query("red").topK(20).build(), SearchMode.EXHAUSTIVE, false));

			assertThat(seen).containsExactly(SearchParams.forK(3), SearchParams.exhaustive(20));
			assertThat(store.searchParams(3, SearchMode.PLAID))
				.isEqualTo(new SearchParams(1, 1, 0.5f, 256, SearchMode.PLAID));
			assertThat(plaid).hasSize(1);
			assertThat(exhaustive).hasSize(1);
		}
	}

}
