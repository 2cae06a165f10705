#!/usr/bin/env python3
"""Builds a small SQuAD validation collection (BEIR layout) from the split of scripts/training/squad-split.py.

The validation questions (qrels/validation.tsv: held-out articles, never trained on) are ranked over their own
held-out paragraphs plus a seeded sample of other SQuAD train paragraphs as distractors, so that a checkpoint or a
retrieval setting can be validated without encoding all 18,896 paragraphs.

    scripts/datasets/squad-validation-beir.py SPLIT OUT [--paragraphs 3000] [--seed 13]

SPLIT is the folder squad-split.py wrote (corpus.jsonl, queries.jsonl, qrels/validation.tsv, heldout-docs.txt).
OUT gets corpus.jsonl, queries.jsonl and qrels/test.tsv.
"""
import argparse
import json
import os
import random

parser = argparse.ArgumentParser()
parser.add_argument('split')
parser.add_argument('out')
parser.add_argument('--paragraphs', type=int, default=3000)
parser.add_argument('--seed', type=int, default=13)
args = parser.parse_args()

with open(os.path.join(args.split, 'qrels', 'validation.tsv')) as f:
    header = f.readline()
    qrels = [line.rstrip('\n').split('\t') for line in f if line.strip()]
with open(os.path.join(args.split, 'heldout-docs.txt')) as f:
    heldout = [line.strip() for line in f if line.strip()]
questions = {q for q, _, _ in qrels}
heldout_set = set(heldout)

corpus = {}
with open(os.path.join(args.split, 'corpus.jsonl')) as f:
    for line in f:
        doc = json.loads(line)
        corpus[doc['_id']] = line
others = sorted(d for d in corpus if d not in heldout_set)
rng = random.Random(args.seed)
distractors = rng.sample(others, max(0, args.paragraphs - len(heldout)))
chosen = sorted(heldout_set | set(distractors))

os.makedirs(os.path.join(args.out, 'qrels'), exist_ok=True)
with open(os.path.join(args.out, 'corpus.jsonl'), 'w') as f:
    for d in chosen:
        f.write(corpus[d])
with open(os.path.join(args.split, 'queries.jsonl')) as f, open(os.path.join(args.out, 'queries.jsonl'), 'w') as out:
    for line in f:
        if json.loads(line)['_id'] in questions:
            out.write(line)
with open(os.path.join(args.out, 'qrels', 'test.tsv'), 'w') as f:
    f.write('query-id\tcorpus-id\tscore\n')
    for q, d, s in qrels:
        f.write(f'{q}\t{d}\t{s}\n')
print(f'{len(questions)} questions, {len(chosen)} paragraphs ({len(heldout)} held out, {len(distractors)} distractors)')
