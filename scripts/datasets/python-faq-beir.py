#!/usr/bin/env python3
"""Builds a held-out BEIR collection from the Python documentation's FAQ (PSF licence).

Used to check that fine-tuning on SciFact does not hurt retrieval on a collection the model was not trained on
(docs/BENCHMARKS.md, "Fine-tuning"). Queries are the FAQ questions (section titles ending in '?'); the one relevant
passage of each is the answer under its title (the question itself is not part of it); distractors are ~120-word
passages of the tutorial and the HOWTOs. Text only: literal blocks (code) and directives are dropped, roles
(:func:`len`) keep their text.

Input: the reStructuredText sources that Debian's python3.11-doc package installs:

    apt-get download python3.11-doc && dpkg-deb -x python3.11-doc_*.deb pkg
    scripts/datasets/python-faq-beir.py pkg/usr/share/doc/python3.11/html/_sources OUT

OUT gets corpus.jsonl, queries.jsonl and qrels/test.tsv (bin/colbert-eval --dataset OUT).
"""
import json
import os
import re
import sys

UNDERLINE = re.compile(r'^([=\-~^"*+#])\1{2,}\s*$')
ROLE = re.compile(r':[a-zA-Z:]+:`~?([^`<]*?)(?:\s*<[^>]*>)?`')
LINK = re.compile(r'`([^`<]+?)\s*<[^>]*>`_+')


def clean(lines):
    """Prose of an RST fragment: no literal blocks, directives, comments or markup characters."""
    out, skipping_indent = [], None
    for line in lines:
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if skipping_indent is not None:
            if stripped == '' or indent > skipping_indent:
                continue
            skipping_indent = None
        if stripped.startswith('..'):
            skipping_indent = indent
            continue
        if stripped.endswith('::'):
            skipping_indent = indent
            stripped = stripped[:-2] + ':' if not stripped.endswith(' ::') else stripped[:-3]
        if stripped.startswith('>>>') or stripped.startswith('...') or UNDERLINE.match(stripped):
            continue
        out.append(stripped)
    text = ' '.join(out)
    text = LINK.sub(r'\1', text)
    text = ROLE.sub(r'\1', text)
    text = text.replace('``', '').replace('**', '').replace('*', '').replace('|', '')
    return ' '.join(text.split())


def sections(path):
    """(title, body lines) of every titled section of an RST file, in order."""
    lines = open(path, encoding='utf-8').read().split('\n')
    result, title, body = [], None, []
    i = 0
    while i < len(lines):
        is_title = (i + 1 < len(lines) and lines[i].strip() and not lines[i].startswith(' ')
                    and UNDERLINE.match(lines[i + 1]) and len(lines[i + 1].strip()) >= len(lines[i].strip()))
        if is_title:
            result.append((title, body))
            title, body = lines[i].strip(), []
            i += 2
            continue
        body.append(lines[i])
        i += 1
    result.append((title, body))
    return result


def main(source, out):
    corpus, queries, qrels = [], [], []
    faq_dir = os.path.join(source, 'faq')
    for name in sorted(os.listdir(faq_dir)):
        for title, body in sections(os.path.join(faq_dir, name)):
            if not title or not title.endswith('?'):
                continue
            words = clean(body).split()
            if len(words) < 5:
                continue
            number = len(queries) + 1
            doc_id = 'faq-%d' % number
            corpus.append({'_id': doc_id, 'title': '', 'text': ' '.join(words[:250])})
            queries.append({'_id': 'q%d' % number, 'text': clean([title])})
            qrels.append(('q%d' % number, doc_id))
    for folder in ('tutorial', 'howto'):
        for name in sorted(os.listdir(os.path.join(source, folder))):
            if not name.endswith('.rst.txt'):
                continue
            words = []
            for title, body in sections(os.path.join(source, folder, name)):
                words.extend(clean(([title] if title else []) + body).split())
            for start in range(0, len(words), 120):
                chunk = words[start:start + 120]
                if len(chunk) >= 30:
                    corpus.append({'_id': '%s-%s-%d' % (folder, name[:-8], start // 120), 'title': '',
                                   'text': ' '.join(chunk)})
    os.makedirs(os.path.join(out, 'qrels'), exist_ok=True)
    with open(os.path.join(out, 'corpus.jsonl'), 'w', encoding='utf-8') as f:
        for doc in corpus:
            f.write(json.dumps(doc) + '\n')
    with open(os.path.join(out, 'queries.jsonl'), 'w', encoding='utf-8') as f:
        for query in queries:
            f.write(json.dumps(query) + '\n')
    with open(os.path.join(out, 'qrels', 'test.tsv'), 'w', encoding='utf-8') as f:
        f.write('query-id\tcorpus-id\tscore\n')
        for query_id, doc_id in qrels:
            f.write('%s\t%s\t1\n' % (query_id, doc_id))
    print('%d queries, %d passages (%d distractors) -> %s' % (len(queries), len(corpus), len(corpus) - len(queries), out))


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit('usage: python-faq-beir.py PYTHON_DOC_SOURCES_DIR OUT_DIR')
    main(sys.argv[1], sys.argv[2])
