package dev.colbert.opensearch;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.Request;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

import dev.colbert.opensearch.codes.MaxSimScript;

/**
 * Whether every data node of the cluster has the ColBERT plugin ({@value MaxSimScript#PLUGIN_NAME}), which rescores
 * PLAID candidates on the shards: {@code GET _nodes/data:true/plugins}.
 */
final class ShardPluginProbe {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private ShardPluginProbe() {
	}

	/** The data nodes, and those of them without the plugin. */
	static Presence check(OpenSearchClient client) throws IOException {
		Request request = Requests.builder()
			.method("GET")
			.endpoint("/_nodes/data:true/plugins")
			.query(Map.of("filter_path", "nodes.*.name,nodes.*.plugins.name"))
			.build();
		try (Response response = client.generic().execute(request)) {
			Body body = response.getBody().orElseThrow(() -> new IOException("_nodes/plugins answered HTTP "
					+ response.getStatus() + " without a body"));
			if (response.getStatus() >= 300) {
				throw new IOException("_nodes/plugins answered HTTP " + response.getStatus());
			}
			try (InputStream stream = body.body()) {
				return parse(MAPPER.readTree(stream));
			}
		}
	}

	static Presence parse(JsonNode root) {
		int dataNodes = 0;
		List<String> without = new ArrayList<>();
		Iterator<Map.Entry<String, JsonNode>> nodes = root.path("nodes").fields();
		while (nodes.hasNext()) {
			Map.Entry<String, JsonNode> node = nodes.next();
			dataNodes++;
			boolean has = false;
			for (JsonNode plugin : node.getValue().path("plugins")) {
				has |= MaxSimScript.PLUGIN_NAME.equals(plugin.path("name").asText());
			}
			if (!has) {
				without.add(node.getValue().path("name").asText(node.getKey()));
			}
		}
		return new Presence(dataNodes, without);
	}

	/**
	 * @param dataNodes the cluster's data nodes
	 * @param without the names of those that lack the plugin
	 */
	record Presence(int dataNodes, List<String> without) {

		boolean everywhere() {
			return this.dataNodes > 0 && this.without.isEmpty();
		}

	}

}
