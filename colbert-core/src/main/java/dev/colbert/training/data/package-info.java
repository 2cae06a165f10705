/**
 * Sources of training examples: ColBERT JSONL triples with queries and a collection, text triples, a BEIR folder with
 * hard negatives mined by the current model, and pseudo-queries from an unlabelled collection.
 */
package dev.colbert.training.data;
