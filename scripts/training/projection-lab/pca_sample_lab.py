#!/usr/bin/env python3
"""How the document sample of the trainer's PCA start (ColbertTrainer: uncentered PCA of the token vectors of 256
documents) moves exact-MaxSim nDCG@10 on validation collections, in numpy, without training.

  python3 pca_sample_lab.py FIT1.vectors,FIT2.vectors,... SIZES NAME:DOCS.vectors:QUERIES.q384:QIDS:QRELS ...

FIT*.vectors are the teacher's vector caches of the training corpora (bin/colbert-mine / bin/colbert-eval
--cache-dir); SIZES are comma-separated sample sizes in documents, drawn uniformly (seed 42) from the union of the
fit caches, each sample containing the smaller ones; each validation collection is given by its cached document
vectors, its queries' vectors (DumpQueries.java), their ids and its qrels (see projection_lab.py). One pass over the
fit caches accumulates every sample's second-moment matrix.
"""
import sys, struct, time
import numpy as np
from projection_lab import read_cache, read_header, read_queries, read_qrels, evaluate

def header(path):
    """(document count, dim) of a vector cache."""
    with open(path, 'rb') as h:
        return read_header(h)

def grams(paths, rank, sizes, dim):
    """Per sample size: sum of x x^T over the token vectors of the documents whose rank is below it, and the count."""
    G = {s: np.zeros((dim, dim)) for s in sizes}; n = {s: 0 for s in sizes}; g = 0; largest = max(sizes)
    for path in paths:
        with open(path, 'rb') as h:
            docs, dim = read_header(h)
            for d in range(docs):
                h.read(struct.unpack('>H', h.read(2))[0])
                count = struct.unpack('>i', h.read(4))[0]
                r = rank[g]; g += 1
                if r >= largest:
                    h.seek(count * dim * 4, 1); continue
                X = np.frombuffer(h.read(count * dim * 4), dtype='>f4').astype(np.float64).reshape(count, dim)
                XX = X.T @ X
                for s in sizes:
                    if r < s:
                        G[s] += XX; n[s] += count
    return G, n

fits = sys.argv[1].split(','); sizes = [int(s) for s in sys.argv[2].split(',')]
vals = []
for spec in sys.argv[3:]:
    name, docs, q, qids, qrels = spec.split(':')
    ids, dv = read_cache(docs)
    qs = read_queries(q)
    vals.append((name, ids, np.concatenate(dv), np.array([v.shape[0] for v in dv]), qs,
                 open(qids).read().split('\n')[:len(qs)], read_qrels(qrels)))
heads = [header(f) for f in fits]
counts = [docs for docs, _ in heads]
total = sum(counts)
rng = np.random.default_rng(42)
order = rng.permutation(total)
rank = np.empty(total, dtype=np.int64); rank[order] = np.arange(total)
t = time.time()
G, n = grams(fits, rank, sizes, heads[0][1])
print(f'grams in {time.time() - t:.0f} s', flush=True)
for size in sizes:
    w, V = np.linalg.eigh(G[size] / n[size])
    W = V[:, np.argsort(-w)[:128]].T
    kept = np.sort(w)[::-1][:128].sum() / w.sum()
    line = f'{size} documents, {n[size]} vectors, keeps {kept:.4f}:'
    for name, ids, D, L, qs, qi, qr in vals:
        line += f'  {name} {evaluate(ids, D, L, qs, qi, qr, W.astype(np.float32)):.4f}'
    print(line, flush=True)
