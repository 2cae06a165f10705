package dev.colbert.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Closed-loop load: a fixed number of clients, each sending one request after the other with no think time until the
 * window ends. Client {@code c} of {@code n} starts at request index {@code c * requests / n} and counts up, so the
 * clients spread over the request list. Only requests sent at or after the start of the measured window and finished
 * by its end are kept: a warm-up before the window is run and discarded.
 */
public final class ClosedLoopLoad {

	private ClosedLoopLoad() {
	}

	/**
	 * Runs the load and returns what the clients saw in the measured window, in no particular order.
	 * @param clients concurrent clients (at least 1)
	 * @param requests size of the request list the indexes cycle through (at least 1)
	 * @param warmupNanos time before the measured window, not counted
	 * @param windowNanos length of the measured window
	 * @param request sends request {@code index % requests}; its result is kept with the latency. A request reports
	 * its own failures in its result; an {@link InterruptedException} ends the run.
	 */
	public static <R> List<Sample<R>> run(int clients, int requests, long warmupNanos, long windowNanos,
			Request<R> request) throws Exception {
		if (clients < 1 || requests < 1) {
			throw new IllegalArgumentException("clients and requests must be at least 1, were " + clients + " and "
					+ requests);
		}
		long measureFrom = System.nanoTime() + warmupNanos;
		long end = measureFrom + windowNanos;
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			List<Future<List<Sample<R>>>> futures = new ArrayList<>();
			for (int c = 0; c < clients; c++) {
				int first = (int) ((long) c * requests / clients);
				futures.add(pool.submit(() -> runClient(request, requests, first, measureFrom, end)));
			}
			List<Sample<R>> all = new ArrayList<>();
			for (Future<List<Sample<R>>> future : futures) {
				all.addAll(future.get());
			}
			return all;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static <R> List<Sample<R>> runClient(Request<R> request, int requests, int first, long measureFrom,
			long end) throws Exception {
		List<Sample<R>> samples = new ArrayList<>();
		// bounded by the window's end; each request is bounded by its own timeout, if it has one
		for (int i = first; System.nanoTime() < end; i++) {
			long sent = System.nanoTime();
			R result = request.send(Math.floorMod(i, requests));
			long received = System.nanoTime();
			if (sent >= measureFrom && received <= end) {
				samples.add(new Sample<>((received - sent) / 1e6, result));
			}
		}
		return samples;
	}

	/** Milliseconds of every sample. */
	public static double[] millis(List<? extends Sample<?>> samples) {
		return samples.stream().mapToDouble(Sample::millis).toArray();
	}

	/** One request of a client. */
	@FunctionalInterface
	public interface Request<R> {

		/** Sends request {@code index} and returns its result. */
		R send(int index) throws InterruptedException;

	}

	/** One measured request: its latency and its result. */
	public record Sample<R>(double millis, R result) {
	}

}
