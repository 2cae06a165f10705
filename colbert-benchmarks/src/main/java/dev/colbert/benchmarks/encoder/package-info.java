/**
 * The encoder benchmark: encoding throughput and query latency of the PyTorch encoder beside ONNX Runtime on the same
 * weights and token batches.
 */
package dev.colbert.benchmarks.encoder;
