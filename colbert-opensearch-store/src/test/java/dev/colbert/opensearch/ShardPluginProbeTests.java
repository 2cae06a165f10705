package dev.colbert.opensearch;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShardPluginProbeTests {

	private final ObjectMapper mapper = new ObjectMapper();

	@Test
	void rescoresOnTheShardsOnlyWhenEveryDataNodeHasThePlugin() throws Exception {
		ShardPluginProbe.Presence all = ShardPluginProbe.parse(this.mapper.readTree("""
				{"nodes": {"a1": {"name": "node-1", "plugins": [{"name": "opensearch-knn"},
				  {"name": "colbert-opensearch-plugin"}]},
				 "b2": {"name": "node-2", "plugins": [{"name": "colbert-opensearch-plugin"}]}}}"""));
		assertThat(all.dataNodes()).isEqualTo(2);
		assertThat(all.everywhere()).isTrue();

		ShardPluginProbe.Presence some = ShardPluginProbe.parse(this.mapper.readTree("""
				{"nodes": {"a1": {"name": "node-1", "plugins": [{"name": "colbert-opensearch-plugin"}]},
				 "b2": {"name": "node-2", "plugins": [{"name": "opensearch-knn"}]}, "c3": {"name": "node-3"}}}"""));
		assertThat(some.everywhere()).isFalse();
		assertThat(some.without()).containsExactly("node-2", "node-3");

		assertThat(ShardPluginProbe.parse(this.mapper.readTree("{}")).everywhere()).as("no data node").isFalse();
	}

}
