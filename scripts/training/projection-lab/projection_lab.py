#!/usr/bin/env python3
"""Linear projections of the teacher's token vectors, judged by exact MaxSim nDCG@10 on a validation collection.

A quick way to learn what a frozen backbone plus a 384 -> 128 projection can reach, without training or indexing:
it fits projections (uncentered PCA, PCA without the mean direction, partial whitening) on a sample of the training
corpus's teacher vectors and scores each on a validation collection with numpy.

  python3 projection_lab.py --fit FIT.vectors --docs VAL.vectors --queries VAL.q384 --qids VAL.qids \
      --qrels VAL/qrels/test.tsv [--every 20] [--dim 128]

FIT.vectors and VAL.vectors are bin/colbert-eval / bin/colbert-train vector caches (--cache-dir, --seed-vectors) of
the teacher; VAL.q384 comes from DumpQueries.java (same folder), VAL.qids lists the query ids in the same order.
Only training data is fitted on; the validation collection only scores (never an evaluation collection).
"""
import argparse, math, struct, time
import numpy as np


def read_header(h):
    """Reads a CBEVEC01 vector cache's header from the open file h: (document count, dim)."""
    h.read(8)
    h.read(struct.unpack('>H', h.read(2))[0])
    _, docs, dim = struct.unpack('>dii', h.read(16))
    return docs, dim


def read_cache(path, every=1):
    """Documents of a CBEVEC01 vector cache: (ids, [count x dim float32]), every `every`-th document."""
    ids, vecs = [], []
    with open(path, 'rb') as h:
        docs, dim = read_header(h)
        for d in range(docs):
            doc_id = h.read(struct.unpack('>H', h.read(2))[0]).decode()
            count = struct.unpack('>i', h.read(4))[0]
            data = h.read(count * dim * 4)
            if d % every == 0:
                ids.append(doc_id)
                vecs.append(np.frombuffer(data, dtype='>f4').astype(np.float32).reshape(count, dim))
    return ids, vecs


def read_queries(path):
    out = []
    with open(path, 'rb') as h:
        count, dim = struct.unpack('>ii', h.read(8))
        for _ in range(count):
            n = struct.unpack('>i', h.read(4))[0]
            out.append(np.frombuffer(h.read(n * dim * 4), dtype='>f4').astype(np.float32).reshape(n, dim))
    return out


def read_qrels(path):
    qrels = {}
    for line in open(path):
        p = line.strip().split('\t')
        if len(p) >= 3 and p[0] != 'query-id' and int(p[2]) > 0:
            qrels.setdefault(p[0], {})[p[1]] = int(p[2])
    return qrels


def ndcg10(ranked, rel):
    dcg = sum((2 ** rel.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:10]))
    ideal = sorted(rel.values(), reverse=True)[:10]
    idcg = sum((2 ** r - 1) / math.log2(i + 2) for i, r in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0


def normalize(x):
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)


def evaluate(doc_ids, docs, lengths, queries, qids, qrels, W=None):
    """Mean nDCG@10 of exact MaxSim over L2-normalized (projected) vectors."""
    D = docs if W is None else normalize(docs @ W.T)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    scores = []
    for qid, q in zip(qids, queries):
        if qid not in qrels:
            continue
        qq = q if W is None else normalize(q @ W.T)
        per_doc = np.maximum.reduceat(qq @ D.T, starts, axis=1).sum(0)
        top = np.argsort(-per_doc)[:10]
        scores.append(ndcg10([doc_ids[i] for i in top], qrels[qid]))
    return float(np.mean(scores))


def pca(Y, k):
    w, V = np.linalg.eigh(Y.T @ Y / len(Y))
    order = np.argsort(-w)
    return w[order][:k], V[:, order][:, :k]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--fit', required=True)
    ap.add_argument('--docs', required=True)
    ap.add_argument('--queries', required=True)
    ap.add_argument('--qids', required=True)
    ap.add_argument('--qrels', required=True)
    ap.add_argument('--every', type=int, default=20)
    ap.add_argument('--dim', type=int, default=128)
    a = ap.parse_args()
    X = np.concatenate(read_cache(a.fit, a.every)[1])
    doc_ids, dv = read_cache(a.docs)
    lengths = np.array([v.shape[0] for v in dv])
    docs = np.concatenate(dv)
    queries = read_queries(a.queries)
    qids = open(a.qids).read().split('\n')[:len(queries)]
    qrels = read_qrels(a.qrels)
    print(f'fit sample {X.shape}, validation {len(doc_ids)} documents / {docs.shape[0]} vectors', flush=True)
    mean = X.mean(0)
    u = mean / np.linalg.norm(mean)
    P = np.eye(X.shape[1]) - np.outer(u, u)
    _, V = pca(X, a.dim)
    w2, V2 = pca(X @ P, a.dim)
    candidates = {
        f'teacher (dim {X.shape[1]})': None,
        f'uncentered PCA {a.dim}': V.T,
        f'PCA {a.dim} without the mean direction': V2.T @ P,
        f'PCA {a.dim} without the mean, whitened^0.25': np.diag(w2 ** -0.25) @ V2.T @ P,
        f'PCA {a.dim} without the mean, whitened^0.5': np.diag(w2 ** -0.5) @ V2.T @ P,
    }
    for name, W in candidates.items():
        start = time.time()
        score = evaluate(doc_ids, docs, lengths, queries, qids, qrels, W)
        print(f'{name:<45} nDCG@10 {score:.4f}  ({time.time() - start:.0f} s)', flush=True)


if __name__ == '__main__':
    main()
