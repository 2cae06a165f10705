/**
 * BERT encoders exported to ONNX: a streaming reader of the ONNX protobuf format and an importer that turns the
 * graph's initializers into a {@link dev.colbert.encoder.model.BertModel}, used for the embedded default model.
 */
package dev.colbert.encoder.onnx;
