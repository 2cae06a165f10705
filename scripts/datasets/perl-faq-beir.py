#!/usr/bin/env python3
"""Builds a BEIR collection from the Perl FAQ (perlfaq1-9; same terms as Perl: Artistic or GPL) for VALIDATION: the
default model's training picks its checkpoint and hyper-parameters on it and on held-out SQuAD questions, never on an
evaluation collection (docs/TRAINING.md).

Queries are the FAQ questions (=head2 lines); the one relevant passage of each is its answer (prose only: verbatim
code blocks are dropped, POD markup keeps its text, first 250 words); distractors are 1,500 ~120-word prose passages (a seeded sample) of
the other perl*.pod pages of the same package (perlop, perlsyn, perlre, ...; perltoc and the perlfaq index excluded).

Input: Debian's perl-doc package:

    apt-get download perl-doc && dpkg-deb -x perl-doc_*.deb pkg
    scripts/datasets/perl-faq-beir.py pkg/usr/share/perl/5.36.0/pod OUT

OUT gets corpus.jsonl, queries.jsonl and qrels/test.tsv (bin/colbert-eval --dataset OUT).
"""
import glob
import json
import os
import random
import re
import sys

if len(sys.argv) != 3:
    sys.exit('usage: perl-faq-beir.py POD_DIR OUT_DIR')
src, out = sys.argv[1], sys.argv[2]
MARKUP_DOUBLE = re.compile(r'[A-Z]<<+\s+(.*?)\s+>>+')
MARKUP = re.compile(r'[A-Z]<([^<>]*)>')
DISTRACTORS = 1500


def prose(lines):
    """Paragraph text of POD lines: no verbatim (indented) blocks, no commands, markup reduced to its text."""
    text, para = [], []
    for line in lines + ['']:
        if line.strip() == '':
            if para:
                text.append(' '.join(para))
                para = []
            continue
        if line.startswith((' ', '\t')) and not para:
            continue  # verbatim block line
        if line.startswith('='):
            continue
        para.append(line.strip())
    joined = ' '.join(text)
    joined = MARKUP_DOUBLE.sub(lambda m: m.group(1).split('|')[0], joined)
    for _ in range(4):
        joined = MARKUP.sub(lambda m: m.group(1).split('|')[0], joined)
    return re.sub(r'\s+', ' ', joined).strip()


def words(text, n):
    return ' '.join(text.split()[:n])


corpus, queries, qrels = [], [], []
for path in sorted(glob.glob(os.path.join(src, 'perlfaq[1-9].pod'))):
    name = os.path.basename(path)[:-4]
    lines = open(path, encoding='utf-8', errors='replace').read().split('\n')
    heads = [i for i, l in enumerate(lines) if l.startswith('=head2 ')]
    for n, start in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else len(lines)
        question = prose([lines[start][len('=head2 '):]])
        for j in range(start + 1, end):
            if lines[j].startswith('=head1'):
                end = j
                break
        answer = words(prose(lines[start + 1:end]), 250)
        if len(answer.split()) < 15 or not question.endswith('?'):
            continue
        qid = f'{name}-q{n:03d}'
        did = f'{name}-a{n:03d}'
        queries.append({'_id': qid, 'text': question})
        corpus.append({'_id': did, 'title': '', 'text': answer})
        qrels.append((qid, did))
skip = {'perltoc', 'perlfaq'}
chunks = []
for path in sorted(glob.glob(os.path.join(src, 'perl*.pod'))):
    name = os.path.basename(path)[:-4]
    if name in skip or re.match(r'perlfaq\d', name) or re.match(r'perl5\d+delta|perl\d+delta', name):
        continue
    text = prose(open(path, encoding='utf-8', errors='replace').read().split('\n'))
    tokens = text.split()
    for k in range(0, len(tokens), 120):
        chunk = ' '.join(tokens[k:k + 120])
        if len(chunk.split()) >= 40:
            chunks.append({'_id': f'{name}-p{k // 120:04d}', 'title': '', 'text': chunk})
corpus += random.Random(7).sample(chunks, min(DISTRACTORS, len(chunks)))
os.makedirs(os.path.join(out, 'qrels'), exist_ok=True)
with open(os.path.join(out, 'corpus.jsonl'), 'w') as f:
    for doc in corpus:
        f.write(json.dumps(doc) + '\n')
with open(os.path.join(out, 'queries.jsonl'), 'w') as f:
    for q in queries:
        f.write(json.dumps(q) + '\n')
with open(os.path.join(out, 'qrels', 'test.tsv'), 'w') as f:
    f.write('query-id\tcorpus-id\tscore\n')
    for q, d in qrels:
        f.write(f'{q}\t{d}\t1\n')
print(f'{len(queries)} queries, {len(corpus)} passages')
