/**
 * The model side of training: the training forward with a cache of frozen outputs, differentiable MaxSim over padded
 * batches, and the PCA initialization of a new projection.
 */
package dev.colbert.training.model;
