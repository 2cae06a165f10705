/**
 * The {@code colberttraining} actuator endpoint: starts, follows and cancels a fine-tuning job of the ColBERT encoder
 * ({@link dev.colbert.training.TrainingRunner}); registered only when {@code colbert.training.enabled=true}.
 */
package dev.colbert.autoconfigure.training;
