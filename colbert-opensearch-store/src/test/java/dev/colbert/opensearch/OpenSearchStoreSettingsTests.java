package dev.colbert.opensearch;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link OpenSearchStoreSettings} and {@link OpenSearchConnectionSettings}.
 */
class OpenSearchStoreSettingsTests {

	@Test
	void defaultsAreTheDocumentedOnes() {
		OpenSearchStoreSettings settings = OpenSearchStoreSettings.defaults();
		assertThat(settings.indexName()).isEqualTo("colbert");
		assertThat(settings.shards()).isEqualTo(1);
		assertThat(settings.replicas()).isEqualTo(1);
		assertThat(settings.candidateGeneration()).isEqualTo(CandidateGeneration.PLAID);
		assertThat(settings.plaid()).isEqualTo(OpenSearchPlaidSettings.defaults());
		assertThat(settings.candidatesPerQueryVector()).isEqualTo(64);
		assertThat(settings.rescoreWindow()).isEqualTo(64);
		assertThat(settings.bulkMaxBytes()).isEqualTo(16L << 20);
		assertThat(settings.refreshPolicy()).isEqualTo(RefreshPolicy.IMMEDIATE);
		assertThat(settings.searchTimeout()).isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void toBuilderRoundTrips() {
		OpenSearchStoreSettings settings = OpenSearchStoreSettings.builder()
			.indexName("passages")
			.shards(3)
			.replicas(2)
			.candidateGeneration(CandidateGeneration.POOLED_KNN)
			.pooledCandidates(500)
			.efSearch(200)
			.refreshPolicy(RefreshPolicy.WAIT_FOR)
			.maxBackoff(Duration.ofSeconds(3))
			.searchTimeout(Duration.ofMinutes(5))
			.build();
		assertThat(settings.toBuilder().build()).isEqualTo(settings);
	}

	@Test
	void outOfRangeValuesNameTheSettingAndTheRange() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OpenSearchStoreSettings.builder().searchTimeout(Duration.ofHours(2)).build())
			.withMessageContaining("searchTimeout must be between 0 (no limit) and 1 hour");
		assertThatIllegalArgumentException().isThrownBy(() -> OpenSearchStoreSettings.builder().shards(0).build())
			.withMessage("shards must be between 1 and 1024, was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> OpenSearchStoreSettings.builder().replicas(-1).build())
			.withMessage("replicas must be between 0 and 16, was -1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OpenSearchStoreSettings.builder().rescoreWindow(0).build())
			.withMessage("rescoreWindow must be between 1 and 10000, was 0");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OpenSearchStoreSettings.builder().bulkMaxBytes(200L << 20).build())
			.withMessageContaining("bulkMaxBytes must be between 1 MiB");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OpenSearchStoreSettings.builder()
				.initialBackoff(Duration.ofSeconds(5))
				.maxBackoff(Duration.ofSeconds(1))
				.build())
			.withMessageContaining("maxBackoff (PT1S) must not be shorter than initialBackoff (PT5S)");
	}

	@Test
	void indexNamesFollowOpenSearchRules() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OpenSearchStoreSettings.builder().indexName("Passages").build())
			.withMessage("indexName 'Passages' must be lower case");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OpenSearchStoreSettings.builder().indexName("_hidden").build())
			.withMessage("indexName '_hidden' must not start with _, - or +");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OpenSearchStoreSettings.builder().indexName("a b").build())
			.withMessage("indexName 'a b' must not contain ' '");
		assertThatIllegalArgumentException().isThrownBy(() -> OpenSearchStoreSettings.builder().indexName("").build())
			.withMessage("indexName '' is empty");
		assertThat(OpenSearchStoreSettings.builder().indexName("colbert-passages.v2").build().indexName())
			.isEqualTo("colbert-passages.v2");
	}

	@Test
	void connectionSettingsCheckUrisAndCredentials() {
		OpenSearchConnectionSettings settings = OpenSearchConnectionSettings.builder()
			.uri("http://a:9200")
			.uri(" https://b:9243 ")
			.credentials("admin", "secret")
			.build();
		assertThat(settings.uris()).hasSize(2);
		assertThat(settings.toString()).doesNotContain("secret").contains("******");
		assertThat(settings.connectTimeout()).isEqualTo(OpenSearchConnectionSettings.DEFAULT_CONNECT_TIMEOUT);
		assertThatIllegalArgumentException().isThrownBy(() -> OpenSearchConnectionSettings.builder().build())
			.withMessageContaining("at least one OpenSearch URI");
		assertThatIllegalArgumentException().isThrownBy(() -> OpenSearchConnectionSettings.of("localhost:9200"))
			.withMessageContaining("must start with http:// or https://");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OpenSearchConnectionSettings.builder().uri("http://a:9200").credentials("u", null).build())
			.withMessage("username and password must be given together (or neither)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OpenSearchConnectionSettings.builder()
				.uri("http://a:9200")
				.responseTimeout(Duration.ZERO)
				.build())
			.withMessage("responseTimeout must be positive, was PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> OpenSearchConnectionSettings.of("http://a:9200/prefix"))
			.withMessageContaining("path prefixes are not supported");
	}

}
