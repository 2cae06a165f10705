package dev.colbert.benchmarks.http;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.colbert.benchmarks.ClosedLoopLoad;
import dev.colbert.benchmarks.Statistics;

/**
 * HTTP load on a running sample application: {@code --clients} threads, each sending {@code GET /api/search} one
 * after the other (closed loop, no think time) for {@code --seconds}, first without explanations and then, in the same
 * run and on the same queries, with them ({@code explain=true}, the web page's default). Each phase starts with
 * {@code --warmup} seconds whose requests are not counted.
 *
 * <p>Reports per phase: requests, errors, throughput, client-side latency p50/p90/p99 and the server's own
 * {@code tookMs} p50. The queries are the section headings of the sample's knowledge base ({@code --kb DIR} of
 * Markdown files) or the lines of {@code --queries FILE}.
 *
 * <pre>
 * colbert-benchmarks/search-load-benchmark.sh [--clients 8] [--seconds 60] [--k 5]
 * </pre>
 */
public final class SearchLoadBenchmark {

	private static final Pattern TOOK = Pattern.compile("\"tookMs\"\\s*:\\s*([0-9.Ee+-]+)");

	private static final Pattern HEADING_NUMBER = Pattern.compile("^(\\(\\d+\\)|[0-9]+(\\.[0-9]+)*\\.?)\\s+");

	private SearchLoadBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args);
		List<String> queries = options.queries();
		System.out.printf(Locale.ROOT, "%d queries, %d clients, %d s (+%d s warm-up) per phase, k=%d, %s%n",
				queries.size(), options.clients, options.seconds, options.warmup, options.k, options.url);
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		List<PhaseResult> results = new ArrayList<>();
		for (boolean explain : new boolean[] { false, true }) {
			PhaseResult result = runPhase(client, options, queries, explain);
			results.add(result);
			System.out.println(result.line());
		}
		System.out.println();
		System.out.println("| explanations | requests | errors | throughput (req/s) | client p50 / p90 / p99 (ms) "
				+ "| server tookMs p50 (ms) |");
		System.out.println("|---|---|---|---|---|---|");
		for (PhaseResult result : results) {
			System.out.println(result.row());
		}
		if (results.size() == 2 && results.get(0).throughput() > 0) {
			System.out.printf(Locale.ROOT, "%nthroughput with / without explanations: %.3f%n",
					results.get(1).throughput() / results.get(0).throughput());
		}
		if (results.stream().anyMatch(r -> r.log().errors > 0)) {
			System.exit(1);
		}
	}

	private static PhaseResult runPhase(HttpClient client, Options options, List<String> queries, boolean explain)
			throws Exception {
		List<ClosedLoopLoad.Sample<Double>> samples = ClosedLoopLoad.run(options.clients, queries.size(),
				TimeUnit.SECONDS.toNanos(options.warmup), TimeUnit.SECONDS.toNanos(options.seconds),
				(i) -> send(client, options, queries.get(i), explain));
		PhaseLog log = new PhaseLog();
		for (ClosedLoopLoad.Sample<Double> sample : samples) {
			log.add(sample.result() != null, sample.millis(), (sample.result() != null) ? sample.result() : Double.NaN);
		}
		return new PhaseResult(explain, log, options.seconds);
	}

	/** Sends one search; returns the server's {@code tookMs} (NaN when absent), or {@code null} when it failed. */
	private static Double send(HttpClient client, Options options, String query, boolean explain)
			throws InterruptedException {
		URI uri = URI.create(options.url + "/api/search?k=" + options.k + "&explain=" + explain + "&q="
				+ URLEncoder.encode(query, StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build();
		try {
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				return null;
			}
			Matcher matcher = TOOK.matcher(response.body());
			return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
		}
		catch (IOException ex) {
			return null;
		}
	}

	/** Options of one run. */
	private record Options(String url, int clients, int seconds, int warmup, int k, Path kb, Path queriesFile) {

		static Options parse(String[] args) {
			String url = "http://127.0.0.1:8080";
			int clients = 8;
			int seconds = 60;
			int warmup = 10;
			int k = 5;
			Path kb = Path.of("sample-rag-app/src/main/resources/kb");
			Path queries = null;
			for (int i = 0; i < args.length; i += 2) {
				if (i + 1 >= args.length) {
					throw new IllegalArgumentException("missing value for " + args[i]);
				}
				String value = args[i + 1];
				switch (args[i]) {
					case "--url" -> url = value.replaceAll("/+$", "");
					case "--clients" -> clients = bounded("--clients", value, 1, 256);
					case "--seconds" -> seconds = bounded("--seconds", value, 1, 3600);
					case "--warmup" -> warmup = bounded("--warmup", value, 0, 600);
					case "--k" -> k = bounded("--k", value, 1, 100);
					case "--kb" -> kb = Path.of(value);
					case "--queries" -> queries = Path.of(value);
					default -> throw new IllegalArgumentException("unknown option " + args[i]
							+ " (--url --clients --seconds --warmup --k --kb --queries)");
				}
			}
			return new Options(url, clients, seconds, warmup, k, kb, queries);
		}

		private static int bounded(String name, String value, int min, int max) {
			int parsed = Integer.parseInt(value);
			if (parsed < min || parsed > max) {
				throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], was " + value);
			}
			return parsed;
		}

		List<String> queries() throws IOException {
			List<String> queries = new ArrayList<>();
			if (this.queriesFile != null) {
				for (String line : Files.readAllLines(this.queriesFile)) {
					if (!line.isBlank()) {
						queries.add(line.strip());
					}
				}
			}
			else {
				try (var files = Files.list(this.kb)) {
					for (Path file : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
						for (String line : Files.readAllLines(file)) {
							if (line.startsWith("#")) {
								String heading = HEADING_NUMBER.matcher(line.replaceFirst("^#+\\s*", "")).replaceFirst("");
								if (heading.length() >= 8) {
									queries.add(heading);
								}
							}
						}
					}
				}
			}
			if (queries.isEmpty()) {
				throw new IllegalArgumentException("no queries found (--kb " + this.kb + ", --queries "
						+ this.queriesFile + ")");
			}
			return queries;
		}

	}

	/** What the clients saw in a phase's measured window. */
	private static final class PhaseLog {

		final List<Double> latencies = new ArrayList<>();

		final List<Double> took = new ArrayList<>();

		int errors;

		void add(boolean ok, double latencyMs, double tookMs) {
			if (!ok) {
				this.errors++;
				return;
			}
			this.latencies.add(latencyMs);
			if (!Double.isNaN(tookMs)) {
				this.took.add(tookMs);
			}
		}

	}

	/** One phase's figures. */
	private record PhaseResult(boolean explain, PhaseLog log, int seconds) {

		double throughput() {
			return this.log.latencies.size() / (double) this.seconds;
		}

		String line() {
			return String.format(Locale.ROOT, "explain=%s: %d requests, %d errors, %.2f req/s, p50 %.1f ms, p99 %.1f ms",
					this.explain, this.log.latencies.size(), this.log.errors, throughput(), percentile(this.log.latencies, 50),
					percentile(this.log.latencies, 99));
		}

		String row() {
			return String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %.1f / %.1f / %.1f | %.1f |", this.explain ? "yes" : "no",
					this.log.latencies.size(), this.log.errors, throughput(), percentile(this.log.latencies, 50),
					percentile(this.log.latencies, 90), percentile(this.log.latencies, 99),
					percentile(this.log.took, 50));
		}

		private static double percentile(List<Double> values, double p) {
			return values.isEmpty() ? Double.NaN
					: Statistics.percentile(values.stream().mapToDouble(Double::doubleValue).toArray(), p);
		}

	}

}
