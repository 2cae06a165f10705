package dev.colbert.opensearch;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.colbert.lexical.LexicalSettings;
import dev.colbert.opensearch.IndexLayout.IndexModel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link IndexLayout}: the mapping a new index gets and the model check of an existing one.
 */
class IndexLayoutTests {

	private final IndexModel model = new IndexModel(1, "fp-a", 128, CandidateGeneration.TOKEN_KNN,
			LexicalSettings.defaults());

	@Test
	void tokenLayoutMapsNestedLuceneHnswVectorsAndKeepsThemOutOfSource() {
		OpenSearchStoreSettings settings = OpenSearchStoreSettings.builder().indexName("p").shards(2).replicas(1)
			.hnswM(24).build();
		String json = JsonText.of(IndexLayout.createIndexRequest(settings, this.model));
		assertThat(json).contains("\"number_of_shards\":2", "\"number_of_replicas\":1", "\"knn\":true")
			.contains("\"dynamic\":\"strict\"", "\"date_detection\":false", "\"numeric_detection\":false")
			.contains("\"_source\":{\"excludes\":[\"tokens\"]}")
			.contains("\"tokens\":{\"type\":\"nested\",\"properties\":{\"vector\":{\"type\":\"knn_vector\"")
			.contains("\"dimension\":128", "\"engine\":\"lucene\"", "\"space_type\":\"innerproduct\"", "\"m\":24")
			.contains("\"vectors\":{\"type\":\"object\",\"enabled\":false}")
			.contains("\"metadata_types\":{\"type\":\"object\",\"enabled\":false}")
			.contains("\"path_match\":\"metadata.*\"", "\"match_mapping_type\":\"string\"",
					"{\"type\":\"keyword\",\"ignore_above\":8191}", "\"match_mapping_type\":\"long\"")
			.contains("\"_meta\":{\"colbert\":{\"format\":1,\"model_fingerprint\":\"fp-a\",\"dim\":128,"
					+ "\"candidate_generation\":\"token_knn\",\"similarity\":\"cosinesimil\",\"lexical\":{\"analyzer\":"
					+ "\"english\",\"k1\":0.9,\"b\":0.4}}}")
			.doesNotContain("pooled_vector");
	}

	@Test
	void theTextIsIndexedForBm25WithTheAnalyzerAndSimilarityOfTheSettings() {
		IndexModel french = this.model.withLexical(new LexicalSettings("french", 1.2f, 0.75f));
		String json = JsonText.of(IndexLayout.createIndexRequest(OpenSearchStoreSettings.defaults(), french));
		assertThat(json).contains("\"similarity\":{\"colbert_bm25\":{\"type\":\"BM25\",\"k1\":1.2,\"b\":0.75}}")
			.contains("\"text\":{\"type\":\"text\",\"similarity\":\"colbert_bm25\",\"analyzer\":\"french\",\"index\":true}");
		IndexModel before = this.model.withLexical(null);
		assertThat(JsonText.of(IndexLayout.createIndexRequest(OpenSearchStoreSettings.defaults(), before)))
			.contains("\"text\":{\"type\":\"text\",\"index\":false}")
			.doesNotContain("colbert_bm25")
			.doesNotContain("\"lexical\"");
		assertThat(IndexModel.fromMeta("p", before.toMeta())).isEqualTo(before);
		assertThat(IndexModel.fromMeta("p", french.toMeta())).isEqualTo(french);
	}

	@Test
	void pooledLayoutHasOnePooledVectorNoNestedTokensAndNoSourceFilter() {
		IndexModel pooled = new IndexModel(1, "fp-a", 96, CandidateGeneration.POOLED_KNN, null);
		String json = JsonText.of(IndexLayout.mapping(OpenSearchStoreSettings.defaults(), pooled));
		assertThat(json).contains("\"pooled_vector\":{\"type\":\"knn_vector\"", "\"dimension\":96",
				"\"candidate_generation\":\"pooled_knn\"")
			.doesNotContain("nested")
			.doesNotContain("excludes");
	}

	@Test
	void metaRoundTripsAndMismatchesNameBothValues() {
		IndexModel read = IndexModel.fromMeta("p", this.model.toMeta());
		assertThat(read).isEqualTo(this.model);
		this.model.checkCompatible("p", read);

		assertThatIllegalStateException()
			.isThrownBy(() -> this.model.checkCompatible("p", new IndexModel(1, "fp-b", 128,
					CandidateGeneration.TOKEN_KNN, null)))
			.withMessageContaining("index 'p' holds vectors of model fp-b, but the configured encoder is fp-a");
		assertThatIllegalStateException()
			.isThrownBy(() -> this.model.checkCompatible("p", new IndexModel(1, "fp-a", 96,
					CandidateGeneration.TOKEN_KNN, null)))
			.withMessage("index 'p' holds 96-dimensional vectors, the configured encoder produces 128");
		assertThatIllegalStateException()
			.isThrownBy(() -> this.model.checkCompatible("p", new IndexModel(1, "fp-a", 128,
					CandidateGeneration.POOLED_KNN, null)))
			.withMessageContaining("was created for candidate generation POOLED_KNN, the settings ask for TOKEN_KNN");
		assertThatIllegalStateException()
			.isThrownBy(() -> this.model.checkCompatible("p", new IndexModel(2, "fp-a", 128,
					CandidateGeneration.TOKEN_KNN, null)))
			.withMessageContaining("has layout format 2, this store writes format 1");
	}

	@Test
	void foreignOrBrokenMetaIsRefused() {
		assertThatIllegalStateException().isThrownBy(() -> IndexModel.fromMeta("logs", null))
			.withMessageContaining("index 'logs' exists but was not created by this store");
		assertThatIllegalStateException().isThrownBy(() -> IndexModel.fromMeta("p", Map.of("format", 1)))
			.withMessageContaining("_meta.colbert {format=1} is malformed");
	}

}
