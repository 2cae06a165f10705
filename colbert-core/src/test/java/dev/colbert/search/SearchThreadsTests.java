package dev.colbert.search;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SearchThreadsTests {

	@Test
	void aFailingPartReturnsOnlyOnceNoOtherPartRuns() {
		AtomicInteger running = new AtomicInteger();
		CountDownLatch othersRunning = new CountDownLatch(2);
		try (SearchThreads threads = SearchThreads.create(3)) {
			List<Callable<Integer>> parts = new ArrayList<>();
			parts.add(() -> {
				othersRunning.await(10, TimeUnit.SECONDS);
				throw new IllegalStateException("part 0 failed");
			});
			for (int i = 1; i < 3; i++) {
				parts.add(() -> {
					running.incrementAndGet();
					othersRunning.countDown();
					try {
						Thread.sleep(300);
						return 1;
					}
					finally {
						running.decrementAndGet();
					}
				});
			}
			assertThatIllegalStateException().isThrownBy(() -> threads.run(parts)).withMessage("part 0 failed");
			assertThat(running).as("parts still reading the snapshot when the search failed").hasValue(0);
		}
	}

}
