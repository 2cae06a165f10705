package dev.colbert.encoder.inference;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The intra-op thread count set for a worker thread stays on that thread.
 */
class EngineSupportTest {

	@Test
	void intraOpThreadsChangeOnlyTheCallingThread() throws Exception {
		int processWide = EngineSupport.intraOpThreads();
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
		AtomicInteger inNewThread = new AtomicInteger();
		Thread fresh = new Thread(() -> inNewThread.set(EngineSupport.intraOpThreads()));
		fresh.start();
		fresh.join();
		assertThat(inWorker.get()).isEqualTo(wanted);
		assertThat(inWorkerLater.get()).isEqualTo(wanted);
		assertThat(EngineSupport.intraOpThreads()).isEqualTo(processWide);
		assertThat(inNewThread.get()).isEqualTo(processWide);
	}

}
