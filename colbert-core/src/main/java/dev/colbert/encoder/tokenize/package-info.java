/**
 * ColBERT's tokenization rules (markers, [MASK] query augmentation, doc_maxlen truncation, punctuation skiplist) on top
 * of the HuggingFace tokenizer.
 */
package dev.colbert.encoder.tokenize;
