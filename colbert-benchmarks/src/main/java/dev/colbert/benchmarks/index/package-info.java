/**
 * Scale benchmark of the compressed index: build time, bytes on disk, peak memory and PLAID latency at 1M and 10M
 * token vectors ({@link dev.colbert.benchmarks.index.IndexScaleBenchmark}).
 */
package dev.colbert.benchmarks.index;
