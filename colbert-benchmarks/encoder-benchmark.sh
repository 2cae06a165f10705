#!/usr/bin/env bash
# Encoder benchmark: DJL PyTorch vs ONNX Runtime on bge-small-en-v1.5 (see docs/BENCHMARKS.md).
# Usage: colbert-benchmarks/encoder-benchmark.sh [--dataset DIR] [--limit N] [--batch-size N] [--threads N] ...
# Builds colbert-core and this module (no install), then runs dev.colbert.benchmarks.encoder.EncoderBenchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl colbert-benchmarks -am compile dependency:build-classpath \
  -Dmdep.outputFile=target/benchmark-classpath.txt -Dmdep.includeScope=runtime >/dev/null
CLASSPATH="colbert-benchmarks/target/classes:$(cat colbert-benchmarks/target/benchmark-classpath.txt)"
exec java ${BENCHMARK_JAVA_OPTS:--Xmx1536m -XX:+UseParallelGC} -cp "$CLASSPATH" \
  dev.colbert.benchmarks.encoder.EncoderBenchmark "$@"
