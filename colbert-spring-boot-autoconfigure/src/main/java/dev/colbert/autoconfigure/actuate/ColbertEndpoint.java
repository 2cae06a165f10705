package dev.colbert.autoconfigure.actuate;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;

import org.springframework.ai.vectorstore.observation.DefaultVectorStoreObservationConvention;
import org.springframework.ai.vectorstore.observation.VectorStoreObservationContext;
import org.springframework.ai.vectorstore.observation.VectorStoreObservationDocumentation.LowCardinalityKeyNames;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import dev.colbert.autoconfigure.actuate.ColbertDescriptor.IndexDescriptor;
import dev.colbert.autoconfigure.actuate.ColbertDescriptor.ModelDescriptor;
import dev.colbert.autoconfigure.actuate.ColbertDescriptor.QueriesDescriptor;
import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.EncoderInfo;
import dev.colbert.spring.ai.ColbertVectorStore;
import dev.colbert.store.StoreStats;
import dev.colbert.store.StoreStats.IndexFigures;
import dev.colbert.store.TokenVectorStore;

/**
 * The {@code colbert} actuator endpoint: index statistics of the {@link TokenVectorStore}, the {@link ColbertEncoder}'s
 * model and the searches run since start-up.
 *
 * <p>Searches: the count and the mean come from the Micrometer timer of the search observations
 * ({@code db.vector.client.operation} with {@code db.system=colbert, db.operation.name=query}) when a
 * {@link MeterRegistry} holds it, else from the {@link ColbertQueryRecorder}; the percentiles come from the timer when
 * it publishes the 0.5, 0.95 and 0.99 percentiles (for example with
 * {@code management.metrics.distribution.percentiles.db.vector.client.operation=0.5,0.95,0.99}) and is the only one
 * (after a failed search there is a second timer, tagged with the error, and percentiles of two timers cannot be
 * combined), else from the recorder's last searches (nearest rank).
 */
@Endpoint(id = "colbert")
public class ColbertEndpoint {

	private final TokenVectorStore store;

	private final ColbertEncoder encoder;

	private final ColbertQueryRecorder recorder;

	private final MeterRegistry meterRegistry;

	/**
	 * Creates the endpoint.
	 * @param store the token-vector store whose statistics are shown
	 * @param encoder the encoder whose model is shown
	 * @param recorder the recorder of search durations
	 * @param meterRegistry the registry holding the search timer, or {@code null}
	 */
	public ColbertEndpoint(TokenVectorStore store, ColbertEncoder encoder, ColbertQueryRecorder recorder,
			MeterRegistry meterRegistry) {
		this.store = store;
		this.encoder = encoder;
		this.recorder = recorder;
		this.meterRegistry = meterRegistry;
	}

	/** The statistics, read now. */
	@ReadOperation
	public ColbertDescriptor colbert() {
		StoreStats<?> stats = this.store.stats();
		return new ColbertDescriptor(stats.type(), index(stats), model(this.encoder.info()), queries());
	}

	static IndexDescriptor index(StoreStats<?> stats) {
		IndexFigures figures = (stats.index() != null) ? stats.index() : IndexFigures.UNKNOWN;
		return new IndexDescriptor(stats.documents(), stats.tokenVectors(), figures.centroids(), figures.nbits(),
				figures.dim(), (stats.bytesOnDisk() >= 0) ? stats.bytesOnDisk() : null, figures.bytesPerVector(),
				figures.compressionRatioVsFp16(), figures.averageDocumentLength(), figures.maxDocumentLength(),
				(figures.lastCommitTime() != null) ? figures.lastCommitTime().toString() : null,
				(figures.pendingDeletes() != null) ? figures.pendingDeletes().intValue() : null,
				figures.reclusterAdvisable(), figures.reclusterReason());
	}

	private static ModelDescriptor model(EncoderInfo info) {
		return new ModelDescriptor(info.source(), info.backbone(), info.dim(), info.fingerprint());
	}

	private QueriesDescriptor queries() {
		ColbertQueryRecorder.Snapshot recorded = this.recorder.snapshot();
		Collection<Timer> timers = timers();
		long count = recorded.count();
		double mean = recorded.meanMs();
		long timerCount = timers.stream().mapToLong(Timer::count).sum();
		if (timerCount > 0) {
			count = timerCount;
			mean = timers.stream().mapToDouble((timer) -> timer.totalTime(TimeUnit.MILLISECONDS)).sum() / timerCount;
		}
		if (count == 0) {
			return new QueriesDescriptor(0, null, null, null, null, null);
		}
		double[] published = (timers.size() == 1) ? publishedPercentiles(timers.iterator().next()) : null;
		if (published != null) {
			return new QueriesDescriptor(count, round(mean), round(published[0]), round(published[1]),
					round(published[2]), "micrometer");
		}
		if (recorded.count() == 0) {
			return new QueriesDescriptor(count, round(mean), null, null, null, null);
		}
		return new QueriesDescriptor(count, round(mean), round(recorded.p50Ms()), round(recorded.p95Ms()),
				round(recorded.p99Ms()), "last-" + recorded.window());
	}

	private Collection<Timer> timers() {
		if (this.meterRegistry == null) {
			return List.of();
		}
		String name = (this.recorder.observationName() != null) ? this.recorder.observationName()
				: DefaultVectorStoreObservationConvention.DEFAULT_NAME;
		return this.meterRegistry.find(name)
			.tag(LowCardinalityKeyNames.DB_SYSTEM.asString(), ColbertVectorStore.DB_SYSTEM)
			.tag(LowCardinalityKeyNames.DB_OPERATION_NAME.asString(),
					VectorStoreObservationContext.Operation.QUERY.value())
			.timers();
	}

	/** The timer's 0.5, 0.95 and 0.99 percentiles in milliseconds, or {@code null} unless it publishes all three. */
	private static double[] publishedPercentiles(Timer timer) {
		double[] values = { Double.NaN, Double.NaN, Double.NaN };
		double[] wanted = { 0.5, 0.95, 0.99 };
		for (ValueAtPercentile value : timer.takeSnapshot().percentileValues()) {
			for (int i = 0; i < wanted.length; i++) {
				if (Math.abs(value.percentile() - wanted[i]) < 1e-9) {
					values[i] = value.value(TimeUnit.MILLISECONDS);
				}
			}
		}
		for (double value : values) {
			if (Double.isNaN(value)) {
				return null;
			}
		}
		return values;
	}

	private static Double round(double value) {
		return Double.isNaN(value) ? null : Math.round(value * 1000) / 1000.0;
	}

}
