package dev.colbert.encoder.inference;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The intra-op thread count set for a worker thread stays on that thread.
 */
class EngineSupportTests {

	@Test
	void intraOpThreadsChangeOnlyTheCallingThread() throws Exception {
		// measured on fresh threads: the test thread may carry a count set by another test of this JVM
		int processWide = countOnFreshThread();
		int wanted = (processWide == 1) ? 2 : 1;
		AtomicInteger inWorker = new AtomicInteger();
		AtomicInteger inWorkerLater = new AtomicInteger();
		Thread worker = new Thread(() -> {
			EngineSupport.useIntraOpThreadsOnCurrentThread(wanted);
			inWorker.set(EngineSupport.intraOpThreads());
			Thread other = new Thread(() -> { });
			other.start();
			inWorkerLater.set(EngineSupport.intraOpThreads());
		});
		worker.start();
		worker.join();
		assertThat(inWorker.get()).isEqualTo(wanted);
		assertThat(inWorkerLater.get()).isEqualTo(wanted);
		assertThat(countOnFreshThread()).isEqualTo(processWide);
	}

	private static int countOnFreshThread() throws InterruptedException {
		AtomicInteger count = new AtomicInteger();
		Thread fresh = new Thread(() -> count.set(EngineSupport.intraOpThreads()));
		fresh.start();
		fresh.join();
		return count.get();
	}

}
