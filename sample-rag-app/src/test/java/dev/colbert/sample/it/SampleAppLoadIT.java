package dev.colbert.sample.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.ColbertIndex;
import dev.colbert.reliability.ReliabilityRun;
import dev.colbert.reliability.http.Corpus;
import dev.colbert.reliability.http.HttpLoad;
import dev.colbert.sample.SampleRagApplication;
import dev.colbert.store.TokenVectorStore;
import dev.colbert.store.embedded.EmbeddedTokenVectorStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load on the sample application itself ({@link SampleRagApplication}, its own configuration and model, bge-small):
 * {@value HttpLoad#READERS} query threads ({@code GET /api/search}) and one writer ({@code POST /api/documents} as JSON
 * and as multipart uploads of {@code .md} and {@code .txt} files, {@code DELETE /api/documents/{id}}) over HTTP/1.1 on
 * 127.0.0.1 for 15 s (60 s with {@code -Dreliability.long=true}, or {@code -Dreliability.load.seconds=N}).
 *
 * <p>The run and its checks are colbert-reliability's {@link HttpLoad} (from that module's test jar), the same as
 * its {@code HttpLoadTests} against a minimal web app: every answer must be the exact top-k (ids, normalized scores
 * within 1e-3 of the reference MaxSim of the stored vectors, order, nothing better left out) of one of the index
 * states between the commit generation seen before the request and the one seen after the answer; errors and wrong
 * answers must be 0 and the heap after GC may not grow by more than 64 MB + 50%. p50/p99, throughput, requests
 * served, heap after GC and RSS at start and end go to {@code target/reliability/figures.md}.
 *
 * <p>Two settings differ from the sample's defaults, both through its ordinary properties: the vector store searches
 * in exhaustive mode ({@code colbert.vector-store.search-mode=exhaustive}), so that "exact" is the contract the
 * answers are checked against (the default PLAID is approximate by design; its quality is measured by colbert-eval),
 * and the knowledge base is {@value #CORPUS} short generated Markdown files ({@code sample.knowledge-base.location}),
 * ingested by the sample's own start-up ingestion, instead of the bundled one (281 chunks, too slow to encode in
 * {@code verify}). One search in four with k 1 or 5 (one in eight in all) asks for the token-level explanation
 * ({@code explain=true}, the web page's default), which re-encodes every returned chunk with the document encoder; the
 * others do not, so that the run mostly measures search rather than document encoding.
 *
 * <p>With the real bge-small encoder on a small shared machine a search takes seconds under this load, so the run
 * counts if it served at least 2 answers per reader and 2 writes (3 index states); its verdict is errors and wrong
 * answers, not speed. On the saturated development machine (load average 15 on 2 cores) the 15 s run served 27
 * searches and 4 writes, the 60 s run 117 and 21.
 */
@DirtiesContext
@SpringBootTest(classes = SampleRagApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "colbert.vector-store.search-mode=exhaustive", "sample.knowledge-base.batch-size=64" })
class SampleAppLoadIT {

	/** Knowledge-base files, one chunk each. */
	static final int CORPUS = 200;

	/** Below this many live chunks the writer only adds. */
	private static final int FLOOR = 150;

	private static final JsonMapper json = JsonMapper.builder().build();

	@DynamicPropertySource
	static void knowledgeBase(DynamicPropertyRegistry registry) throws IOException {
		Path data = Path.of("target", "it-data", "load-" + UUID.randomUUID()).toAbsolutePath();
		Path kb = Files.createDirectories(data.resolve("kb"));
		for (int i = 0; i < CORPUS; i++) {
			Files.writeString(kb.resolve(fileName(i)), Corpus.text(i) + "\n", StandardCharsets.UTF_8);
		}
		registry.add("sample.knowledge-base.location", () -> kb.toUri() + "*.md");
		registry.add("sample.knowledge-base.manifest", () -> data.resolve("kb.properties").toString());
		registry.add("colbert.store.embedded.path", () -> data.resolve("index").toString());
	}

	private static String fileName(int i) {
		return String.format("c-%03d.md", i);
	}

	@LocalServerPort
	int port;

	@Autowired
	TokenVectorStore tokenVectorStore;

	@Autowired
	ColbertEncoder encoder;

	@Test
	void readersAndAWriterGetNoErrorsAndOnlyExactAnswers() throws Exception {
		int seconds = ReliabilityRun.intSetting("reliability.load.seconds", 15, 60);
		SampleHttp http = new SampleHttp(this.port);
		JsonNode status = http.awaitIngestion();
		assertThat(status.path("ingestion").path("state").asString()).isEqualTo("READY");
		assertThat(status.path("store").path("documents").asLong()).as("one chunk per knowledge-base file")
			.isEqualTo(CORPUS);
		ColbertIndex index = ((EmbeddedTokenVectorStore) this.tokenVectorStore).index();
		Map<String, TokenVectors> live = new LinkedHashMap<>();
		Map<String, List<String>> chunksOf = new LinkedHashMap<>();
		for (int i = 0; i < CORPUS; i++) {
			String document = "kb:" + fileName(i);
			live.put(document + "#0", index.vectors(document + "#0").orElseThrow());
			chunksOf.put(document, new ArrayList<>(List.of(document + "#0")));
		}

		HttpLoad.Settings settings = new HttpLoad.Settings("sample-rag-app (SampleRagApplication)",
				CORPUS + " knowledge-base chunks", seconds, Corpus.queries(40, 5), this.encoder::encodeQuery,
				() -> index.stats().generation(), HttpLoad.READERS * 2, 2);
		HttpLoad.run(settings, live, (query, k, random) -> {
			// late interaction asked for: the answers are checked against exact MaxSim (hybrid is the default)
			SampleHttp.Response response = http.get("/api/search?q=" + SampleHttp.encode(query) + "&k=" + k
					+ "&mode=late-interaction&explain=" + (k <= 5 && random.nextInt(4) == 0));
			return (response.status() != 200) ? new HttpLoad.Reply(response.status(), response.body(), null, null)
					: reply(response);
		}, new HttpLoad.Writer() {

			private int next;

			@Override
			public String write(Random random, Map<String, TokenVectors> state) {
				int op = random.nextInt(3);
				if (op == 2 && state.size() >= FLOOR) {
					List<String> documents = new ArrayList<>(chunksOf.keySet());
					String document = documents.get(random.nextInt(documents.size()));
					SampleHttp.Response response = http.delete("/api/documents/" + SampleHttp.encode(document));
					if (response.status() != 200) {
						return "DELETE " + document + ": " + response.status() + " " + response.body();
					}
					List<String> chunks = chunksOf.remove(document);
					int removed = response.json().path("chunksRemoved").asInt();
					if (removed != chunks.size()) {
						return "DELETE " + document + " removed " + removed + " chunks, expected " + chunks.size();
					}
					state.keySet().removeAll(chunks);
					return null;
				}
				int n = this.next++;
				String text = Corpus.text(10_000 + n);
				SampleHttp.Response response = (op == 1)
						? http.upload("/api/documents", "note-" + n + ((n % 2 == 0) ? ".md" : ".txt"),
								text.getBytes(StandardCharsets.UTF_8))
						: http.postJson("/api/documents", json.writeValueAsString(Map.of("title", "Note " + n, "text",
								text)));
				if (response.status() != 201) {
					return "POST /api/documents: " + response.status() + " " + response.body();
				}
				List<String> chunks = new ArrayList<>();
				for (JsonNode chunk : response.json().path("chunks")) {
					chunks.add(chunk.asString());
				}
				if (chunks.isEmpty()) {
					return "POST /api/documents answered no chunks: " + response.body();
				}
				for (String chunk : chunks) {
					state.put(chunk, index.vectors(chunk).orElseThrow());
				}
				chunksOf.put(response.json().path("id").asString(), chunks);
				return null;
			}

		});
	}

	private static HttpLoad.Reply reply(SampleHttp.Response response) {
		JsonNode results = response.json().path("results");
		String[] ids = new String[results.size()];
		double[] scores = new double[results.size()];
		for (int i = 0; i < results.size(); i++) {
			ids[i] = results.get(i).path("id").asString();
			scores[i] = results.get(i).path("score").asDouble();
		}
		return new HttpLoad.Reply(200, response.body(), ids, scores);
	}

}
