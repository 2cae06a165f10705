#!/usr/bin/env bash
# HTTP load on the sample application (see docs/BENCHMARKS.md): builds the sample app and this module (no install),
# starts the app on its defaults (embedded model, PLAID + BM25 hybrid) with a fresh index in a temporary folder, waits
# until its knowledge base is ingested, then runs dev.colbert.benchmarks.http.SearchLoadBenchmark against it
# (8 clients, 60 s without and 60 s with explanations by default) and stops the app.
# Usage: colbert-benchmarks/search-load-benchmark.sh [--clients N] [--seconds N] [--warmup N] [--k N]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl sample-rag-app,colbert-benchmarks -am package -DskipTests dependency:build-classpath \
  -Dmdep.outputFile=target/benchmark-classpath.txt -Dmdep.includeScope=runtime >/dev/null
jar=$(ls sample-rag-app/target/sample-rag-app-*.jar | grep -v -- '-plain\|-sources\|-javadoc' | head -1)
work=$(mktemp -d)
port=${SAMPLE_PORT:-18080}
trap 'kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; rm -rf "$work"' EXIT
(cd "$work" && exec java ${SAMPLE_JAVA_OPTS:--Xmx2g} -jar "$OLDPWD/$jar" --server.port="$port" \
  --colbert.store.embedded.path="$work/index" --sample.knowledge-base.manifest="$work/kb.properties" \
  > "$work/app.log" 2>&1) &
app=$!
# the ingestion of the bundled knowledge base takes minutes on 2 cores: wait up to 30 min for it
for _ in $(seq 1 1800); do
  if curl -fsS "http://127.0.0.1:$port/api/status" 2>/dev/null | grep -q '"state":"\(READY\|REUSED\)"'; then break; fi
  kill -0 "$app" 2>/dev/null || { echo "the sample app stopped:" >&2; tail -50 "$work/app.log" >&2; exit 1; }
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/api/status" | grep -q '"state":"\(READY\|REUSED\)"' \
  || { echo "the knowledge base was not ingested in 30 min" >&2; exit 1; }
CLASSPATH="colbert-benchmarks/target/classes:$(cat colbert-benchmarks/target/benchmark-classpath.txt)"
java -Xmx512m -cp "$CLASSPATH" dev.colbert.benchmarks.http.SearchLoadBenchmark --url "http://127.0.0.1:$port" "$@"
