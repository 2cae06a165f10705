package dev.colbert.reliability.http;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.ColbertIndex;
import dev.colbert.reliability.ClusteredVectors;
import dev.colbert.reliability.ReliabilityRun;
import dev.colbert.store.embedded.EmbeddedTokenVectorStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load over HTTP on loopback: 8 query threads and one writer against {@link ReliabilityWebApp} for 15 s (60 s with
 * {@code -Dreliability.long=true}, or {@code -Dreliability.load.seconds=N}). Every answer is checked against the
 * exhaustive MaxSim answer for the index state it saw: the writer records, after each of its commits, the commit
 * generation and the stored (decompressed) vectors of what it wrote; a reader notes the generation before sending
 * and after the answer, and the answer must be the exact top-k (ids, scores within 1e-3, order) of one of the states
 * in between. Queries run in exhaustive mode so that "exact" is the contract (PLAID is approximate by design; its
 * quality is measured by colbert-eval, not here). Errors and wrong answers must both be 0; p50/p99, throughput and
 * heap after GC at start and end are reported.
 */
@DirtiesContext
@SpringBootTest(classes = ReliabilityWebApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HttpLoadTest {

	private static final int READERS = 8;

	private static final int CORPUS = 200;

	private static final int[] KS = { 1, 5, 10, 20 };

	private static final double TOLERANCE = 1e-3;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		WebAppTestSupport.register(registry, "load-index");
	}

	@LocalServerPort
	int port;

	@Autowired
	EmbeddedTokenVectorStore store;

	@Autowired
	ColbertEncoder encoder;

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	@Test
	void readersAndAWriterGetNoErrorsAndOnlyExactAnswers() throws Exception {
		int seconds = ReliabilityRun.intSetting("reliability.load.seconds", 15, 60);
		ColbertIndex index = this.store.index();
		List<String> queries = Corpus.queries(40, 5);
		// the writer's log: generation -> state (id -> stored vectors), starting with the ingested corpus
		TreeMap<Long, Map<String, TokenVectors>> states = new TreeMap<>();
		Map<String, TokenVectors> live = new LinkedHashMap<>();
		List<Map<String, Object>> documents = new ArrayList<>();
		for (int i = 0; i < CORPUS; i++) {
			documents.add(Map.of("id", "c-" + i, "text", Corpus.text(i), "metadata", Map.of("n", i, "kind", "corpus")));
		}
		for (int from = 0; from < CORPUS; from += 50) {
			HttpResponse<String> response = post("/api/documents", json(documents.subList(from, from + 50)));
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		}
		for (int i = 0; i < CORPUS; i++) {
			live.put("c-" + i, index.vectors("c-" + i).orElseThrow());
		}
		states.put(index.stats().generation(), new HashMap<>(live));

		// warm up, then measure heap after GC
		for (int i = 0; i < 20; i++) {
			get(searchPath(queries.get(i % queries.size()), 10));
		}
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		System.gc();
		long heapStart = memory.getHeapMemoryUsage().getUsed();
		long rssStart = rssBytes();

		AtomicBoolean stop = new AtomicBoolean();
		ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
		AtomicLong writes = new AtomicLong();
		List<Thread> threads = new ArrayList<>();
		for (int r = 0; r < READERS; r++) {
			Random random = new Random(100 + r);
			threads.add(new Thread(() -> {
				while (!stop.get()) {
					int q = random.nextInt(queries.size());
					int k = KS[random.nextInt(KS.length)];
					long before = index.stats().generation();
					long start = System.nanoTime();
					try {
						HttpResponse<String> response = get(searchPath(queries.get(q), k));
						long nanos = System.nanoTime() - start;
						long after = index.stats().generation();
						if (response.statusCode() != 200) {
							errors.add(response.statusCode() + " " + response.body());
							continue;
						}
						answers.add(Answer.parse(q, k, before, after, nanos, response.body()));
					}
					catch (Exception ex) {
						errors.add(ex.toString());
					}
				}
			}, "reader-" + r));
		}
		Map<Long, Map<String, TokenVectors>> writerStates = Collections.synchronizedMap(new LinkedHashMap<>());
		threads.add(new Thread(() -> {
			Random random = new Random(7);
			int next = 0;
			Map<String, TokenVectors> state = new HashMap<>(live);
			while (!stop.get()) {
				try {
					int op = random.nextInt(3);
					String id;
					HttpResponse<String> response;
					if (op == 0 || state.size() < 150) {
						id = "w-" + next++;
						response = post("/api/documents", json(List.of(Map.of("id", id, "text",
								Corpus.text(10_000 + next), "metadata", Map.of("kind", "written")))));
					}
					else if (op == 1) {
						id = "c-" + random.nextInt(CORPUS);
						response = post("/api/documents", json(List.of(Map.of("id", id, "text",
								Corpus.text(20_000 + random.nextInt(1_000_000)), "metadata", Map.of("kind", "replaced")))));
					}
					else {
						List<String> ids = new ArrayList<>(state.keySet());
						id = ids.get(random.nextInt(ids.size()));
						response = delete("/api/documents/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
					}
					if (response.statusCode() != 200) {
						errors.add("writer: " + response.statusCode() + " " + response.body());
						continue;
					}
					if (op == 2 && state.size() >= 150) {
						state.remove(id);
					}
					else {
						state.put(id, index.vectors(id).orElseThrow());
					}
					writerStates.put(index.stats().generation(), new HashMap<>(state));
					writes.incrementAndGet();
					Thread.sleep(20);
				}
				catch (Exception ex) {
					errors.add("writer: " + ex);
				}
			}
		}, "writer"));
		long runStart = System.nanoTime();
		threads.forEach(Thread::start);
		Thread.sleep(seconds * 1000L);
		stop.set(true);
		for (Thread thread : threads) {
			thread.join();
		}
		double elapsed = (System.nanoTime() - runStart) / 1e9;
		states.putAll(writerStates);
		System.gc();
		long heapEnd = memory.getHeapMemoryUsage().getUsed();
		long rssEnd = rssBytes();

		// check every answer against the exhaustive answer of the states it may have seen
		Map<String, TokenVectors> queryVectors = new HashMap<>();
		Map<Integer, IdentityHashMap<TokenVectors, Double>> scores = new HashMap<>();
		List<String> wrong = new ArrayList<>();
		long[] latencies = new long[answers.size()];
		int n = 0;
		for (Answer answer : answers) {
			latencies[n++] = answer.nanos();
			TokenVectors query = queryVectors.computeIfAbsent(queries.get(answer.query()), this.encoder::encodeQuery);
			IdentityHashMap<TokenVectors, Double> cache = scores.computeIfAbsent(answer.query(),
					(q) -> new IdentityHashMap<>());
			Long from = states.floorKey(answer.before());
			boolean matched = false;
			String why = null;
			for (Map.Entry<Long, Map<String, TokenVectors>> entry : states.subMap(from, true, answer.after(), true)
				.entrySet()) {
				why = answer.check(entry.getValue(), (vectors) -> cache.computeIfAbsent(vectors,
						(v) -> (double) ClusteredVectors.maxSim(query, v) / query.count()));
				if (why == null) {
					matched = true;
					break;
				}
			}
			if (!matched) {
				wrong.add("query '" + queries.get(answer.query()) + "' k " + answer.k() + " generations "
						+ answer.before() + ".." + answer.after() + ": " + why);
			}
		}
		Arrays.sort(latencies);
		ReliabilityRun.report("HTTP load", String.format(
				"- %d query threads + 1 writer, %.1f s over HTTP/1.1 on loopback (exhaustive mode), corpus %d documents%n"
						+ "- requests served: %d searches (%.1f/s) + %d writes (%d commits seen); errors: %d; wrong answers: %d%n"
						+ "- search latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n"
						+ "- every answer checked against the exhaustive top-k of the %d index states it could have seen%n"
						+ "- heap after GC: %.1f MB at start, %.1f MB at end; RSS %.0f MB at start, %.0f MB at end",
				READERS, elapsed, CORPUS, answers.size(), answers.size() / elapsed, writes.get(), states.size() - 1,
				errors.size(), wrong.size(), percentile(latencies, 0.50), percentile(latencies, 0.99),
				percentile(latencies, 1.0), states.size(), heapStart / 1e6, heapEnd / 1e6, rssStart / 1e6,
				rssEnd / 1e6));
		assertThat(errors).as("errors").isEmpty();
		assertThat(wrong).as("wrong answers").isEmpty();
		assertThat(answers.size()).as("searches served").isGreaterThan(READERS * 10);
		assertThat(writes.get()).as("writes").isGreaterThan(5);
		assertThat(heapEnd).as("heap after GC grows by less than 64 MB + 50%").isLessThan(heapStart * 3 / 2 + (64L << 20));
	}

	private static double percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
		return sorted[i] / 1e6;
	}

	private static long rssBytes() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
		}
		catch (Exception ex) {
			// not Linux
		}
		return -1;
	}

	private static String searchPath(String query, int k) {
		return "/api/search?mode=exhaustive&k=" + k + "&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		return this.client.send(HttpRequest.newBuilder(uri(path))
			.timeout(Duration.ofSeconds(120))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> delete(String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).DELETE().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private static String json(Object value) {
		return new com.google.gson.Gson().toJson(value);
	}

	/** One search answer as received. */
	record Answer(int query, int k, long before, long after, long nanos, String[] ids, double[] scores) {

		static Answer parse(int query, int k, long before, long after, long nanos, String body) {
			JsonArray results = JsonParser.parseString(body).getAsJsonObject().getAsJsonArray("results");
			String[] ids = new String[results.size()];
			double[] scores = new double[results.size()];
			for (int i = 0; i < results.size(); i++) {
				JsonObject hit = results.get(i).getAsJsonObject();
				ids[i] = hit.get("id").getAsString();
				JsonElement score = hit.get("score");
				scores[i] = score.getAsDouble();
			}
			return new Answer(query, k, before, after, nanos, ids, scores);
		}

		/** Null when this is the exact top-k of {@code state}, else why not. */
		String check(Map<String, TokenVectors> state, java.util.function.ToDoubleFunction<TokenVectors> score) {
			int expected = Math.min(this.k, state.size());
			if (this.ids.length != expected) {
				return this.ids.length + " results, expected " + expected;
			}
			double lowest = Double.POSITIVE_INFINITY;
			java.util.Set<String> returned = new java.util.HashSet<>();
			for (int i = 0; i < this.ids.length; i++) {
				TokenVectors vectors = state.get(this.ids[i]);
				if (vectors == null || !returned.add(this.ids[i])) {
					return this.ids[i] + " is not live (or repeated) in this state";
				}
				double reference = score.applyAsDouble(vectors);
				if (Math.abs(reference - this.scores[i]) > TOLERANCE) {
					return this.ids[i] + " scored " + this.scores[i] + ", exhaustive reference " + reference;
				}
				if (i > 0 && this.scores[i] > this.scores[i - 1] + 1e-9) {
					return "not sorted at rank " + i;
				}
				lowest = Math.min(lowest, reference);
			}
			for (Map.Entry<String, TokenVectors> entry : state.entrySet()) {
				if (!returned.contains(entry.getKey()) && score.applyAsDouble(entry.getValue()) > lowest + TOLERANCE) {
					return entry.getKey() + " (" + score.applyAsDouble(entry.getValue())
							+ ") is missing, better than returned " + lowest;
				}
			}
			return null;
		}

	}

}
