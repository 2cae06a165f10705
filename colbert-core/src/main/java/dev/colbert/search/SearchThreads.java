package dev.colbert.search;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import dev.colbert.util.TaskGroup;

/**
 * Threads one search may use. With {@code n > 1} a search splits its stages into {@code n} parts: the calling thread
 * runs one, a pool of {@code n - 1} daemon threads the others. Results do not depend on the number of threads.
 * Thread-safe; shared by all searches of an index.
 */
public final class SearchThreads implements AutoCloseable {

	private static final SearchThreads SINGLE = new SearchThreads(1, null);

	private final int count;

	private final ExecutorService pool;

	private SearchThreads(int count, ExecutorService pool) {
		this.count = count;
		this.pool = pool;
	}

	/** The calling thread only. */
	public static SearchThreads single() {
		return SINGLE;
	}

	/** {@code count} threads per search: the caller plus a pool of {@code count - 1}. */
	public static SearchThreads create(int count) {
		if (count < 1) {
			throw new IllegalArgumentException("search threads must be at least 1, was " + count);
		}
		if (count == 1) {
			return SINGLE;
		}
		AtomicInteger number = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(count - 1, (runnable) -> {
			Thread thread = new Thread(runnable, "colbert-search-" + number.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		return new SearchThreads(count, pool);
	}

	public int count() {
		return this.count;
	}

	/**
	 * Runs the tasks, the first on the calling thread, and returns their results in order. Returns or throws only once
	 * no task runs any more: when one fails, those not started are skipped and the running ones waited for, so a
	 * caller may release what the tasks read (a snapshot's mapped files) as soon as this returns.
	 */
	public <T> List<T> run(List<Callable<T>> tasks) {
		if (this.pool == null || tasks.size() < 2) {
			List<T> results = new ArrayList<>(tasks.size());
			for (Callable<T> task : tasks) {
				results.add(call(task));
			}
			return results;
		}
		TaskGroup<T> others = TaskGroup.start(this.pool, tasks.subList(1, tasks.size()), "the search threads");
		T first;
		try {
			first = call(tasks.get(0));
		}
		catch (RuntimeException | Error ex) {
			others.stop();
			throw ex;
		}
		List<T> results = new ArrayList<>(tasks.size());
		results.add(first);
		results.addAll(others.awaitAll());
		return results;
	}

	private static <T> T call(Callable<T> task) {
		try {
			return task.call();
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Splits {@code [0, n)} into at most {@link #count()} contiguous ranges of about equal size. */
	public int[] split(int n) {
		int parts = Math.max(1, Math.min(this.count, n));
		int[] bounds = new int[parts + 1];
		for (int p = 0; p <= parts; p++) {
			bounds[p] = (int) ((long) n * p / parts);
		}
		return bounds;
	}

	@Override
	public void close() {
		if (this.pool != null) {
			this.pool.shutdown();
		}
	}

}
