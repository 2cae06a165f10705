#!/usr/bin/env python3
"""Merges mined training examples of several BEIR folders into one training set for bin/colbert-train --triples:
ids are prefixed with the set's name so that they cannot collide.

    scripts/training/merge-mined.py OUT NAME=MINED.jsonl:BEIR_DIR [NAME=MINED.jsonl:BEIR_DIR ...]

OUT gets triples.jsonl ([qid, [pid, score], ...] lines, the mined order kept), queries.jsonl and corpus.jsonl (every
query and passage the examples use). Train with
--triples OUT/triples.jsonl --queries OUT/queries.jsonl --collection OUT/corpus.jsonl.
"""
import json
import os
import sys

if len(sys.argv) < 3:
    sys.exit(__doc__)
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
queries_out, corpus_out, seen_docs = {}, {}, set()
with open(os.path.join(out, 'triples.jsonl'), 'w') as triples:
    for spec in sys.argv[2:]:
        name, rest = spec.split('=', 1)
        mined, beir = rest.split(':', 1)
        queries = {}
        for line in open(os.path.join(beir, 'queries.jsonl')):
            q = json.loads(line)
            queries[q['_id']] = q['text']
        corpus = {}
        for line in open(os.path.join(beir, 'corpus.jsonl')):
            d = json.loads(line)
            corpus[d['_id']] = d
        count = 0
        for line in open(mined):
            row = json.loads(line)
            qid = f'{name}:{row[0]}'
            queries_out[qid] = queries[row[0]]
            merged = [qid]
            for pid, score in row[1:]:
                key = f'{name}:{pid}'
                if key not in seen_docs:
                    seen_docs.add(key)
                    d = dict(corpus[pid])
                    d['_id'] = key
                    corpus_out[key] = d
                merged.append([key, score])
            triples.write(json.dumps(merged) + '\n')
            count += 1
        print(f'{name}: {count} examples')
with open(os.path.join(out, 'queries.jsonl'), 'w') as f:
    for qid, text in queries_out.items():
        f.write(json.dumps({'_id': qid, 'text': text}) + '\n')
with open(os.path.join(out, 'corpus.jsonl'), 'w') as f:
    for d in corpus_out.values():
        f.write(json.dumps(d) + '\n')
print(f'{len(queries_out)} queries, {len(corpus_out)} passages')
