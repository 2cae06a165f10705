/**
 * HTTP load on the running sample application: throughput and latency of {@code GET /api/search} with concurrent
 * clients, with and without token-level explanations ({@link dev.colbert.benchmarks.http.SearchLoadBenchmark}).
 */
package dev.colbert.benchmarks.http;
