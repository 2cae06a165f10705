package dev.colbert.encoder.hub;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A deadline for the reads of one response body: when no byte has arrived for {@code idle}, the body is closed, which
 * ends a read blocked on it, and {@link #expired()} turns true. {@link java.net.http.HttpRequest#timeout} only covers
 * the wait for the response headers; this covers every read after them.
 *
 * <p>One daemon timer thread serves every deadline; it ends when no deadline is running.
 */
final class IdleReadDeadline implements AutoCloseable {

	private static final ScheduledThreadPoolExecutor TIMER = timer();

	private static final long MIN_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private final long idleNanos;

	private final Closeable body;

	private final ScheduledFuture<?> check;

	private volatile long lastProgress = System.nanoTime();

	private volatile boolean expired;

	/**
	 * Starts the deadline.
	 * @param idle how long a read may wait for the next bytes
	 * @param body closed when the deadline passes
	 */
	IdleReadDeadline(Duration idle, Closeable body) {
		this.idleNanos = idle.toNanos();
		this.body = body;
		long period = Math.max(MIN_CHECK_NANOS, this.idleNanos / 4);
		this.check = TIMER.scheduleWithFixedDelay(this::check, period, period, TimeUnit.NANOSECONDS);
	}

	/** Bytes arrived: the deadline starts again. */
	void progressed() {
		this.lastProgress = System.nanoTime();
	}

	/** Whether the deadline passed (and the body was closed). */
	boolean expired() {
		return this.expired;
	}

	private void check() {
		if (this.expired || System.nanoTime() - this.lastProgress < this.idleNanos) {
			return;
		}
		this.expired = true;
		try {
			this.body.close();
		}
		catch (IOException | RuntimeException ex) {
			// closing is only a way to end the blocked read; the caller reports the timeout
		}
	}

	/** Stops the deadline; the body is left open. */
	@Override
	public void close() {
		this.check.cancel(false);
	}

	private static ScheduledThreadPoolExecutor timer() {
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "colbert-hub-read-deadline");
			thread.setDaemon(true);
			return thread;
		});
		timer.setRemoveOnCancelPolicy(true);
		timer.setKeepAliveTime(30, TimeUnit.SECONDS);
		timer.allowCoreThreadTimeOut(true);
		return timer;
	}

}
