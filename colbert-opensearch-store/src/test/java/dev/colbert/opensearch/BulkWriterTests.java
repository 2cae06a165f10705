package dev.colbert.opensearch;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BulkWriter} against a scripted HTTP server that answers like OpenSearch's {@code _bulk}: chunking,
 * whole-request and per-item retries, failures by id, and the bound on requests in flight.
 */
class BulkWriterTests {

	private static final ObjectMapper json = new ObjectMapper();

	private final List<List<String>> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger maxInFlight = new AtomicInteger();

	private HttpServer server;

	private OpenSearchClient client;

	private final ExecutorService executor = Executors.newFixedThreadPool(8);

	@AfterEach
	void stop() throws IOException {
		if (this.client != null) {
			this.client._transport().close();
		}
		if (this.server != null) {
			this.server.stop(0);
		}
		this.executor.shutdownNow();
	}

	/** Starts the server; the handler gets the request number (0-based) and the ids in the request. */
	private void serve(Function<Answer, String> handler, long delayMillis) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.createContext("/", (exchange) -> {
			int now = this.inFlight.incrementAndGet();
			this.maxInFlight.accumulateAndGet(now, Math::max);
			try {
				List<String> ids = ids(exchange);
				int number;
				synchronized (this.requests) {
					number = this.requests.size();
					this.requests.add(ids);
				}
				if (delayMillis > 0) {
					Thread.sleep(delayMillis);
				}
				Answer answer = new Answer(number, ids);
				String body = handler.apply(answer);
				respond(exchange, answer.status, body);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.inFlight.decrementAndGet();
			}
		});
		this.server.start();
		this.client = OpenSearchClients.create(OpenSearchConnectionSettings
			.of("http://127.0.0.1:" + this.server.getAddress().getPort()));
	}

	private static List<String> ids(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		List<String> ids = new ArrayList<>();
		for (String line : body.split("\n")) {
			if (line.isBlank()) {
				continue;
			}
			JsonNode node = json.readTree(line);
			JsonNode action = node.has("index") ? node.get("index") : node.get("delete");
			if (action != null && action.has("_id")) {
				ids.add(action.get("_id").asText());
			}
		}
		return ids;
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static String items(List<String> ids, Function<String, String> itemForId) {
		StringBuilder body = new StringBuilder("{\"took\":1,\"errors\":false,\"items\":[");
		for (int i = 0; i < ids.size(); i++) {
			body.append((i > 0) ? "," : "").append(itemForId.apply(ids.get(i)));
		}
		return body.append("]}").toString();
	}

	private static String created(String id) {
		return "{\"index\":{\"_index\":\"idx\",\"_id\":\"" + id + "\",\"status\":201,\"result\":\"created\"}}";
	}

	private static String rejected(String id) {
		return "{\"index\":{\"_index\":\"idx\",\"_id\":\"" + id + "\",\"status\":429,\"error\":{\"type\":"
				+ "\"es_rejected_execution_exception\",\"reason\":\"write queue is full\"}}}";
	}

	private static String mappingError(String id) {
		return "{\"index\":{\"_index\":\"idx\",\"_id\":\"" + id + "\",\"status\":400,\"error\":{\"type\":"
				+ "\"mapper_parsing_exception\",\"reason\":\"failed to parse field [metadata.year] of type [double]\"}}}";
	}

	private BulkWriter writer(int bulkDocuments, int maxInFlight, int maxRetries) {
		OpenSearchStoreSettings settings = OpenSearchStoreSettings.builder()
			.indexName("idx")
			.bulkDocuments(bulkDocuments)
			.maxInFlightBulkRequests(maxInFlight)
			.maxRetries(maxRetries)
			.initialBackoff(Duration.ofMillis(5))
			.maxBackoff(Duration.ofMillis(20))
			.build();
		return new BulkWriter(this.client, settings, this.executor);
	}

	private static List<BulkWriter.Operation> operations(int n, long bytesEach) {
		List<BulkWriter.Operation> operations = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			String id = "d" + i;
			Map<String, Object> source = Map.of("text", "document " + i);
			operations.add(new BulkWriter.Operation(id,
					BulkOperation.of((b) -> b.index((x) -> x.id(id).document(source))), bytesEach));
		}
		return operations;
	}

	@Test
	void writesEveryOperationInChunksOfBulkDocuments() throws IOException {
		serve((answer) -> items(answer.ids, BulkWriterTests::created), 0);
		BulkWriter.Result result = writer(4, 2, 3).write(operations(10, 100), null);
		assertThat(result.failures()).isEmpty();
		assertThat(result.count("created")).isEqualTo(10);
		assertThat(this.requests).hasSize(3);
		assertThat(this.requests.stream().mapToInt(List::size).sorted().toArray()).containsExactly(2, 4, 4);
	}

	@Test
	void chunksAlsoByEstimatedBytesAndSendsAnOversizedOperationAlone() throws IOException {
		serve((answer) -> items(answer.ids, BulkWriterTests::created), 0);
		BulkWriter writer = writer(100, 1, 0);
		long mib = 1L << 20;
		List<BulkWriter.Operation> operations = new ArrayList<>(operations(3, 6 * mib));
		operations.addAll(operations(1, 40 * mib).stream()
			.map((o) -> new BulkWriter.Operation("big", o.operation(), o.estimatedBytes()))
			.toList());
		List<List<BulkWriter.Operation>> chunks = writer.chunks(operations);
		assertThat(chunks).extracting(List::size).containsExactly(2, 1, 1);
	}

	@Test
	void retriesAWholeRequestRefusedWith429() throws IOException {
		serve((answer) -> {
			if (answer.number == 0) {
				answer.status = 429;
				return "{\"error\":{\"type\":\"es_rejected_execution_exception\",\"reason\":\"rejected\"},\"status\":429}";
			}
			return items(answer.ids, BulkWriterTests::created);
		}, 0);
		BulkWriter.Result result = writer(10, 1, 3).write(operations(5, 100), null);
		assertThat(result.failures()).isEmpty();
		assertThat(result.count("created")).isEqualTo(5);
		assertThat(this.requests).hasSize(2);
		assertThat(this.requests.get(1)).containsExactly("d0", "d1", "d2", "d3", "d4");
	}

	@Test
	void retriesOnlyTheItemsRejectedWith429AndReportsOtherErrorsById() throws IOException {
		serve((answer) -> items(answer.ids, (id) -> {
			if (id.equals("d1") && answer.number == 0) {
				return rejected(id);
			}
			if (id.equals("d2")) {
				return mappingError(id);
			}
			return created(id);
		}), 0);
		BulkWriter.Result result = writer(10, 1, 3).write(operations(4, 100), null);
		assertThat(this.requests).hasSize(2);
		assertThat(this.requests.get(1)).containsExactly("d1");
		assertThat(result.count("created")).isEqualTo(3);
		assertThat(result.failures()).containsOnlyKeys("d2");
		assertThat(result.failures().get("d2")).contains("status 400")
			.contains("mapper_parsing_exception")
			.contains("metadata.year");
	}

	@Test
	void givesUpAfterMaxRetriesAndReportsEveryIdOfTheRequest() throws IOException {
		serve((answer) -> {
			answer.status = 503;
			return "{\"error\":{\"type\":\"cluster_block_exception\",\"reason\":\"no master\"},\"status\":503}";
		}, 0);
		BulkWriter.Result result = writer(10, 1, 2).write(operations(3, 100), null);
		assertThat(this.requests).hasSize(3);
		assertThat(result.failures()).containsOnlyKeys("d0", "d1", "d2");
		assertThat(result.failures().get("d0")).contains("status 503").contains("no master")
			.contains("after 2 retries");
	}

	@Test
	void itemsStillRejectedAfterTheLastRetryAreReportedAsFailures() throws IOException {
		serve((answer) -> items(answer.ids, (id) -> id.equals("d0") ? rejected(id) : created(id)), 0);
		BulkWriter.Result result = writer(10, 1, 2).write(operations(2, 100), null);
		assertThat(this.requests).hasSize(3);
		assertThat(result.count("created")).isEqualTo(1);
		assertThat(result.failures()).containsOnlyKeys("d0");
		assertThat(result.failures().get("d0")).contains("status 429").contains("after 2 retries");
	}

	@Test
	void keepsAtMostMaxInFlightRequestsUnderWay() throws IOException {
		serve((answer) -> items(answer.ids, BulkWriterTests::created), 60);
		BulkWriter.Result result = writer(2, 3, 0).write(operations(40, 100), null);
		assertThat(result.count("created")).isEqualTo(40);
		assertThat(this.requests).hasSize(20);
		assertThat(this.maxInFlight.get()).isBetween(2, 3);
	}

	@Test
	void backoffGrowsExponentiallyWithJitterUpToTheMaximum() throws IOException {
		serve((answer) -> "{}", 0);
		OpenSearchStoreSettings settings = OpenSearchStoreSettings.builder()
			.initialBackoff(Duration.ofMillis(100))
			.maxBackoff(Duration.ofMillis(1000))
			.build();
		BulkWriter writer = new BulkWriter(this.client, settings, this.executor);
		for (int i = 0; i < 50; i++) {
			assertThat(writer.backoff(0).toMillis()).isBetween(50L, 100L);
			assertThat(writer.backoff(2).toMillis()).isBetween(200L, 400L);
			assertThat(writer.backoff(10).toMillis()).isBetween(500L, 1000L);
			assertThat(writer.backoff(62).toMillis()).isBetween(500L, 1000L);
		}
	}

	/** A request as the handler sees it; the handler may set the status. */
	private static final class Answer {

		final int number;

		final List<String> ids;

		int status = 200;

		Answer(int number, List<String> ids) {
			this.number = number;
			this.ids = ids;
		}

	}

}
