/**
 * Model swaps in a running application: which model and index serve at start-up ({@link
 * dev.colbert.autoconfigure.swap.ActiveModelSelection}, following the record a swap leaves) and the swap itself for
 * the {@code colberttraining} endpoint ({@link dev.colbert.autoconfigure.swap.LiveModelSwapper}).
 */
package dev.colbert.autoconfigure.swap;
