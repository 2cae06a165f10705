/**
 * The encoder benchmarks: encoding throughput and query latency of the PyTorch encoder beside ONNX Runtime on the same
 * weights and token batches ({@link dev.colbert.benchmarks.encoder.EncoderBenchmark}), and the resident set of a real
 * model over many batches ({@link dev.colbert.benchmarks.encoder.EncoderMemoryBenchmark}).
 */
package dev.colbert.benchmarks.encoder;
