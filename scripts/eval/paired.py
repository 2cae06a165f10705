#!/usr/bin/env python3
"""Paired per-query comparison of two bin/colbert-eval reports on the same collection.

    scripts/eval/paired.py A.json B.json [--mode-a plaid] [--mode-b plaid] [--resamples 10000] [--seed 1]

Reads per_query_ndcg@10 of the chosen mode of each report (the queries both have), and prints B - A: the mean
difference, a paired bootstrap 95% confidence interval, the counts of queries better / worse / tied in B, and the
two-sided sign test p-value (ties dropped). With --json, prints one JSON object instead.
"""
import argparse
import json
import math
import random


def per_query(path, mode):
    report = json.load(open(path))
    modes = report.get('modes', {})
    if mode not in modes:
        raise SystemExit(f'{path}: no mode {mode!r} (has {sorted(modes)})')
    return modes[mode]['per_query_ndcg@10']


def sign_test(better, worse):
    n = better + worse
    if n == 0:
        return 1.0
    k = min(better, worse)
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n
    return min(1.0, 2 * tail)


def compare(a, b, resamples=10000, seed=1):
    ids = sorted(set(a) & set(b))
    diffs = [b[i] - a[i] for i in ids]
    n = len(diffs)
    rng = random.Random(seed)
    means = sorted(sum(diffs[rng.randrange(n)] for _ in range(n)) / n for _ in range(resamples))
    better = sum(1 for d in diffs if d > 1e-12)
    worse = sum(1 for d in diffs if d < -1e-12)
    return {
        'queries': n,
        'mean_a': sum(a[i] for i in ids) / n,
        'mean_b': sum(b[i] for i in ids) / n,
        'diff': sum(diffs) / n,
        'ci95': [means[int(0.025 * resamples)], means[int(0.975 * resamples) - 1]],
        'better': better, 'worse': worse, 'tied': n - better - worse,
        'sign_p': sign_test(better, worse),
    }


if __name__ == '__main__':
    parser = argparse.ArgumentParser()
    parser.add_argument('a')
    parser.add_argument('b')
    parser.add_argument('--mode-a', default='plaid')
    parser.add_argument('--mode-b', default='plaid')
    parser.add_argument('--resamples', type=int, default=10000)
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--json', action='store_true')
    args = parser.parse_args()
    result = compare(per_query(args.a, args.mode_a), per_query(args.b, args.mode_b), args.resamples, args.seed)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{result['queries']} queries: A {result['mean_a']:.4f}  B {result['mean_b']:.4f}  "
              f"B-A {result['diff']:+.4f}  95% CI [{result['ci95'][0]:+.4f}, {result['ci95'][1]:+.4f}]  "
              f"better {result['better']} / worse {result['worse']} / tied {result['tied']}  "
              f"sign test p {result['sign_p']:.3g}")
