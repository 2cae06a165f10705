#!/usr/bin/env python3
"""Splits SQuAD v1.1 train (BEIR layout) into training questions and held-out validation questions, by article.

Hyper-parameters and checkpoints of the default model are chosen on the validation split, never on an evaluation
collection. Whole articles are held out, so no validation question shares a paragraph (or an article) with a training
question; their paragraphs stay in the corpus as candidates but are listed in heldout-docs.txt so that mining never
uses them as negatives.

    scripts/training/squad-split.py ../shared/datasets/squad-v1.1-train OUT [--heldout-articles 20] [--seed 13]

OUT gets corpus.jsonl and queries.jsonl (links to the originals), qrels/train.tsv, qrels/validation.tsv (a sample
of 1,000 held-out questions) and heldout-docs.txt.
"""
import argparse
import os
import random
import re

parser = argparse.ArgumentParser()
parser.add_argument('source')
parser.add_argument('out')
parser.add_argument('--heldout-articles', type=int, default=20)
parser.add_argument('--validation-queries', type=int, default=1000)
parser.add_argument('--seed', type=int, default=13)
args = parser.parse_args()

ARTICLE = re.compile(r'^sqtr-a(\d+)-p\d+$')
rows = []
with open(os.path.join(args.source, 'qrels', 'train.tsv')) as f:
    header = f.readline()
    for line in f:
        q, d, s = line.rstrip('\n').split('\t')
        rows.append((q, d, s))
articles = sorted({ARTICLE.match(d).group(1) for _, d, _ in rows})
rng = random.Random(args.seed)
heldout = set(rng.sample(articles, args.heldout_articles))
train = [r for r in rows if ARTICLE.match(r[1]).group(1) not in heldout]
held = [r for r in rows if ARTICLE.match(r[1]).group(1) in heldout]
held_queries = sorted({q for q, _, _ in held})
sample = set(rng.sample(held_queries, min(args.validation_queries, len(held_queries))))
os.makedirs(os.path.join(args.out, 'qrels'), exist_ok=True)
for name in ('corpus.jsonl', 'queries.jsonl'):
    link = os.path.join(args.out, name)
    if os.path.lexists(link):
        os.remove(link)
    os.symlink(os.path.abspath(os.path.join(args.source, name)), link)
with open(os.path.join(args.out, 'qrels', 'train.tsv'), 'w') as f:
    f.write(header)
    f.writelines('\t'.join(r) + '\n' for r in train)
with open(os.path.join(args.out, 'qrels', 'validation.tsv'), 'w') as f:
    f.write(header)
    f.writelines('\t'.join(r) + '\n' for r in held if r[0] in sample)
heldout_docs = sorted({d for _, d, _ in held})
with open(os.path.join(args.out, 'heldout-docs.txt'), 'w') as f:
    f.writelines(d + '\n' for d in heldout_docs)
# every paragraph of a held-out article, judged or not
with open(os.path.join(args.source, 'corpus.jsonl')) as f:
    ids = [line.split('"_id": "', 1)[1].split('"', 1)[0] for line in f]
all_heldout = sorted(d for d in ids if ARTICLE.match(d).group(1) in heldout)
with open(os.path.join(args.out, 'heldout-docs.txt'), 'w') as f:
    f.writelines(d + '\n' for d in all_heldout)
print(f'articles {len(articles)}, held out {len(heldout)}: {sorted(heldout)}')
print(f'training questions {len({q for q, _, _ in train})}, held-out questions {len(held_queries)}, '
      f'validation sample {len(sample)}, held-out paragraphs {len(all_heldout)}')
