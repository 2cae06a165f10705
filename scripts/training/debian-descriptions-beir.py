#!/usr/bin/env python3
"""Builds a BEIR folder of Debian package descriptions for the default model's training mix (docs/TRAINING.md): each
package's one-line synopsis is a query, its long description the passage. 64k packages from games to genomics,
astronomy, medicine and mathematics, written by thousands of people: topics that SQuAD's Wikipedia questions and the
manuals of pseudo-queries-beir.py do not cover. As there, the labels are not what is learnt: bin/colbert-mine ranks
every query with the teacher and the student distills the teacher's scores.

Input: Debian's Translation-en index (deb.debian.org/debian/dists/bookworm/main/i18n/Translation-en.xz, unpacked).
Packages built from one source share most of their description (libfoo1, libfoo-dev, libfoo-doc), so a description
whose first paragraph was seen already is dropped; a passage keeps 40 to 180 words.

    scripts/training/debian-descriptions-beir.py OUT TRANSLATION_EN [--max-passages 8000] [--seed 23]

OUT gets corpus.jsonl, queries.jsonl and qrels/train.tsv.
"""
import argparse
import random
import re

from beir_writer import write_pairs

parser = argparse.ArgumentParser()
parser.add_argument('out')
parser.add_argument('translations')
parser.add_argument('--max-passages', type=int, default=8000)
parser.add_argument('--seed', type=int, default=23)
args = parser.parse_args()

SPACE = re.compile(r'\s+')


def entries(path):
    """Yields (package, synopsis, [paragraph, ...]) for each entry of a Translation-en file."""
    package, synopsis, paragraphs, current = None, None, [], []
    with open(path, encoding='utf-8', errors='replace') as f:
        for line in f:
            line = line.rstrip('\n')
            if line.startswith('Package: '):
                if synopsis is not None:
                    yield package, synopsis, paragraphs + ([' '.join(current)] if current else [])
                package, synopsis, paragraphs, current = line[9:].strip(), None, [], []
            elif line.startswith('Description-en: '):
                synopsis = line[16:].strip()
            elif line.startswith(' ') and synopsis is not None:
                text = line[1:].strip()
                if text == '.':
                    if current:
                        paragraphs.append(' '.join(current))
                    current = []
                else:
                    current.append(text)
    if synopsis is not None:
        yield package, synopsis, paragraphs + ([' '.join(current)] if current else [])


first_seen, found = set(), []
for package, synopsis, paragraphs in entries(args.translations):
    if not paragraphs or len(synopsis.split()) < 3:
        continue
    first = SPACE.sub(' ', paragraphs[0]).lower()
    if first in first_seen:
        continue
    first_seen.add(first)
    text = SPACE.sub(' ', ' '.join(paragraphs)).strip()
    if 40 <= len(text.split()) <= 180:
        found.append((synopsis, text))

random.seed(args.seed)
random.shuffle(found)
kept = found[:args.max_passages]
write_pairs(args.out, ((f'd{i}', text, f'q{i}', synopsis) for i, (synopsis, text) in enumerate(kept)))
print(f'{len(first_seen)} distinct descriptions, {len(found)} of 40-180 words, {len(kept)} kept')
