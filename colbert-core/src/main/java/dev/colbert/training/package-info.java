/**
 * Fine-tuning of ColBERT encoders: {@link dev.colbert.training.TrainingRunner} runs one
 * {@link dev.colbert.training.TrainingJob} at a time ({@link dev.colbert.training.ColbertTrainer}: data, AdamW with
 * warm-up and decay, gradient clipping, pairwise hinge / n-way cross-entropy / KL distillation over MaxSim scores,
 * selectable trainable layers), with status, cancellation, resumable state, and a checkpoint in the HuggingFace ColBERT
 * layout as output.
 */
package dev.colbert.training;
