#!/usr/bin/env python3
"""One markdown table over several bin/colbert-eval reports (one per collection) and their modes, each mode beside a
reference mode of the same report with a paired per-query comparison.

    scripts/eval/mode-table.py DIR [--reference plaid] [--modes bm25,plaid,hybrid-rrf,...]

For every DIR/*.json, prints a row per mode: nDCG@10, R@100, query p50 (ms, encoding included; bm25 has none),
search p50, and, for modes other than the reference, the paired nDCG@10 difference against the reference with its
bootstrap 95% interval and sign-test p (scripts/eval/paired.py). A last block gives the mean over the collections.
"""
import argparse
import glob
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from paired import compare  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument('dir')
parser.add_argument('--reference', default='plaid')
parser.add_argument('--modes', default=None)
args = parser.parse_args()

reports = []
for path in sorted(glob.glob(os.path.join(args.dir, '*.json'))):
    reports.append((os.path.basename(path)[:-5], json.load(open(path))))
if not reports:
    raise SystemExit(f'no reports in {args.dir}')
order = args.modes.split(',') if args.modes else list(reports[0][1]['modes'])

print('| collection | mode | nDCG@10 | R@100 | query p50 ms | search p50 ms | vs ' + args.reference
      + ' (paired, 95% CI) | better / worse | sign p |')
print('|---|---|---|---|---|---|---|---|---|')
means = {m: [] for m in order}
for name, report in reports:
    modes = report['modes']
    ref = modes.get(args.reference)
    for m in order:
        if m not in modes:
            continue
        r = modes[m]
        means[m].append((r['ndcg@10'], r['recall@100'], r['query_ms_p50']))
        cells = ['', '', '']
        if ref is not None and m != args.reference:
            c = compare(ref['per_query_ndcg@10'], r['per_query_ndcg@10'], 2000)
            cells = [f"{c['diff']:+.4f} [{c['ci95'][0]:+.4f}, {c['ci95'][1]:+.4f}]", f"{c['better']} / {c['worse']}",
                     f"{c['sign_p']:.3g}"]
        print(f"| {name} | {m} | {r['ndcg@10']:.4f} | {r['recall@100']:.4f} | {r['query_ms_p50']:.1f} | "
              f"{r['search_ms_p50']:.1f} | " + ' | '.join(cells) + ' |')
print()
print('| mode | mean nDCG@10 | mean R@100 | mean query p50 ms | collections |')
print('|---|---|---|---|---|')
for m in order:
    v = means[m]
    if v:
        print(f"| {m} | {sum(x[0] for x in v) / len(v):.4f} | {sum(x[1] for x in v) / len(v):.4f} | "
              f"{sum(x[2] for x in v) / len(v):.1f} | {len(v)} |")
