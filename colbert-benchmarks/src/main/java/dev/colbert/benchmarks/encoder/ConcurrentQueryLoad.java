package dev.colbert.benchmarks.encoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.colbert.benchmarks.ClosedLoopLoad;
import dev.colbert.benchmarks.Statistics;
import dev.colbert.encoder.ColbertEncoder;

/**
 * Single queries from several concurrent clients: each engine in turn gets {@code clients} threads that encode one
 * query after the other (closed loop) for a fixed time, after a warm-up of the same length as a tenth of it. Reports
 * throughput and latency percentiles per engine, and the throughput ratios.
 */
final class ConcurrentQueryLoad {

	private ConcurrentQueryLoad() {
	}

	static void measure(Map<String, ColbertEncoder> engines, List<String> queries, int clients, int seconds)
			throws Exception {
		if (queries.isEmpty() || engines.isEmpty() || clients < 1) {
			return;
		}
		System.out.printf(Locale.ROOT, "%d concurrent query clients, %d s per engine (after %d s of warm-up):%n",
				clients, seconds, Math.max(1, seconds / 10));
		List<String> labels = new ArrayList<>(engines.keySet());
		double[] throughput = new double[labels.size()];
		for (int e = 0; e < labels.size(); e++) {
			ColbertEncoder engine = engines.get(labels.get(e));
			double[] values = ClosedLoopLoad.millis(ClosedLoopLoad.run(clients, queries.size(),
					TimeUnit.SECONDS.toNanos(Math.max(1, seconds / 10)), TimeUnit.SECONDS.toNanos(seconds), (i) -> {
						engine.encodeQuery(queries.get(i));
						return null;
					}));
			throughput[e] = values.length / (double) seconds;
			System.out.printf(Locale.ROOT, "  %s  %.1f queries/s; latency p50 %.1f ms, p99 %.1f ms (%d queries); load %s%n",
					labels.get(e), throughput[e], Statistics.percentile(values, 50), Statistics.percentile(values, 99),
					values.length, ProcessMemory.loadAverage());
		}
		for (int e = 1; e < labels.size(); e++) {
			for (int f = 0; f < e; f++) {
				System.out.printf(Locale.ROOT, "  throughput ratio %s/%s: %.3f%n", labels.get(e).trim(),
						labels.get(f).trim(), throughput[e] / throughput[f]);
			}
		}
	}

}
