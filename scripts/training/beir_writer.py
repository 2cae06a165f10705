"""Writes a training set in BEIR's layout, one query per passage: OUT/corpus.jsonl, OUT/queries.jsonl and
OUT/qrels/train.tsv (what bin/colbert-mine --beir OUT --split train reads)."""
import json
import os


def write_pairs(out, pairs):
    """pairs: (corpus id, passage text, query id, query text), each query relevant to its passage."""
    os.makedirs(os.path.join(out, 'qrels'), exist_ok=True)
    with open(os.path.join(out, 'corpus.jsonl'), 'w') as corpus, \
            open(os.path.join(out, 'queries.jsonl'), 'w') as queries, \
            open(os.path.join(out, 'qrels', 'train.tsv'), 'w') as qrels:
        qrels.write('query-id\tcorpus-id\tscore\n')
        for doc, text, qid, query in pairs:
            corpus.write(json.dumps({'_id': doc, 'title': '', 'text': text}) + '\n')
            queries.write(json.dumps({'_id': qid, 'text': query}) + '\n')
            qrels.write(f'{qid}\t{doc}\t1\n')
