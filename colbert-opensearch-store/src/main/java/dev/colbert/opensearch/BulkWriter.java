package dev.colbert.opensearch;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.transport.httpclient5.ResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes index and delete operations in bulk requests with back-pressure and retries.
 *
 * <ul>
 * <li>Operations are cut into requests of at most {@code bulkDocuments} operations and about {@code bulkMaxBytes}
 * bytes (an operation larger than that goes alone).</li>
 * <li>At most {@code maxInFlightBulkRequests} requests of one {@link #write} call are under way; the calling thread
 * blocks until one finishes, so memory stays bounded however many documents are passed.</li>
 * <li>A request that fails with 429, a 5xx status or an I/O error is retried whole; operations that the engine
 * rejected with 429 (queue full) are retried alone; both after an exponential backoff with jitter, at most
 * {@code maxRetries} times. Any other per-operation error is final and reported with the document id.</li>
 * </ul>
 */
final class BulkWriter {

	private static final Logger logger = LoggerFactory.getLogger(BulkWriter.class);

	private final OpenSearchClient client;

	private final String index;

	private final OpenSearchStoreSettings settings;

	private final ExecutorService executor;

	BulkWriter(OpenSearchClient client, OpenSearchStoreSettings settings, ExecutorService executor) {
		this.client = client;
		this.index = settings.indexName();
		this.settings = settings;
		this.executor = executor;
	}

	/**
	 * Writes the operations and waits for all of them.
	 * @param refresh the refresh parameter of every bulk request, or {@code null}
	 * @return per-result counts ({@code created}, {@code updated}, {@code deleted}, {@code not_found}) and the
	 * failures by document id
	 */
	Result write(List<Operation> operations, Refresh refresh) {
		Map<String, String> failures = new ConcurrentHashMap<>();
		Map<String, AtomicLong> results = new ConcurrentHashMap<>();
		Semaphore inFlight = new Semaphore(this.settings.maxInFlightBulkRequests());
		List<Future<?>> futures = new ArrayList<>();
		long started = System.nanoTime();
		int requests = 0;
		try {
			for (List<Operation> chunk : chunks(operations)) {
				inFlight.acquire();
				requests++;
				try {
					futures.add(this.executor.submit(() -> {
						try {
							send(chunk, refresh, results, failures);
							return null;
						}
						finally {
							inFlight.release();
						}
					}));
				}
				catch (RuntimeException ex) {
					inFlight.release();
					throw ex;
				}
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		catch (InterruptedException ex) {
			futures.forEach((future) -> future.cancel(true));
			Thread.currentThread().interrupt();
			throw new OpenSearchStoreException("interrupted while writing to index '" + this.index
					+ "'; some documents may have been written", ex);
		}
		catch (ExecutionException ex) {
			futures.forEach((future) -> future.cancel(true));
			throw new OpenSearchStoreException("bulk write to index '" + this.index + "' failed: " + ex.getCause(),
					ex.getCause());
		}
		if (logger.isDebugEnabled()) {
			double seconds = (System.nanoTime() - started) / 1e9;
			logger.debug("Wrote {} operations in {} bulk requests to index '{}' in {} s ({} operations/s)",
					operations.size(), requests, this.index, String.format("%.2f", seconds),
					String.format("%.1f", operations.size() / Math.max(seconds, 1e-9)));
		}
		Map<String, Long> counts = new TreeMap<>();
		results.forEach((result, count) -> counts.put(result, count.get()));
		return new Result(counts, Map.copyOf(failures));
	}

	List<List<Operation>> chunks(List<Operation> operations) {
		List<List<Operation>> chunks = new ArrayList<>();
		List<Operation> current = new ArrayList<>();
		long bytes = 0;
		for (Operation operation : operations) {
			boolean full = current.size() >= this.settings.bulkDocuments()
					|| (!current.isEmpty() && bytes + operation.estimatedBytes() > this.settings.bulkMaxBytes());
			if (full) {
				chunks.add(current);
				current = new ArrayList<>();
				bytes = 0;
			}
			current.add(operation);
			bytes += operation.estimatedBytes();
		}
		if (!current.isEmpty()) {
			chunks.add(current);
		}
		return chunks;
	}

	private void send(List<Operation> chunk, Refresh refresh, Map<String, AtomicLong> results,
			Map<String, String> failures) throws InterruptedException {
		List<Operation> pending = chunk;
		for (int attempt = 0;; attempt++) {
			BulkResponse response;
			try {
				List<BulkOperation> bulk = pending.stream().map(Operation::operation).toList();
				response = this.client.bulk((b) -> b.index(this.index).operations(bulk).refresh(refresh));
			}
			catch (OpenSearchException ex) {
				if (isRetryable(ex.status()) && attempt < this.settings.maxRetries()) {
					retryLater(attempt, pending.size(), "status " + ex.status() + " " + reason(ex.error()));
					continue;
				}
				fail(pending, failures, "bulk request failed with status " + ex.status() + ": " + reason(ex.error())
						+ retriesNote(attempt));
				return;
			}
			catch (ResponseException ex) {
				// An HTTP error answer the client did not map to OpenSearchException (5xx from a node or a proxy).
				String why = "status " + ex.status() + " " + firstLine(bodyOf(ex));
				if (isRetryable(ex.status()) && attempt < this.settings.maxRetries()) {
					retryLater(attempt, pending.size(), why);
					continue;
				}
				fail(pending, failures, "bulk request failed with " + why + retriesNote(attempt));
				return;
			}
			catch (IOException ex) {
				// No answer: connection refused or reset, timeout. The client already tried the other nodes.
				if (attempt < this.settings.maxRetries()) {
					retryLater(attempt, pending.size(), ex.toString());
					continue;
				}
				fail(pending, failures, "bulk request failed: " + ex + retriesNote(attempt));
				return;
			}
			List<Operation> rejected = new ArrayList<>();
			int rejectedStatus = 0;
			List<BulkResponseItem> items = response.items();
			for (int i = 0; i < pending.size(); i++) {
				Operation operation = pending.get(i);
				BulkResponseItem item = (i < items.size()) ? items.get(i) : null;
				if (item == null) {
					failures.put(operation.id(), "no result in the bulk response");
				}
				else if (item.error() == null) {
					results.computeIfAbsent(item.result(), (key) -> new AtomicLong()).incrementAndGet();
				}
				else if (isRetryable(item.status()) && attempt < this.settings.maxRetries()) {
					rejected.add(operation);
					rejectedStatus = item.status();
				}
				else {
					failures.put(operation.id(), "status " + item.status() + " " + reason(item.error())
							+ retriesNote(attempt));
				}
			}
			if (rejected.isEmpty()) {
				return;
			}
			retryLater(attempt, rejected.size(), "rejected by the engine with status " + rejectedStatus);
			pending = rejected;
		}
	}

	private static String bodyOf(ResponseException ex) {
		String message = ex.getMessage();
		int newline = (message != null) ? message.indexOf('\n') : -1;
		return (newline >= 0) ? message.substring(newline + 1) : "";
	}

	private static String firstLine(String text) {
		String line = text.replace('\n', ' ').strip();
		return (line.length() > 500) ? line.substring(0, 500) + "..." : line;
	}

	private static boolean isRetryable(int status) {
		return status == 429 || status >= 500;
	}

	private void retryLater(int attempt, int operations, String why) throws InterruptedException {
		Duration backoff = backoff(attempt);
		logger.warn("Bulk write of {} operations to index '{}': {}; retry {} of {} in {} ms", operations, this.index,
				why, attempt + 1, this.settings.maxRetries(), backoff.toMillis());
		Thread.sleep(backoff.toMillis());
	}

	/** Exponential backoff with jitter: a random wait between half and all of initial * 2^attempt, capped. */
	Duration backoff(int attempt) {
		return backoff(this.settings, attempt);
	}

	/** {@link #backoff(int)} for any call of a store with these settings (searches retry with it too). */
	static Duration backoff(OpenSearchStoreSettings settings, int attempt) {
		long initial = settings.initialBackoff().toMillis();
		long max = settings.maxBackoff().toMillis();
		long full = (attempt >= 30) ? max : Math.min(max, initial << attempt);
		long half = full / 2;
		return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(full - half + 1));
	}

	private static void fail(List<Operation> operations, Map<String, String> failures, String reason) {
		for (Operation operation : operations) {
			failures.put(operation.id(), reason);
		}
	}

	private String retriesNote(int attempt) {
		return (attempt > 0) ? " (after " + attempt + " retries)" : "";
	}

	private static String reason(ErrorCause error) {
		if (error == null) {
			return "(no reason given)";
		}
		String reason = error.type() + ": " + error.reason();
		if (error.causedBy() != null) {
			reason += " (caused by " + error.causedBy().type() + ": " + error.causedBy().reason() + ")";
		}
		return reason;
	}

	/**
	 * One bulk operation.
	 *
	 * @param id the document id
	 * @param operation the operation
	 * @param estimatedBytes its estimated size in the request
	 */
	record Operation(String id, BulkOperation operation, long estimatedBytes) {

	}

	/**
	 * What a {@link #write} did.
	 *
	 * @param results how many operations ended with each result ({@code created}, {@code updated},
	 * {@code deleted}, {@code not_found}, ...)
	 * @param failures document id to reason, for operations that were not carried out
	 */
	record Result(Map<String, Long> results, Map<String, String> failures) {

		long count(String result) {
			return this.results.getOrDefault(result, 0L);
		}

	}

}
