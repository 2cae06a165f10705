#!/usr/bin/env python3
"""Would a fused teacher be a better distillation target? Score-level fusion of the teacher's exact MaxSim with its
[CLS] dense score (bge-small's own sentence embedding, the first token vector) and BM25, judged by nDCG@10 on a
validation collection (never an evaluation collection).

  python3 teacher_fusion.py VAL_DIR VAL.vectors VAL.q384 VAL.qids [DENSE]
      (VAL_DIR: the BEIR folder with corpus.jsonl, queries.jsonl and qrels/test.tsv; DENSE: the output prefix of
       DenseTeacherProbe.java, a second model's single vectors of the same collection, e.g. e5-small-v2)

VAL.vectors is a teacher vector cache, VAL.q384 and VAL.qids come from DumpQueries.java (see projection_lab.py).
BM25 here is a plain one (k1 0.9, b 0.4, lower case, Lucene's English stop words, a minimal plural stemmer).
"""
import json, re, sys, math, time
import numpy as np
from projection_lab import read_cache, read_queries, read_qrels, ndcg10

STOP = set("a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with".split())
TOKEN = re.compile(r"\w+", re.UNICODE)

def stem(t):
    if len(t) > 4 and t.endswith('ies') and not t.endswith(('eies', 'aies')): return t[:-3] + 'y'
    if len(t) > 3 and t.endswith('es') and not t.endswith(('aes', 'ees', 'oes')): return t[:-1]
    if len(t) > 3 and t.endswith('s') and not t.endswith(('us', 'ss')): return t[:-1]
    return t

def analyze(text):
    return [stem(t) for t in TOKEN.findall(text.lower().replace("'s ", " ")) if t not in STOP]

class BM25:
    def __init__(self, docs, k1=0.9, b=0.4):
        self.tf = []; self.len = np.zeros(len(docs)); df = {}
        for i, d in enumerate(docs):
            c = {}
            for t in analyze(d): c[t] = c.get(t, 0) + 1
            self.tf.append(c); self.len[i] = sum(c.values())
            for t in c: df[t] = df.get(t, 0) + 1
        n = len(docs); self.avg = self.len.mean(); self.k1 = k1; self.b = b
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        self.post = {}
        for i, c in enumerate(self.tf):
            for t, f in c.items(): self.post.setdefault(t, []).append((i, f))
    def analyze_query(self, query):
        return [t for t in analyze(query) if t in self.idf]
    def weight(self, t, f, i):
        """BM25 weight of term t occurring f times in document i."""
        return self.idf[t] * f * (self.k1 + 1) / (f + self.k1 * (1 - self.b + self.b * self.len[i] / self.avg))
    def score(self, terms, i):
        tf = self.tf[i]
        return sum(self.weight(t, tf[t], i) for t in terms if t in tf)
    def scores(self, query, idx=None):
        s = np.zeros(len(self.tf))
        for t in analyze(query):
            if t not in self.post: continue
            for i, f in self.post[t]:
                s[i] += self.weight(t, f, i)
        return s

def read_texts(beir):
    """A BEIR folder's passages (id to title + text, in file order) and queries (id to text)."""
    corpus = {}
    for l in open(f'{beir}/corpus.jsonl'):
        o = json.loads(l); corpus[o['_id']] = (o.get('title') or '') + ' ' + o['text']
    queries = {json.loads(l)['_id']: json.loads(l)['text'] for l in open(f'{beir}/queries.jsonl')}
    return corpus, queries

def load(name, cache, qfile, qids_file):
    dids, dv = read_cache(cache)
    corpus, queries = read_texts(name)
    qids = open(qids_file).read().split('\n')[:-1]
    return dids, dv, corpus, queries, qids, read_queries(qfile), read_qrels(f'{name}/qrels/test.tsv')

def read_dense(path):
    import struct
    out = {}
    with open(path, 'rb') as h:
        count, dim = struct.unpack('>ii', h.read(8))
        for _ in range(count):
            n = struct.unpack('>H', h.read(2))[0]; key = h.read(n).decode()
            out[key] = np.frombuffer(h.read(4 * dim), dtype='>f4').astype(np.float32)
    return out

def main(name, cache, qfile, qids_file, dense_prefix=None):
    t0 = time.time()
    dids, dv, corpus, queries, qids, Q, qrels = load(name, cache, qfile, qids_file)
    lengths = np.array([v.shape[0] for v in dv]); D = np.concatenate(dv)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]); cls = D[starts]
    bm = BM25([corpus[d] for d in dids])
    if dense_prefix:
        qd, pd = read_dense(dense_prefix + '.queries'), read_dense(dense_prefix + '.passages')
        P2 = np.stack([pd[d] for d in dids])
    rows = []
    for qid, q in zip(qids, Q):
        if qid not in qrels: continue
        maxsim = np.maximum.reduceat(q @ D.T, starts, axis=1).sum(0)
        dense = cls @ q[0]
        other = P2 @ qd[qid] if dense_prefix else np.zeros(len(dids))
        rows.append((qid, q.shape[0], maxsim, dense, bm.scores(queries[qid]), other))
    print('scored', len(rows), 'queries in', round(time.time() - t0), 's', flush=True)
    results = {}
    for we in ((0, 0.5, 1, 2, 4, 8) if dense_prefix else (0,)):
        for wd in (0, 0.5, 1, 2, 4):
            for wb in (0, 0.02, 0.05, 0.1, 0.2, 0.4):
                per = []
                for qid, n, m, d, b, o in rows:
                    s = m + wd * n * d + wb * b + we * n * o
                    per.append(ndcg10([dids[i] for i in np.argsort(-s)[:10]], qrels[qid]))
                results[(wd, wb, we)] = per
                print(f'dense x{wd:<4} bm25 x{wb:<5} second x{we:<4} nDCG@10 {np.mean(per):.4f}', flush=True)
    base = np.array(results[(0, 0, 0)])
    best = max(results, key=lambda k: np.mean(results[k]))
    diff = np.array(results[best]) - base
    rng = np.random.default_rng(7)
    boots = [diff[rng.integers(0, len(diff), len(diff))].mean() for _ in range(2000)]
    print('best', best, f'{np.mean(results[best]):.4f}', f'delta {diff.mean():+.4f} CI [{np.percentile(boots,2.5):+.4f}, {np.percentile(boots,97.5):+.4f}]',
          'better', int((diff > 1e-9).sum()), 'worse', int((diff < -1e-9).sum()))
    dense_only = [ndcg10([dids[i] for i in np.argsort(-d)[:10]], qrels[qid]) for qid, n, m, d, b, o in rows]
    bm_only = [ndcg10([dids[i] for i in np.argsort(-b)[:10]], qrels[qid]) for qid, n, m, d, b, o in rows]
    second_only = [ndcg10([dids[i] for i in np.argsort(-o)[:10]], qrels[qid]) for qid, n, m, d, b, o in rows]
    print(f'dense only {np.mean(dense_only):.4f}  bm25 only {np.mean(bm_only):.4f}'
          + (f'  second model only {np.mean(second_only):.4f}' if dense_prefix else ''))

if __name__ == '__main__':
    main(*sys.argv[1:6])
