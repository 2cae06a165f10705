/**
 * The model: a BERT encoder with HuggingFace-named parameters and a differentiable forward pass in DJL operations
 * ({@link dev.colbert.encoder.model.BertModel}), the ColBERT projection on top
 * ({@link dev.colbert.encoder.model.ColbertModel}) and the ColBERT settings of artifact.metadata
 * ({@link dev.colbert.encoder.model.ColbertSettings}).
 */
package dev.colbert.encoder.model;
