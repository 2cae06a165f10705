#!/usr/bin/env python3
"""Step 4c of scripts/training/README.md: re-scores mined training examples with the fused teacher that
teacher_fusion.py chose on validation data: bge MaxSim + WE x n_q x e5 cosine + WB x BM25 (n_q: the bge query's
vector count, from QueryTokenCounts.java; BM25 as in teacher_fusion.py, over the training corpus).

  python3 fuse_mined.py MINED.jsonl BEIR_DIR COUNTS E5_PREFIX OUT.jsonl [WE WB T]   (defaults WE 2, WB 0.05, T 1)

T divides the fused scores (a temperature for the trainer's softmax): T = the mean spread of the fused scores over
the mean spread of the MaxSim scores alone (within each example) gives the fused teacher the original's sharpness.

MINED.jsonl lines are [qid, [pid, score], ...] with the positive first (mine.sh); OUT keeps that order and only
replaces the scores, so the trainer reads it like the original.
"""
import json, sys, time
import numpy as np
from teacher_fusion import BM25, read_dense, read_texts

def main(mined, beir, counts_file, e5_prefix, out_file, we='2', wb='0.05', temperature='1'):
    we, wb, temperature = float(we), float(wb), float(temperature)
    t0 = time.time()
    corpus, queries = read_texts(beir)
    ids, texts = list(corpus), list(corpus.values())
    row = {d: i for i, d in enumerate(ids)}
    counts = {q: int(n) for q, n in (l.split('\t') for l in open(counts_file).read().split('\n') if l)}
    qv, pv = read_dense(e5_prefix + '.queries'), read_dense(e5_prefix + '.passages')
    bm = BM25(texts)
    print(f'loaded {len(ids)} passages, {len(queries)} queries in {time.time() - t0:.0f} s', flush=True)
    kept = flipped = 0
    with open(mined) as src, open(out_file, 'w') as out:
        for n, line in enumerate(src, 1):
            example = json.loads(line); qid = example[0]; docs = example[1:]
            terms = bm.analyze_query(queries[qid])
            fused = []
            for pid, score in docs:
                dense = float(qv[qid] @ pv[pid])
                fused.append([pid, round((score + we * counts[qid] * dense + wb * bm.score(terms, row[pid])) / temperature, 6)])
            flipped += int(max(range(len(fused)), key=lambda i: fused[i][1]) != 0)
            out.write(json.dumps([qid] + fused, separators=(',', ':')) + '\n'); kept += 1
            if n % 5000 == 0:
                print(f'{n} examples, {n / (time.time() - t0):.0f}/s', flush=True)
    print(f'wrote {kept} examples; the positive is not the fused top in {flipped}', flush=True)

if __name__ == '__main__':
    main(*sys.argv[1:9])
