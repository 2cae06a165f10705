package dev.colbert.util;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tasks of one call running on an executor, which the call waits for before it returns, whatever happens: when a task
 * fails (or the waiting thread is interrupted) the tasks not started yet are skipped, those running are waited for,
 * and only then is the failure rethrown. So a caller that holds a resource while it waits (a lifecycle lock, a
 * reference to memory-mapped files) never releases it under a task that still uses it.
 *
 * <p>A skipped task never starts: each task is claimed exactly once, by the worker that runs it or by {@link #stop()}.
 * Not thread-safe: one thread starts the group and waits for it.
 *
 * @param <T> what each task returns
 */
public final class TaskGroup<T> {

	private final List<Task<T>> tasks;

	private final String what;

	private TaskGroup(List<Task<T>> tasks, String what) {
		this.tasks = tasks;
		this.what = what;
	}

	/**
	 * Submits the tasks, in order, to the executor.
	 * @param what what the tasks do, for the message of an interruption (for example {@code the encoder})
	 * @throws java.util.concurrent.RejectedExecutionException if the executor refuses a task (the tasks submitted
	 * before it are stopped first)
	 */
	public static <T> TaskGroup<T> start(Executor executor, List<? extends Callable<T>> work, String what) {
		Objects.requireNonNull(executor, "executor");
		List<Task<T>> tasks = new ArrayList<>(work.size());
		for (Callable<T> callable : work) {
			tasks.add(new Task<>(Objects.requireNonNull(callable, "task")));
		}
		TaskGroup<T> group = new TaskGroup<>(tasks, what);
		for (Task<T> task : tasks) {
			try {
				executor.execute(task);
			}
			catch (RuntimeException | Error ex) {
				group.stop();
				throw ex;
			}
		}
		return group;
	}

	/** Number of tasks. */
	public int size() {
		return this.tasks.size();
	}

	/**
	 * Waits for task {@code index} and returns its result. If it failed, or the thread is interrupted while waiting,
	 * the group is {@linkplain #stop() stopped} first and then the failure is thrown (the other tasks' failures added
	 * as suppressed): a {@link RuntimeException} or {@link Error} as it is, a checked exception wrapped in an
	 * {@link IllegalStateException}, an interruption as an {@link IllegalStateException} with the interrupt flag set.
	 */
	public T await(int index) {
		Task<T> task = this.tasks.get(index);
		try {
			task.done.await();
		}
		catch (InterruptedException ex) {
			stop();
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for " + this.what, ex);
		}
		if (task.failure != null) {
			stop();
			for (Task<T> other : this.tasks) {
				if (other != task && other.failure != null && other.failure != task.failure) {
					task.failure.addSuppressed(other.failure);
				}
			}
			throw rethrow(task.failure);
		}
		return task.result;
	}

	/** Waits for every task in order and returns their results in order; see {@link #await(int)} for failures. */
	public List<T> awaitAll() {
		List<T> results = new ArrayList<>(this.tasks.size());
		for (int i = 0; i < this.tasks.size(); i++) {
			results.add(await(i));
		}
		return results;
	}

	/**
	 * Skips the tasks not started yet and waits, without giving in to interruptions, until the running ones have
	 * finished (the interrupt flag is restored afterwards). When it returns no task of the group runs or will run.
	 */
	public void stop() {
		for (Task<T> task : this.tasks) {
			task.skip();
		}
		boolean interrupted = false;
		for (Task<T> task : this.tasks) {
			while (true) {
				try {
					task.done.await();
					break;
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	private static RuntimeException rethrow(Throwable failure) {
		if (failure instanceof RuntimeException runtime) {
			return runtime;
		}
		if (failure instanceof Error error) {
			throw error;
		}
		return new IllegalStateException(failure);
	}

	/** One task: claimed once, by the worker that runs it or by a stop that skips it. */
	private static final class Task<T> implements Runnable {

		private final Callable<T> work;

		private final AtomicBoolean claimed = new AtomicBoolean();

		private final CountDownLatch done = new CountDownLatch(1);

		private T result;

		private Throwable failure;

		Task(Callable<T> work) {
			this.work = work;
		}

		@Override
		public void run() {
			if (!this.claimed.compareAndSet(false, true)) {
				return;
			}
			try {
				this.result = this.work.call();
			}
			catch (Throwable ex) {
				this.failure = ex;
			}
			finally {
				this.done.countDown();
			}
		}

		void skip() {
			if (this.claimed.compareAndSet(false, true)) {
				this.done.countDown();
			}
		}

	}

}
