/**
 * Downloads ColBERT checkpoints from a HuggingFace hub endpoint into a local cache, verified by checksum and moved into
 * place atomically.
 */
package dev.colbert.encoder.hub;
