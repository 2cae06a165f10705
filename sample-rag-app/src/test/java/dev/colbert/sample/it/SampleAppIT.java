package dev.colbert.sample.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.colbert.index.IndexStats;
import dev.colbert.sample.SampleProperties;
import dev.colbert.sample.SampleRagApplication;
import dev.colbert.store.TokenVectorStore;
import dev.colbert.store.embedded.EmbeddedTokenVectorStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP API of the running application on the small test knowledge base ({@code test-kb/*.md}, 6 chunks encoded
 * in batches of 2 and stored in one commit): search with token matches, adding and removing
 * documents, the answer without a chat model, and 4xx answers with a message for every kind of bad input.
 */
@SpringBootTest(classes = SampleRagApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { TestApplication.TEST_KB, TestApplication.TEST_BATCH, TestApplication.TEST_INDEX,
				TestApplication.TEST_MANIFEST })
class SampleAppIT {

	@LocalServerPort
	int port;

	@Autowired
	TokenVectorStore tokenVectorStore;

	@Autowired
	SampleProperties properties;

	SampleHttp http;

	@BeforeEach
	void awaitKnowledgeBase() throws InterruptedException {
		this.http = new SampleHttp(this.port);
		this.http.awaitIngestion();
	}

	@Test
	void ingestsTheKnowledgeBaseWithACodecTrainedOnAllOfIt() {
		JsonNode status = this.http.get("/api/status").json();
		assertThat(status.path("ingestion").path("files").asInt()).isEqualTo(3);
		int chunks = status.path("ingestion").path("chunksTotal").asInt();
		assertThat(chunks).isBetween(3, 12);
		assertThat(status.path("store").path("documents").asLong()).isGreaterThanOrEqualTo(chunks);
		assertThat(status.path("chatModelConfigured").asBoolean()).isFalse();
		IndexStats stats = ((EmbeddedTokenVectorStore) this.tokenVectorStore).index().stats();
		assertThat(stats.codecPlannedVectors()).as("centroids planned for the whole knowledge base, not its first batch")
			.isGreaterThanOrEqualTo(stats.tokenVectors() - 200);
		assertThat(stats.reclusterAdvisable()).isFalse();
		assertThat(this.properties.getKnowledgeBase().getManifest()).exists();
	}

	@Test
	void searchRanksTheMatchingChunkFirstWithItsTokenMatches() {
		SampleHttp.Response response = this.http.get("/api/search?q=" + SampleHttp.encode("foghorn blasts in fog")
				+ "&k=3");
		assertThat(response.status()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.path("k").asInt()).isEqualTo(3);
		JsonNode results = body.path("results");
		assertThat(results.size()).isEqualTo(3);
		JsonNode first = results.get(0);
		assertThat(first.path("documentId").asString()).isEqualTo("kb:lighthouses.md");
		assertThat(first.path("metadata").path("section").asString()).isEqualTo("Fog signals");
		assertThat(first.path("metadata").path("url").asString()).isEqualTo("https://example.org/lighthouses");
		assertThat(first.path("score").asDouble()).isGreaterThan(results.get(2).path("score").asDouble());
		String text = first.path("text").asString();
		List<String> matched = new ArrayList<>();
		for (JsonNode token : first.path("match").path("tokens")) {
			if (token.path("start").asInt() >= 0) {
				// offsets point at the matched token in the chunk text
				assertThat(text.substring(token.path("start").asInt(), token.path("end").asInt()))
					.isEqualTo(token.path("documentToken").asString());
			}
			if (!token.path("queryToken").isNull()) {
				matched.add(token.path("queryToken").asString() + "->" + token.path("documentToken").asString());
			}
		}
		assertThat(matched).contains("fog->fog", "blasts->blasts");
		assertThat(this.http.get("/api/search?q=sourdough&explain=false").json().path("results").get(0).path("match")
			.isNull()).isTrue();
	}

	@Test
	void hybridSearchFusesBm25AndShowsTheLexicalMatches() {
		JsonNode body = this.http.get("/api/search?q=" + SampleHttp.encode("foghorn blasts in fog")
				+ "&k=3&mode=hybrid&fusion=rrf").json();
		assertThat(body.path("mode").asString()).isEqualTo("hybrid");
		assertThat(body.path("fusion").asString()).isEqualTo("rrf");
		JsonNode first = body.path("results").get(0);
		assertThat(first.path("documentId").asString()).isEqualTo("kb:lighthouses.md");
		assertThat(first.path("bm25").asDouble()).isPositive();
		assertThat(first.path("lateInteractionScore").asDouble()).isPositive();
		String text = first.path("text").asString();
		List<String> lexical = new ArrayList<>();
		for (JsonNode term : first.path("lexical")) {
			for (JsonNode span : term.path("spans")) {
				lexical.add(term.path("queryToken").asString() + "->"
						+ text.substring(span.get(0).asInt(), span.get(1).asInt()).toLowerCase());
			}
		}
		assertThat(lexical).contains("fog->fog");
		assertThat(first.path("match").path("tokens").size()).as("late-interaction match too").isPositive();
		// without mode: the configured one, colbert.retriever.mode, which is hybrid with the weighted sum by default
		JsonNode byDefault = this.http.get("/api/search?q=" + SampleHttp.encode("foghorn blasts in fog") + "&k=3").json();
		assertThat(byDefault.path("mode").asString()).isEqualTo("hybrid");
		assertThat(byDefault.path("fusion").asString()).isEqualTo("weighted-sum");
		assertThat(byDefault.path("results").get(0).path("documentId").asString()).isEqualTo("kb:lighthouses.md");
		assertThat(byDefault.path("results").get(0).path("bm25").asDouble()).isPositive();
		// late interaction, asked for, still explains lexical matches, without BM25 scores
		JsonNode late = this.http.get("/api/search?q=" + SampleHttp.encode("fog") + "&k=1&mode=late-interaction").json();
		assertThat(late.path("mode").asString()).isEqualTo("late-interaction");
		assertThat(late.path("fusion").isNull()).isTrue();
		assertThat(late.path("results").get(0).path("bm25").isNull()).isTrue();
		assertThat(late.path("results").get(0).path("lexical").size()).isPositive();
		assertProblem(this.http.get("/api/search?q=fog&mode=bm25"), 400, "mode is 'bm25' but must be late-interaction or hybrid");
		assertProblem(this.http.get("/api/search?q=fog&mode=hybrid&fusion=max"), 400,
				"fusion is 'max' but must be rrf, weighted-sum or candidates");
	}

	@Test
	void documentsAreAddedFoundAndRemoved() {
		SampleHttp.Response added = this.http.postJson("/api/documents",
				"{\"title\": \"Chart room\", \"text\": \"The cartographer varnished the walnut sextant cases every Thursday.\"}");
		assertThat(added.status()).as(added.body()).isEqualTo(201);
		String id = added.json().path("id").asString();
		assertThat(added.json().path("chunks").get(0).asString()).isEqualTo(id + "#0");
		JsonNode first = this.http.get("/api/search?q=" + SampleHttp.encode("walnut sextant cases") + "&k=1").json()
			.path("results").get(0);
		assertThat(first.path("documentId").asString()).isEqualTo(id);
		assertThat(first.path("metadata").path("title").asString()).isEqualTo("Chart room");
		assertThat(first.path("metadata").path("origin").asString()).isEqualTo("upload");

		SampleHttp.Response uploaded = this.http.upload("/api/documents", "glaciers.md",
				"# Glaciers\n\nA glacier moves downhill under its own weight, carving cirques and fjords.\n"
					.getBytes(StandardCharsets.UTF_8));
		assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
		assertThat(uploaded.json().path("title").asString()).isEqualTo("Glaciers");
		String uploadedId = uploaded.json().path("id").asString();
		assertThat(this.http.get("/api/search?q=" + SampleHttp.encode("glacier carving fjords") + "&k=1").json()
			.path("results").get(0).path("documentId").asString()).isEqualTo(uploadedId);

		SampleHttp.Response removed = this.http.delete("/api/documents/" + id);
		assertThat(removed.status()).isEqualTo(200);
		assertThat(removed.json().path("chunksRemoved").asInt()).isEqualTo(1);
		assertThat(this.http.delete("/api/documents/" + uploadedId).status()).isEqualTo(200);
		for (JsonNode result : this.http.get("/api/search?q=" + SampleHttp.encode("walnut sextant glacier") + "&k=20")
			.json()
			.path("results")) {
			assertThat(result.path("documentId").asString()).isNotIn(id, uploadedId);
		}
		assertThat(this.http.delete("/api/documents/" + id).status()).isEqualTo(404);
	}

	@Test
	void askWithoutAChatModelSaysSoAndReturnsTheRetrievedContext() {
		SampleHttp.Response response = this.http.postJson("/api/ask", "{\"question\": \"How do bakers feed a sourdough starter?\"}");
		assertThat(response.status()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.path("chatModelConfigured").asBoolean()).isFalse();
		assertThat(body.path("answer").isNull()).isTrue();
		assertThat(body.path("message").asString()).startsWith("No chat model is configured");
		assertThat(body.path("context").size()).isBetween(1, 4);
		assertThat(body.path("context").get(0).path("documentId").asString()).isEqualTo("kb:sourdough.md");
	}

	@Test
	void badRequestsGetA4xxProblemDetailWithAMessage() throws IOException {
		String huge = "wal ".repeat(200);
		assertProblem(this.http.get("/api/search"), 400, "The q is empty");
		assertProblem(this.http.get("/api/search?q=%20%20"), 400, "The q is empty");
		assertProblem(this.http.get("/api/search?q=" + SampleHttp.encode(huge)), 400, "more than the 500 allowed");
		assertProblem(this.http.get("/api/search?q=fog&k=0"), 400, "k is 0 but must be between 1 and 100");
		assertProblem(this.http.get("/api/search?q=fog&k=101"), 400, "k is 101 but must be between 1 and 100");
		assertProblem(this.http.get("/api/search?q=fog&k=ten"), 400, "'ten' is not a valid value for k");
		assertProblem(this.http.get("/api/search?q=fog&explain=maybe"), 400, "is not a valid value for explain");
		assertProblem(this.http.postJson("/api/ask", "{}"), 400, "The question is empty");
		assertProblem(this.http.postJson("/api/ask", "{\"question\": "), 400, null);
		assertProblem(this.http.postJson("/api/documents", "{\"title\": \"no text\"}"), 400, "has no text");
		assertProblem(this.http.postJson("/api/documents", "{\"text\": \"x\", \"format\": \"pdf\"}"), 400,
				"Unknown format 'pdf'");
		assertProblem(this.http.postJson("/api/documents", "{\"text\": \"" + "a ".repeat(100_001) + "\"}"), 413,
				"more than the 200000 allowed");
		assertProblem(this.http.upload("/api/documents", "paper.pdf", "%PDF-1.4".getBytes(StandardCharsets.US_ASCII)),
				415, "Unsupported file type '.pdf'");
		assertProblem(this.http.upload("/api/documents", "empty.txt", new byte[0]), 400, "is empty");
		assertProblem(this.http.upload("/api/documents", "latin1.txt", new byte[] { 'c', 'a', 'f', (byte) 0xE9 }), 415,
				"is not UTF-8 text");
		assertProblem(this.http.upload("/api/documents", "big.txt", new byte[1_100_000]), 413, null);
		assertProblem(this.http.delete("/api/documents/doc-unknown"), 404, "No document with id 'doc-unknown'");
		Path textFile = Files.createTempFile("sample", ".csv");
		assertProblem(this.http.upload("/api/documents", textFile.getFileName().toString(), "a,b".getBytes()), 415,
				"Unsupported file type '.csv'");
	}

	private static void assertProblem(SampleHttp.Response response, int status, String detail) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		if (detail != null) {
			assertThat(response.json().path("detail").asString()).contains(detail);
		}
	}

	@Test
	void actuatorExposesHealth() {
		SampleHttp.Response health = this.http.get("/actuator/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().path("status").asString()).isEqualTo("UP");
	}

}
