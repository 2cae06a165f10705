package dev.colbert.autoconfigure.actuate;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.ai.vectorstore.observation.VectorStoreObservationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ColbertQueryRecorderTests {

	@Test
	void nearestRankPercentilesMeanAndCount() {
		ColbertQueryRecorder recorder = new ColbertQueryRecorder(1000);
		for (int ms = 100; ms >= 1; ms--) {
			recorder.record(ms * 1_000_000L);
		}

		ColbertQueryRecorder.Snapshot snapshot = recorder.snapshot();

		assertThat(snapshot.count()).isEqualTo(100);
		assertThat(snapshot.meanMs()).isEqualTo(50.5);
		assertThat(snapshot.p50Ms()).isEqualTo(50.0);
		assertThat(snapshot.p95Ms()).isEqualTo(95.0);
		assertThat(snapshot.p99Ms()).isEqualTo(99.0);
		assertThat(snapshot.window()).isEqualTo(100);
	}

	@Test
	void percentilesCoverTheLastSearchesWhileCountAndMeanCoverAll() {
		ColbertQueryRecorder recorder = new ColbertQueryRecorder(10);
		for (int i = 0; i < 90; i++) {
			recorder.record(1_000_000_000L);
		}
		for (int ms = 1; ms <= 10; ms++) {
			recorder.record(ms * 1_000_000L);
		}

		ColbertQueryRecorder.Snapshot snapshot = recorder.snapshot();

		assertThat(snapshot.count()).isEqualTo(100);
		assertThat(snapshot.meanMs()).isEqualTo((90 * 1000.0 + 55) / 100);
		assertThat(snapshot.p50Ms()).isEqualTo(5.0);
		assertThat(snapshot.p99Ms()).isEqualTo(10.0);
		assertThat(snapshot.window()).isEqualTo(10);
	}

	@Test
	void aSingleSearchIsEveryPercentile() {
		ColbertQueryRecorder recorder = new ColbertQueryRecorder();
		recorder.record(7_500_000L);

		ColbertQueryRecorder.Snapshot snapshot = recorder.snapshot();

		assertThat(snapshot.p50Ms()).isEqualTo(7.5);
		assertThat(snapshot.p95Ms()).isEqualTo(7.5);
		assertThat(snapshot.p99Ms()).isEqualTo(7.5);
	}

	@Test
	void nothingRecordedGivesNaN() {
		ColbertQueryRecorder.Snapshot snapshot = new ColbertQueryRecorder().snapshot();

		assertThat(snapshot.count()).isZero();
		assertThat(snapshot.meanMs()).isNaN();
		assertThat(snapshot.p50Ms()).isNaN();
	}

	@Test
	void recordsOnlyColbertSearchObservations() {
		ColbertQueryRecorder recorder = new ColbertQueryRecorder();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(recorder);

		observe(registry, "colbert", VectorStoreObservationContext.Operation.QUERY);
		observe(registry, "colbert", VectorStoreObservationContext.Operation.ADD);
		observe(registry, "colbert", VectorStoreObservationContext.Operation.DELETE);
		observe(registry, "qdrant", VectorStoreObservationContext.Operation.QUERY);
		Observation.createNotStarted("other", registry).observe(() -> {
		});

		assertThat(recorder.snapshot().count()).isEqualTo(1);
		assertThat(recorder.snapshot().meanMs()).isGreaterThanOrEqualTo(2.0);
		assertThat(recorder.observationName()).isEqualTo("db.vector.client.operation");
	}

	@Test
	void theWindowHoldsAtLeastOneSearch() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ColbertQueryRecorder(0))
			.withMessage("windowSize must be at least 1 but was 0");
	}

	private static void observe(ObservationRegistry registry, String system,
			VectorStoreObservationContext.Operation operation) {
		VectorStoreObservationContext context = VectorStoreObservationContext.builder(system, operation).build();
		Observation.createNotStarted("db.vector.client.operation", () -> context, registry).observe(() -> {
			try {
				Thread.sleep(2);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
	}

}
