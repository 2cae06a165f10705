package dev.colbert.autoconfigure;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated configuration metadata describes every property (IDE completion and documentation rely on it). */
class ConfigurationMetadataTests {

	@Test
	@SuppressWarnings("unchecked")
	void everyPropertyHasADescription() throws Exception {
		Map<String, Object> metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("generated META-INF/spring-configuration-metadata.json").isNotNull();
			metadata = JsonMapper.builder().build().readValue(in, Map.class);
		}
		List<Map<String, Object>> properties = (List<Map<String, Object>>) metadata.get("properties");
		List<String> undocumented = new ArrayList<>();
		for (Map<String, Object> property : properties) {
			Object description = property.get("description");
			if (!(description instanceof String text) || text.isBlank()) {
				undocumented.add((String) property.get("name"));
			}
		}

		assertThat(properties).extracting((property) -> property.get("name"))
			.contains("colbert.model", "colbert.encoder.query-max-length", "colbert.encoder.document-max-length",
					"colbert.encoder.dim", "colbert.encoder.batch-size", "colbert.encoder.threads",
					"colbert.store.type", "colbert.store.embedded.path", "colbert.store.embedded.nbits",
					"colbert.store.embedded.plaid.ncells", "colbert.store.embedded.plaid.centroid-score-threshold",
					"colbert.store.embedded.plaid.ndocs", "colbert.store.opensearch.uris", "colbert.retriever.top-k",
					"colbert.retriever.similarity-threshold", "colbert.retriever.filter-expression",
					"colbert.encoder.worker-threads", "colbert.encoder.query-threads", "management.health.colbert.enabled");
		assertThat(undocumented).as("properties without a description").isEmpty();
	}

}
