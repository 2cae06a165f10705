#!/usr/bin/env python3
"""The default model's evaluation table (issue #13, docs/BENCHMARKS.md "The default model on every evaluation
collection"): two models, each run by scripts/eval/collections.sh with --mode plaid,float, compared collection by
collection.

    scripts/eval/model-table.py OLD_DIR NEW_DIR [--old-name old] [--new-name new]

For every collection with a report in both folders, prints a markdown row with, for each model: PLAID 2-bit and exact
float nDCG@10 / R@100, bytes per vector and PLAID search p50; then the paired per-query nDCG@10 difference new - old in
both modes (bootstrap 95% interval, queries better / worse, sign-test p) and the new model's 2-bit loss (PLAID - float,
paired). A last row gives the means over the collections.
"""
import argparse
import glob
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from paired import compare  # noqa: E402


def mode(report, name):
    modes = report.get('modes', {})
    if name not in modes:
        raise SystemExit(f"{report.get('dataset')}: no mode {name!r} (has {sorted(modes)}); run with --mode plaid,float")
    return modes[name]


def paired(a, b):
    result = compare(a['per_query_ndcg@10'], b['per_query_ndcg@10'])
    return (f"{result['diff']:+.4f} [{result['ci95'][0]:+.4f}, {result['ci95'][1]:+.4f}] "
            f"{result['better']}+/{result['worse']}- p {result['sign_p']:.2g}"), result['diff']


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('old')
    parser.add_argument('new')
    parser.add_argument('--old-name', default='old')
    parser.add_argument('--new-name', default='new')
    args = parser.parse_args()
    names = sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(args.new, '*.json'))
                   if os.path.exists(os.path.join(args.old, os.path.basename(p))))
    if not names:
        raise SystemExit(f'no collection has a report in both {args.old} and {args.new}')
    o, n = args.old_name, args.new_name
    print(f'| collection | {o} PLAID nDCG@10 / R@100 | {o} float | {n} PLAID | {n} float '
          f'| PLAID {n} - {o} [95% CI] | float {n} - {o} | {n} 2-bit loss (PLAID - float) '
          f'| bytes/vector {o} / {n} | search p50 ms {o} / {n} |')
    print('|' + '---|' * 10)
    sums = {}
    for name in names:
        old = json.load(open(os.path.join(args.old, name + '.json')))
        new = json.load(open(os.path.join(args.new, name + '.json')))
        cells = [name]
        for report in (old, new):
            for m in ('plaid', 'float'):
                r = mode(report, m)
                cells.append(f"{r['ndcg@10']:.4f} / {r['recall@100']:.4f}")
                sums.setdefault((id(report) == id(new), m), []).append(r['ndcg@10'])
        plaid_text, _ = paired(mode(old, 'plaid'), mode(new, 'plaid'))
        float_text, _ = paired(mode(old, 'float'), mode(new, 'float'))
        loss_text, _ = paired(mode(new, 'float'), mode(new, 'plaid'))
        cells += [plaid_text, float_text, loss_text,
                  f"{old.get('bytes_per_vector', 0):.1f} / {new.get('bytes_per_vector', 0):.1f}",
                  f"{mode(old, 'plaid')['search_ms_p50']:.1f} / {mode(new, 'plaid')['search_ms_p50']:.1f}"]
        print('| ' + ' | '.join(cells) + ' |')
    mean = lambda key: sum(sums[key]) / len(sums[key])  # noqa: E731
    print(f"| mean of {len(names)} | {mean((False, 'plaid')):.4f} | {mean((False, 'float')):.4f} "
          f"| {mean((True, 'plaid')):.4f} | {mean((True, 'float')):.4f} "
          f"| {mean((True, 'plaid')) - mean((False, 'plaid')):+.4f} | {mean((True, 'float')) - mean((False, 'float')):+.4f} "
          f"| {mean((True, 'plaid')) - mean((True, 'float')):+.4f} | | |")


if __name__ == '__main__':
    main()
