#!/usr/bin/env python3
"""Builds a BEIR folder of pseudo-queries over prose from HTML manuals, to widen the default model's training beyond
SQuAD's Wikipedia questions (docs/TRAINING.md). Its labels are not what is learnt: bin/colbert-mine ranks every
pseudo-query with the teacher and records the teacher's scores, and the student distills those (pure KL).

Passages are runs of <p> paragraphs of one section (60 to 180 words; code, tables and navigation are dropped). Each
sampled passage gives one query: its section heading when that has 3 words or more (half of the time), else one of its
sentences (4 to 40 words), removed from the passage 9 times in 10 (the inverse cloze task of Lee et al., 2019).

Sources used for the 2026-12-06 run (Debian packages, `apt-get download P && dpkg-deb -x P*.deb x`): postgresql-doc-15,
git-doc, debian-handbook (en-US only), debian-reference-en, gnu-standards, r-doc-html. Never a package of a validation or
evaluation collection (perl-doc, python3-doc, sqlite3-doc).

    scripts/training/pseudo-queries-beir.py OUT ROOT... [--max-passages 12000] [--seed 17]

OUT gets corpus.jsonl, queries.jsonl and qrels/train.tsv.
"""
import argparse
import html.parser
import os
import random
import re

from beir_writer import write_pairs

parser = argparse.ArgumentParser()
parser.add_argument('out')
parser.add_argument('roots', nargs='+')
parser.add_argument('--max-passages', type=int, default=12000)
parser.add_argument('--seed', type=int, default=17)
args = parser.parse_args()

SKIP = {'pre', 'code', 'table', 'script', 'style', 'nav', 'tt', 'kbd', 'samp'}
HEADINGS = {'h1', 'h2', 'h3', 'h4', 'title'}
SENTENCE_END = re.compile(r'(?<=[.!?])\s+')
SPACE = re.compile(r'\s+')
ENGLISH = {'the', 'of', 'and', 'to', 'a', 'in', 'is', 'that', 'for', 'it', 'as', 'with', 'be', 'on', 'this', 'are', 'or', 'by'}


def english(text):
    """Whether a passage reads as English: manuals ship their translations beside it (LilyPond, GnuCash)."""
    words = text.lower().split()
    return sum(w in ENGLISH for w in words) >= 0.12 * len(words) and words.count('the') >= 0.02 * len(words)


class Blocks(html.parser.HTMLParser):
    """Yields (heading, paragraph) pairs of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.mode = None
        self.text = []
        self.heading = ''
        self.blocks = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIP:
            self.skip += 1
        elif tag in HEADINGS or tag == 'p':
            self.mode, self.text = tag, []

    def handle_endtag(self, tag):
        if tag in SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == self.mode:
            text = SPACE.sub(' ', ''.join(self.text)).strip()
            if tag == 'p':
                if text:
                    self.blocks.append((self.heading, text))
            else:
                self.heading = re.sub(r'^[\d.]+\s*', '', text)
            self.mode = None

    def handle_data(self, data):
        if self.mode and not self.skip:
            self.text.append(data)


def passages(path):
    page = Blocks()
    with open(path, encoding='utf-8', errors='replace') as f:
        page.feed(f.read())
    current, words, heading = [], 0, None
    for section, text in page.blocks + [(None, '')]:
        n = len(text.split())
        if current and (section != heading or words + n > 180):
            if words >= 60 and english(' '.join(current)):
                yield heading, ' '.join(current)
            current, words = [], 0
        heading = section
        if n >= 8:
            current.append(text)
            words += n


random.seed(args.seed)
found = []
for root in args.roots:
    for directory, _, files in os.walk(root):
        for name in sorted(files):
            if name.endswith('.html') or name.endswith('.htm'):
                found.extend(passages(os.path.join(directory, name)))
seen, unique = set(), []
for heading, text in found:
    if text not in seen:
        seen.add(text)
        unique.append((heading, text))
random.shuffle(unique)
unique = unique[:args.max_passages]
kinds = {'heading': 0, 'sentence': 0}
pairs = []
for i, (heading, text) in enumerate(unique):
    if heading and len(heading.split()) >= 3 and random.random() < 0.5:
        query = heading
        kinds['heading'] += 1
    else:
        sentences = [s for s in SENTENCE_END.split(text) if 4 <= len(s.split()) <= 40]
        if not sentences:
            continue
        query = random.choice(sentences)
        if random.random() < 0.9 and len(SENTENCE_END.split(text)) > 1:
            text = ' '.join(s for s in SENTENCE_END.split(text) if s != query)
        kinds['sentence'] += 1
    pairs.append((f'p{i}', text, f'q{i}', query))
write_pairs(args.out, pairs)
print(f'{len(found)} passages found, {len(unique)} kept; queries: {kinds}')
