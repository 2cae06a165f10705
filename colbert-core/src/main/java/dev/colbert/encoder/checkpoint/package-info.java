/**
 * The HuggingFace ColBERT checkpoint layout (config.json, tokenizer.json, model.safetensors, artifact.metadata):
 * reading with full validation, writing, and the safetensors format itself.
 */
package dev.colbert.encoder.checkpoint;
