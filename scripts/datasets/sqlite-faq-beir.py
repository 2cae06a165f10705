#!/usr/bin/env python3
"""Builds a small held-out BEIR collection from the SQLite documentation (public domain): 27 FAQ questions over 516
passages. Used with python-faq-beir.py to check that fine-tuning on SciFact does not hurt other collections
(docs/BENCHMARKS.md, "Fine-tuning").

Queries are the questions of faq.md; the relevant passage of each is its answer (the question line is not part of it,
code blocks are dropped, first 250 words); distractors are 120-word passages of the other pages.

Input: Markdown pages made by sample-rag-app/kb-tools/html2md.py from Debian's sqlite3-doc package: the 18 pages of
the sample's knowledge base plus atomiccommit, datatype3, foreignkeys, limits, lockingv3 and tempfiles (24 pages):

    apt-get install -y sqlite3-doc && mkdir -p pages
    for page in about atomiccommit autoinc datatype3 different faq foreignkeys gencol inmemorydb isolation \
        lang_returning lang_transaction lang_upsert limits lockingv3 partialindex queryplanner quirks stricttables \
        tempfiles threadsafe wal whentouse withoutrowid; do
      python3 sample-rag-app/kb-tools/html2md.py /usr/share/doc/sqlite3/$page.html pages/$page.md
    done
    scripts/datasets/sqlite-faq-beir.py pages OUT
"""
import json, os, re, sys
if len(sys.argv) != 3:
    sys.exit('usage: sqlite-faq-beir.py PAGES_DIR OUT_DIR')
src = sys.argv[1]
out = sys.argv[2]
def body(path):
    text = open(path, encoding='utf-8').read()
    if text.startswith('---'):
        text = text.split('---', 2)[2]
    # newer html2md.py output repeats the page title as a plain line under the '# title' heading: drop it, so that
    # pages converted before and after that change give the same passages
    match = re.match(r'(\s*# ([^\n]+)\n)\s*\n\2\n', text)
    if match:
        text = match.group(1) + text[match.end():]
    return text
corpus, queries, qrels = [], [], []
faq = body(os.path.join(src, 'faq.md'))
parts = re.split(r'\n\((\d+)\) ([^\n]+)\n', faq)
# parts: [preamble, num, question, answer, num, question, answer, ...]
for i in range(1, len(parts) - 2, 3):
    num, question, answer = parts[i], parts[i + 1].strip(), parts[i + 2]
    answer = re.sub(r'```.*?```', ' ', answer, flags=re.S)
    words = answer.split()
    if len(words) < 5:
        continue
    did = 'faq-%s' % num
    corpus.append({'_id': did, 'title': '', 'text': ' '.join(words[:250]), 'metadata': {}})
    queries.append({'_id': 'q%s' % num, 'text': question, 'metadata': {}})
    qrels.append(('q%s' % num, did))
for name in sorted(os.listdir(src)):
    if name == 'faq.md' or not name.endswith('.md'):
        continue
    text = re.sub(r'```.*?```', ' ', body(os.path.join(src, name)), flags=re.S)
    words = text.split()
    for c, start in enumerate(range(0, len(words), 120)):
        chunk = words[start:start + 120]
        if len(chunk) >= 20:
            corpus.append({'_id': '%s-%d' % (name[:-3], c), 'title': '', 'text': ' '.join(chunk), 'metadata': {}})
os.makedirs(os.path.join(out, 'qrels'), exist_ok=True)
with open(os.path.join(out, 'corpus.jsonl'), 'w') as f:
    for d in corpus:
        f.write(json.dumps(d) + '\n')
with open(os.path.join(out, 'queries.jsonl'), 'w') as f:
    for q in queries:
        f.write(json.dumps(q) + '\n')
with open(os.path.join(out, 'qrels', 'test.tsv'), 'w') as f:
    f.write('query-id\tcorpus-id\tscore\n')
    for q, d in qrels:
        f.write('%s\t%s\t1\n' % (q, d))
print(len(corpus), 'passages', len(queries), 'queries')
