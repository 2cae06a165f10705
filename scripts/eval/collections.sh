#!/usr/bin/env bash
# Runs bin/colbert-eval on every collection of the default model's evaluation table (docs/BENCHMARKS.md, "The
# default model"), one JSON report per collection, with the same colbert-eval options for all of them.
#
#   scripts/eval/collections.sh OUT_DIR [colbert-eval options...]
#   e.g. scripts/eval/collections.sh runs/new --mode plaid,float
#
# Collections: COLLECTIONS (space separated names, default all below) found under SHARED (default ../shared/datasets:
# scifact cran med time adi squad-v1.1-dev) or DATA (default ../data: python-faq sqlite-faq perl-faq, built by
# scripts/datasets/*.py). squad-v1.1-dev runs on its first SQUAD_QUERIES (2000) queries; perl-faq is a validation
# collection (used to pick checkpoints), reported apart.
set -euo pipefail
out=${1:?usage: collections.sh OUT_DIR [colbert-eval options...]}; shift
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=${SHARED:-$root/../shared/datasets}
data=${DATA:-$root/../data}
collections=${COLLECTIONS:-"scifact cran med time adi squad-v1.1-dev python-faq sqlite-faq"}
mkdir -p "$out"
for c in $collections; do
  dir="$shared/$c"; [ -d "$dir" ] || dir="$data/$c"
  [ -d "$dir" ] || { echo "$c: no folder under $shared or $data" >&2; continue; }
  extra=()
  [ "$c" = squad-v1.1-dev ] && extra=(--max-queries "${SQUAD_QUERIES:-2000}")
  if "$root/bin/colbert-eval" --dataset "$dir" --output "$out/$c.json" "${extra[@]}" "$@" > "$out/$c.log" 2>&1; then
    python3 - "$out/$c.json" "$c" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
modes = '  '.join(f"{m}: {v['ndcg@10']:.4f}/{v['recall@100']:.4f} p50 {v['search_ms_p50']:.1f} ms" for m, v in r['modes'].items())
print(f"{sys.argv[2]:<15} {r.get('bytes_per_vector', 0):6.2f} B/vec  {modes}")
PY
  else
    echo "$c: colbert-eval failed, see $out/$c.log"
  fi
done
