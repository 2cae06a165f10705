#!/usr/bin/env bash
# Step 4 of scripts/training/README.md: mines hard negatives with teacher scores for the default model's training.
# Resumable: rerun to continue; raise QUERIES to mine more (the order is seeded, so earlier lines stay valid).
set -euo pipefail
data=${1:?usage: mine.sh DATA_DIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$data/mined"
exec "$root/bin/colbert-mine" --beir "$data/squad-split" --split train \
  --output "$data/mined/squad-train-bge384.jsonl" --doc-maxlen 512 --query-maxlen 512 --depth 32 \
  --exclude-docs "$data/squad-split/heldout-docs.txt" --max-queries "${QUERIES:-40000}" --seed 42 \
  --index-dir "$data/idx-squad-base" --cache-dir "$data/vec-cache" --threads 2
