#!/usr/bin/env bash
# HTTP load on the sample application (see docs/BENCHMARKS.md): builds the sample app and this module (no install),
# starts the app on its defaults (embedded model, PLAID + BM25 hybrid) with a fresh index in a temporary folder, waits
# until its knowledge base is ingested, then runs dev.colbert.benchmarks.http.SearchLoadBenchmark against it
# (8 clients, 60 s without and 60 s with explanations by default) and stops the app.
# Usage: colbert-benchmarks/search-load-benchmark.sh [--clients N] [--seconds N] [--warmup N] [--k N]
# Environment: SAMPLE_PORT (18080), SAMPLE_JAVA_OPTS (-Xmx2g --add-modules jdk.incubator.vector)
set -euo pipefail
cd "$(dirname "$0")/.."
port=${SAMPLE_PORT:-18080}
status() { curl -fsS --max-time 5 "http://127.0.0.1:$port/api/status" 2>/dev/null || true; }
if [ -n "$(status)" ]; then
  echo "port $port already answers /api/status: stop that application or set SAMPLE_PORT" >&2
  exit 1
fi
./mvnw -q -B -pl sample-rag-app,colbert-benchmarks -am package -DskipTests dependency:build-classpath \
  -Dmdep.outputFile=target/benchmark-classpath.txt -Dmdep.includeScope=runtime >/dev/null
jar=$(ls sample-rag-app/target/sample-rag-app-*.jar | grep -v -- '-plain\|-sources\|-javadoc' | head -1)
work=$(mktemp -d)
app=
trap 'if [ -n "${app:-}" ]; then kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
(cd "$work" && exec java ${SAMPLE_JAVA_OPTS:--Xmx2g --add-modules jdk.incubator.vector} -jar "$OLDPWD/$jar" \
  --server.port="$port" --colbert.store.embedded.path="$work/index" \
  --sample.knowledge-base.manifest="$work/kb.properties" > "$work/app.log" 2>&1) &
app=$!
# the ingestion of the bundled knowledge base takes minutes on 2 cores: wait up to 30 min for it
state=
for _ in $(seq 1 900); do
  kill -0 "$app" 2>/dev/null || { echo "the sample app stopped:" >&2; tail -50 "$work/app.log" >&2; exit 1; }
  state=$(status | grep -o '"state":"[A-Z]*"' | head -1 | cut -d'"' -f4 || true)
  case "$state" in
    READY|REUSED) break ;;
    FAILED|DISABLED) echo "the knowledge-base ingestion is $state:" >&2; tail -50 "$work/app.log" >&2; exit 1 ;;
  esac
  sleep 2
done
[ "$state" = READY ] || [ "$state" = REUSED ] || { echo "the knowledge base was not ingested in 30 min" >&2; exit 1; }
CLASSPATH="colbert-benchmarks/target/classes:$(cat colbert-benchmarks/target/benchmark-classpath.txt)"
java -Xmx512m -cp "$CLASSPATH" dev.colbert.benchmarks.http.SearchLoadBenchmark --url "http://127.0.0.1:$port" "$@"
