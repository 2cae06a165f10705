#!/usr/bin/env bash
# Encoder native-memory benchmark: RSS of bge-small-en-v1.5 encoding over many batches (see docs/BENCHMARKS.md).
# Usage: colbert-benchmarks/encoder-memory-benchmark.sh [--dataset DIR] [--batches N] [--long-every N] ...
# Builds colbert-core and this module (no install), then runs dev.colbert.benchmarks.encoder.EncoderMemoryBenchmark
# with a fixed, pre-touched heap, so that growth of the resident set is native memory.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl colbert-benchmarks -am compile dependency:build-classpath \
  -Dmdep.outputFile=target/benchmark-classpath.txt -Dmdep.includeScope=runtime >/dev/null
CLASSPATH="colbert-benchmarks/target/classes:$(cat colbert-benchmarks/target/benchmark-classpath.txt)"
exec java ${BENCHMARK_JAVA_OPTS:--Xms512m -Xmx512m -XX:+AlwaysPreTouch -XX:+UseSerialGC} -cp "$CLASSPATH" \
  dev.colbert.benchmarks.encoder.EncoderMemoryBenchmark "$@"
