package dev.colbert.encoder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SwitchableEncoderTests {

	@Test
	void encodesWithTheCurrentEncoderAndClosesOnlyItsOwn() {
		FixedEncoder first = new FixedEncoder("first", 1f);
		FixedEncoder second = new FixedEncoder("second", 2f);
		SwitchableEncoder encoder = new SwitchableEncoder(first);
		assertThat(encoder.encodeQuery("q").data()[0]).isEqualTo(1f);
		assertThat(encoder.switchTo(second, () -> {
		})).isSameAs(first);
		assertThat(encoder.info().fingerprint()).isEqualTo("second");
		assertThat(encoder.encodeDocuments(List.of("d")).get(0).data()[0]).isEqualTo(2f);
		assertThat(first.closed).isFalse();
		encoder.close();
		assertThat(second.closed).isTrue();
	}

	@Test
	void switchWaitsForWorkInFlightAndNeverFallsBetweenItsSteps() throws Exception {
		SwitchableEncoder encoder = new SwitchableEncoder(new FixedEncoder("first", 1f));
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			Future<List<String>> work = executor.submit(() -> encoder.withCurrent((current) -> {
				List<String> seen = new ArrayList<>();
				seen.add(current.info().fingerprint());
				started.countDown();
				await(release);
				seen.add(encoder.current().info().fingerprint());
				return seen;
			}));
			assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
			AtomicBoolean switched = new AtomicBoolean();
			Future<?> swap = executor.submit(() -> encoder.switchTo(new FixedEncoder("second", 2f),
					() -> switched.set(true)));
			Thread.sleep(200);
			assertThat(switched).as("the switch waits for the work in flight").isFalse();
			release.countDown();
			assertThat(work.get(10, TimeUnit.SECONDS)).containsExactly("first", "first");
			swap.get(10, TimeUnit.SECONDS);
			assertThat(switched).isTrue();
			assertThat(encoder.info().fingerprint()).isEqualTo("second");
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void aSwitchDoesNotWaitForLeasesToSwitchButReturnsOnlyOnceTheyAreClosed() throws Exception {
		FixedEncoder first = new FixedEncoder("first", 1f);
		SwitchableEncoder encoder = new SwitchableEncoder(first);
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			SwitchableEncoder.Lease lease = encoder.lease();
			assertThat(lease.encoder()).isSameAs(first);
			Future<ColbertEncoder> swap = executor.submit(() -> encoder.switchTo(new FixedEncoder("second", 2f), () -> {
			}));
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (encoder.current() == first && System.nanoTime() < deadline) {
				Thread.sleep(5);
			}
			assertThat(encoder.info().fingerprint()).as("switched while the lease was open").isEqualTo("second");
			assertThat(encoder.encodeQuery("q").data()[0]).isEqualTo(2f);
			Thread.sleep(100);
			assertThat(swap).as("switchTo returns only once the lease is closed").isNotDone();
			lease.close();
			assertThat(swap.get(10, TimeUnit.SECONDS)).isSameAs(first);
			try (SwitchableEncoder.Lease next = encoder.lease()) {
				assertThat(next.encoder().info().fingerprint()).isEqualTo("second");
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void failedSwitchKeepsTheCurrentEncoder() {
		FixedEncoder first = new FixedEncoder("first", 1f);
		SwitchableEncoder encoder = new SwitchableEncoder(first);
		assertThatIllegalStateException().isThrownBy(() -> encoder.switchTo(new FixedEncoder("second", 2f), () -> {
			throw new IllegalStateException("index swap failed");
		}));
		assertThat(encoder.current()).isSameAs(first);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static final class FixedEncoder implements ColbertEncoder {

		private final String name;

		private final float value;

		boolean closed;

		FixedEncoder(String name, float value) {
			this.name = name;
			this.value = value;
		}

		@Override
		public TokenVectors encodeQuery(String query) {
			return vectors();
		}

		@Override
		public List<TokenVectors> encodeDocuments(List<String> documents) {
			return documents.stream().map((document) -> vectors()).toList();
		}

		private TokenVectors vectors() {
			return TokenVectors.of(new float[] { this.value }, 1, 1);
		}

		@Override
		public EncoderInfo info() {
			return new EncoderInfo(this.name, "test", 1, 1, 1, 8, 8, false, false, false, this.name);
		}

		@Override
		public void close() {
			this.closed = true;
		}

	}

}
