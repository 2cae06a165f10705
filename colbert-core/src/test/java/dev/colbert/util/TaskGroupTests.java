package dev.colbert.util;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TaskGroupTests {

	private final ExecutorService executor = Executors.newFixedThreadPool(3);

	private final AtomicInteger running = new AtomicInteger();

	private final AtomicInteger started = new AtomicInteger();

	private final AtomicInteger startedAfterReturn = new AtomicInteger();

	private volatile boolean returned;

	@AfterEach
	void shutDown() {
		this.executor.shutdownNow();
	}

	@Test
	void resultsComeBackInOrder() {
		List<Callable<Integer>> tasks = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			int value = i;
			tasks.add(() -> value * value);
		}
		assertThat(TaskGroup.start(this.executor, tasks, "squares").awaitAll()).hasSize(20)
			.startsWith(0, 1, 4, 9)
			.endsWith(361);
	}

	@Test
	void aFailedTaskIsRethrownOnlyOnceNoTaskOfTheGroupRunsAndTheOthersNeverStart() throws Exception {
		CountDownLatch othersRunning = new CountDownLatch(2);
		List<Callable<Void>> tasks = new ArrayList<>();
		tasks.add(tracked(() -> {
			othersRunning.await(10, TimeUnit.SECONDS);
			throw new IllegalArgumentException("batch 0 failed");
		}));
		for (int i = 1; i < 10; i++) {
			tasks.add(tracked(() -> {
				othersRunning.countDown();
				Thread.sleep(300);
				return null;
			}));
		}
		TaskGroup<Void> group = TaskGroup.start(this.executor, tasks, "the test");
		try {
			group.awaitAll();
			throw new AssertionError("the failure was not rethrown");
		}
		catch (IllegalArgumentException ex) {
			this.returned = true;
			assertThat(ex).hasMessage("batch 0 failed");
			assertThat(this.running).as("tasks still running when the failure was rethrown").hasValue(0);
		}
		Thread.sleep(500);
		assertThat(this.startedAfterReturn).as("tasks started after the failure was rethrown").hasValue(0);
		assertThat(this.started.get()).as("tasks started (the rest were skipped)").isBetween(3, 5);
	}

	@Test
	void anInterruptedWaitStopsTheGroupAndKeepsTheInterrupt() {
		List<Callable<Void>> tasks = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			tasks.add(tracked(() -> {
				Thread.sleep(200);
				return null;
			}));
		}
		TaskGroup<Void> group = TaskGroup.start(this.executor, tasks, "the test");
		Thread.currentThread().interrupt();
		try {
			assertThatIllegalStateException().isThrownBy(group::awaitAll).withMessageContaining("interrupted");
			this.returned = true;
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
			assertThat(this.running).hasValue(0);
		}
		finally {
			Thread.interrupted();
		}
	}

	private Callable<Void> tracked(Callable<Void> work) {
		return () -> {
			this.started.incrementAndGet();
			if (this.returned) {
				this.startedAfterReturn.incrementAndGet();
			}
			this.running.incrementAndGet();
			try {
				return work.call();
			}
			finally {
				this.running.decrementAndGet();
			}
		};
	}

}
