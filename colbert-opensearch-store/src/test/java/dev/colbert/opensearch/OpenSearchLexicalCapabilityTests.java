package dev.colbert.opensearch;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opensearch.client.opensearch.OpenSearchClient;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.hybrid.FusionMode;
import dev.colbert.hybrid.HybridParams;
import dev.colbert.lexical.LexicalSettings;
import dev.colbert.opensearch.IndexLayout.IndexModel;
import dev.colbert.store.StoreQuery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Whether a store over an existing index answers lexical (hybrid) queries, read from the index's {@code _meta}, against
 * a scripted HTTP server that answers the two requests a store makes when it opens an existing index (no cluster).
 */
class OpenSearchLexicalCapabilityTests {

	private static final ObjectMapper json = new ObjectMapper();

	private static final String INDEX = "passages";

	private HttpServer server;

	private OpenSearchClient client;

	@AfterEach
	void stop() throws IOException {
		if (this.client != null) {
			this.client._transport().close();
		}
		if (this.server != null) {
			this.server.stop(0);
		}
	}

	/** Serves an existing index whose {@code _meta.colbert} is {@code model}'s. */
	private OpenSearchTokenVectorStore openStoreOver(IndexModel model) throws IOException {
		String mapping = json.writeValueAsString(
				Map.of(INDEX, Map.of("mappings", Map.of("_meta", Map.of(IndexLayout.META_KEY, model.toMeta())))));
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", (exchange) -> {
			String path = exchange.getRequestURI().getPath();
			if (exchange.getRequestMethod().equals("HEAD") && path.equals("/" + INDEX)) {
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, -1);
				exchange.close();
			}
			else if (exchange.getRequestMethod().equals("GET") && path.equals("/" + INDEX + "/_mapping")) {
				respond(exchange, 200, mapping);
			}
			else {
				respond(exchange, 400, "{\"error\":{\"type\":\"unexpected\",\"reason\":\"unexpected request "
						+ exchange.getRequestMethod() + " " + path + "\"},\"status\":400}");
			}
		});
		this.server.start();
		this.client = OpenSearchClients
			.create(OpenSearchConnectionSettings.of("http://127.0.0.1:" + this.server.getAddress().getPort()));
		return OpenSearchTokenVectorStore.builder(this.client)
			.settings(OpenSearchStoreSettings.builder()
				.indexName(INDEX)
				.candidateGeneration(CandidateGeneration.TOKEN_KNN)
				.build())
			.model(model.modelFingerprint(), model.dim())
			.build();
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@ParameterizedTest(name = "BM25 text field: {0}")
	@ValueSource(booleans = { true, false })
	void theIndexMetaSaysWhetherTheStoreAnswersLexicalQueries(boolean lexical) throws IOException {
		IndexModel model = new IndexModel(IndexLayout.FORMAT_VERSION, "fp-a", 4, CandidateGeneration.TOKEN_KNN,
				lexical ? LexicalSettings.defaults() : null);
		try (OpenSearchTokenVectorStore store = openStoreOver(model)) {
			assertThat(store.supportsLexicalSearch()).isEqualTo(lexical);
			assertThat(store.lexicalExplainer().isPresent()).isEqualTo(lexical);
			if (!lexical) {
				StoreQuery hybrid = StoreQuery.of(TokenVectors.of(new float[] { 1, 0, 0, 0 }, 1, 4), 3)
					.withHybrid("solar", HybridParams.of(FusionMode.WEIGHTED_SUM));
				assertThatIllegalStateException().isThrownBy(() -> store.search(hybrid))
					.withMessageContaining("does not have: it was created before hybrid search")
					.withMessageContaining("Reindex into a new index");
			}
		}
	}

}
