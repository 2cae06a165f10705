package dev.colbert.reliability.http;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.reliability.ReliabilityRun;
import dev.colbert.testing.ReferenceMaxSim;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP load run shared by {@link HttpLoadTests} (against {@link ReliabilityWebApp}) and the sample application's
 * {@code SampleAppLoadIT} (against {@code SampleRagApplication}, through this module's test jar): {@value #READERS}
 * query threads and one writer against an application in the same JVM, over HTTP on loopback, for a fixed time.
 *
 * <p>The writer's {@link Writer step} changes the index through the application's API and updates its view of the
 * live documents (id -> stored, decompressed vectors); after each step the run records the commit generation with a
 * copy of that view. A reader notes the generation before sending and after the answer; the answer must be the exact
 * top-k (same ids, normalized scores within {@value #TOLERANCE} of the reference MaxSim
 * {@link ReferenceMaxSim#maxSim}, sorted, nothing better left out) of one of the recorded states in between. The
 * application must search in exhaustive mode, whose contract is exactness (PLAID is approximate by design; its
 * quality is measured by colbert-eval). The figures (requests served, p50/p99, throughput, errors, wrong answers,
 * heap after GC and RSS at start and end) go to {@link ReliabilityRun#report}; errors and wrong answers must be 0
 * and the heap after GC may grow by less than 64 MB + 50%.
 */
public final class HttpLoad {

	/** Query threads. */
	public static final int READERS = 8;

	/** The k of each search, drawn at random. */
	static final int[] KS = { 1, 5, 10, 20 };

	/** Largest difference between a returned score and the reference normalized MaxSim. */
	static final double TOLERANCE = 1e-3;

	private HttpLoad() {
	}

	/** Sends one search over HTTP. */
	@FunctionalInterface
	public interface Searcher {

		/**
		 * @param query the query text
		 * @param k how many results to ask for
		 * @param random the reader's random source, for choices of the caller's own
		 * @return the answer
		 */
		Reply search(String query, int k, Random random) throws Exception;

	}

	/** One write through the application's API. */
	@FunctionalInterface
	public interface Writer {

		/**
		 * Sends one write (one commit) and, when it succeeded, applies it to {@code state}: the live documents, id to
		 * stored vectors ({@code ColbertIndex.vectors(id)}), as the index holds them after the commit.
		 * @return {@code null} on success, else what went wrong (the state must then be left as it was)
		 */
		String write(Random random, Map<String, TokenVectors> state) throws Exception;

	}

	/**
	 * A search answer as received.
	 *
	 * @param status the HTTP status
	 * @param body the body (for the error report)
	 * @param ids the result ids, best first (null unless 200)
	 * @param scores their normalized scores (null unless 200)
	 */
	public record Reply(int status, String body, String[] ids, double[] scores) {
	}

	/**
	 * What to run.
	 *
	 * @param target the application, for the report (e.g. "ReliabilityWebApp")
	 * @param corpus the starting corpus, for the report (e.g. "200 documents")
	 * @param seconds how long readers and the writer run
	 * @param queries the query texts
	 * @param encodeQuery the application's query encoder, for the reference scores
	 * @param generation the index's commit generation ({@code ColbertIndex.stats().generation()})
	 * @param minSearches fewest answers for the run to count (it must have loaded the application)
	 * @param minWrites fewest successful writes for the run to count
	 */
	public record Settings(String target, String corpus, int seconds, List<String> queries,
			Function<String, TokenVectors> encodeQuery, LongSupplier generation, int minSearches, int minWrites) {
	}

	/**
	 * Runs readers and the writer, checks every answer, reports the figures and asserts them.
	 * @param settings what to run
	 * @param initial the live documents before the run (id to stored vectors)
	 * @param searcher sends a search
	 * @param writer sends a write
	 */
	public static void run(Settings settings, Map<String, TokenVectors> initial, Searcher searcher, Writer writer)
			throws InterruptedException {
		List<String> queries = settings.queries();
		LongSupplier generation = settings.generation();
		// generation -> state (id -> stored vectors), starting with the initial corpus
		TreeMap<Long, Map<String, TokenVectors>> states = new TreeMap<>();
		states.put(generation.getAsLong(), new HashMap<>(initial));

		// warm up, then measure heap after GC
		Random warmUp = new Random(1);
		for (int i = 0; i < 20; i++) {
			try {
				searcher.search(queries.get(i % queries.size()), 10, warmUp);
			}
			catch (Exception ex) {
				throw new IllegalStateException("warm-up search failed", ex);
			}
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
					long before = generation.getAsLong();
					long start = System.nanoTime();
					try {
						Reply reply = searcher.search(queries.get(q), k, random);
						long nanos = System.nanoTime() - start;
						long after = generation.getAsLong();
						if (reply.status() != 200) {
							errors.add(reply.status() + " " + reply.body());
							continue;
						}
						answers.add(new Answer(q, k, before, after, nanos, reply.ids(), reply.scores()));
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
			Map<String, TokenVectors> state = new HashMap<>(initial);
			while (!stop.get()) {
				try {
					String failure = writer.write(random, state);
					if (failure != null) {
						errors.add("writer: " + failure);
						continue;
					}
					writerStates.put(generation.getAsLong(), new HashMap<>(state));
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
		Thread.sleep(settings.seconds() * 1000L);
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
		Map<Integer, TokenVectors> queryVectors = new HashMap<>();
		Map<Integer, IdentityHashMap<TokenVectors, Double>> scores = new HashMap<>();
		List<String> wrong = new ArrayList<>();
		long[] latencies = new long[answers.size()];
		int n = 0;
		for (Answer answer : answers) {
			latencies[n++] = answer.nanos();
			TokenVectors query = queryVectors.computeIfAbsent(answer.query(),
					(q) -> settings.encodeQuery().apply(queries.get(q)));
			IdentityHashMap<TokenVectors, Double> cache = scores.computeIfAbsent(answer.query(),
					(q) -> new IdentityHashMap<>());
			Long from = states.floorKey(answer.before());
			boolean matched = false;
			String why = null;
			for (Map<String, TokenVectors> state : states.subMap(from, true, answer.after(), true).values()) {
				why = answer.check(state, (vectors) -> cache.computeIfAbsent(vectors,
						(v) -> ReferenceMaxSim.maxSim(query, v) / query.count()));
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
		ReliabilityRun.report("HTTP load: " + settings.target(), String.format(
				"- %d query threads + 1 writer, %.1f s over HTTP/1.1 on loopback against %s (exhaustive mode), corpus %s%n"
						+ "- requests served: %d searches (%.1f/s) + %d writes (%d commits seen); errors: %d; wrong answers: %d%n"
						+ "- search latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n"
						+ "- every answer checked against the exhaustive top-k of the %d index states it could have seen%n"
						+ "- heap after GC: %.1f MB at start, %.1f MB at end; RSS %.0f MB at start, %.0f MB at end%n"
						+ "- machine load average at the end: %s",
				READERS, elapsed, settings.target(), settings.corpus(), answers.size(), answers.size() / elapsed,
				writes.get(), states.size() - 1, errors.size(), wrong.size(), percentile(latencies, 0.50),
				percentile(latencies, 0.99), percentile(latencies, 1.0), states.size(), heapStart / 1e6,
				heapEnd / 1e6, rssStart / 1e6, rssEnd / 1e6, loadAverage()));
		assertThat(errors).as("errors").isEmpty();
		assertThat(wrong).as("wrong answers").isEmpty();
		assertThat(answers.size()).as("searches served").isGreaterThanOrEqualTo(settings.minSearches());
		assertThat(writes.get()).as("writes").isGreaterThanOrEqualTo(settings.minWrites());
		assertThat(heapEnd).as("heap after GC grows by less than 64 MB + 50%")
			.isLessThan(heapStart * 3 / 2 + (64L << 20));
	}

	static double percentile(long[] sorted, double p) {
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

	private static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return fields[0] + " / " + fields[1] + " / " + fields[2] + " (1/5/15 min), "
					+ Runtime.getRuntime().availableProcessors() + " CPUs";
		}
		catch (Exception ex) {
			return "unknown";
		}
	}

	/** One search answer as received, with the generations seen before sending and after the answer. */
	record Answer(int query, int k, long before, long after, long nanos, String[] ids, double[] scores) {

		/** Null when this is the exact top-k of {@code state}, else why not. */
		String check(Map<String, TokenVectors> state, ToDoubleFunction<TokenVectors> score) {
			int expected = Math.min(this.k, state.size());
			if (this.ids.length != expected) {
				return this.ids.length + " results, expected " + expected;
			}
			double lowest = Double.POSITIVE_INFINITY;
			Set<String> returned = new HashSet<>();
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
