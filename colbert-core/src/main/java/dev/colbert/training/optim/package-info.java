/**
 * Optimization for training: AdamW, the warm-up/decay learning-rate schedule and global-norm gradient clipping, on DJL
 * {@link ai.djl.ndarray.NDArray} parameters.
 */
package dev.colbert.training.optim;
