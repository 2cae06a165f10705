/**
 * The ColBERT encoder: turns queries and documents into L2-normalized token vectors.
 *
 * <p>{@link dev.colbert.encoder.ColbertEncoders#load(String, dev.colbert.encoder.EncoderOptions)} loads the model named
 * by the single {@code colbert.model} setting ({@link dev.colbert.encoder.ModelSource}): the embedded
 * bge-small-en-v1.5 ONNX backbone, a HuggingFace ColBERT checkpoint folder, or a hub id downloaded into a cache. The
 * result is a thread-safe {@link dev.colbert.encoder.ColbertEncoder} running on DJL's PyTorch engine.
 */
package dev.colbert.encoder;
