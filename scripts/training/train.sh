#!/usr/bin/env bash
# Step 5 of scripts/training/README.md: the training stages of the default model. Resumable: rerun the same command
# (it adds --resume when the stage's resume/ state exists).
#   train.sh DATA s1 [W]        projection 384 -> 128 from PCA, frozen backbone (seeded with the teacher vectors);
#                               KL distillation from the teacher's MaxSim + W x in-batch cross-entropy (default W 1)
#   train.sh DATA s2 BASE [W]   the projection and the top LAYERS (default 4) transformer layers from checkpoint BASE
#   train.sh DATA qt [W]        a query tower: the top LAYERS (default 4) layers and a projection 384 -> 128 (from
#                               PCA) for queries, a projection of their own for documents, whose layers stay the
#                               backbone's (their vectors come from the teacher's cache, so a step costs little);
#                               validated on DATA/perl-faq and DATA/squad-val every EVAL_EVERY (250) steps
# TRIPLES picks the scored examples (default DATA/mined/squad-train-bge384.jsonl, the bge teacher's; step 4c writes
# the fused teacher's), QUERIES and COLLECTION the texts they name (default SQuAD's; merge-mined.py writes merged
# ones), SEED_CORPORA the corpus files (comma-separated) whose cached teacher vectors seed a query-tower job, RUN names
# the run's folder (DATA/train/STAGE-...-wW-RUN) so runs on other data stay apart, CACHE_MIB the memory for the
# seeded teacher vectors of a query-tower job (default 6000; about 200 MiB per 1,000 passages of 130 tokens),
# QUERY_MAXLEN the queries' length while training (default 512) and QUERY_AUGMENTATION=true pads them with [MASK] to
# that length (ColBERT's query augmentation; the checkpoint keeps both).
set -euo pipefail
data=${1:?usage: train.sh DATA STAGE ...}; stage=${2:?stage s1 or s2}
root=$(cd "$(dirname "$0")/../.." && pwd)
common=(--triples "${TRIPLES:-$data/mined/squad-train-bge384.jsonl}" --queries "${QUERIES:-$data/squad-split/queries.jsonl}"
  --collection "${COLLECTION:-$data/squad-split/corpus.jsonl}" --loss kl-distillation --in-batch true --doc-maxlen 512
  --query-maxlen "${QUERY_MAXLEN:-512}" --eval-examples 200 --threads 2 ${QUERY_AUGMENTATION:+--query-augmentation "$QUERY_AUGMENTATION"})
case "$stage" in
  s1)
    w=${3:-1}; out="$data/train/s1-w$w${RUN:+-$RUN}"
    args=(--output "$out" --layers projection --dim 128 --in-batch-weight "$w" --nway 8 --batch-size 16 --lr 2e-4
      --warmup 60 --steps "${STEPS:-1200}" --checkpoint-every 100 --cache-mib 6000 --seed-vectors "$data/vec-cache"
      --corpus "$data/squad-split/corpus.jsonl" --derive-eval-cache) ;;
  s2)
    base=${3:?s2 needs the checkpoint to start from}; w=${4:-1}; out="$data/train/s2-top${LAYERS:-4}-w$w${RUN:+-$RUN}"
    args=(--output "$out" --base-model "$base" --layers "top-${LAYERS:-4}" --in-batch-weight "$w" --nway 8
      --batch-size 16 --lr "${LR:-3e-5}" --warmup 60 --steps "${STEPS:-1200}" --checkpoint-every 25 --eval-every 500
      --eval-examples 100 --cache-mib 5500) ;;
  qt)
    w=${3:-0}; out="$data/train/qt-top${LAYERS:-4}-w$w${RUN:+-$RUN}"
    args=(--output "$out" --layers "query-top-${LAYERS:-4}" --dim 128 --in-batch-weight "$w" --nway "${NWAY:-16}"
      --batch-size 16 --lr "${LR:-5e-5}" --warmup 100 --steps "${STEPS:-1500}" --checkpoint-every 100
      --eval-every "${EVAL_EVERY:-250}" --eval-examples 100 --cache-mib "${CACHE_MIB:-6000}" --seed-vectors "$data/vec-cache"
      --corpus "${SEED_CORPORA:-$data/squad-split/corpus.jsonl}" --validate "$data/perl-faq,$data/squad-val") ;;
  *) echo "unknown stage $stage" >&2; exit 2 ;;
esac
resume=()
[ -f "$out/resume/trainer-state.json" ] && resume=(--resume)

exec "$root/bin/colbert-train" "${common[@]}" "${args[@]}" "${resume[@]}"
