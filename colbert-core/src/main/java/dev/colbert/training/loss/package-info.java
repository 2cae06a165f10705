/**
 * Ranking losses over batched MaxSim scores: pairwise hinge, n-way cross-entropy (optionally with in-batch negatives)
 * and KL distillation from teacher scores.
 */
package dev.colbert.training.loss;
