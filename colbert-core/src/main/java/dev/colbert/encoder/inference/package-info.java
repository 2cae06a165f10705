/**
 * Inference on DJL's PyTorch engine: the batched, thread-safe {@link dev.colbert.encoder.inference.TorchColbertEncoder}
 * and engine settings (device, intra-op threads).
 */
package dev.colbert.encoder.inference;
