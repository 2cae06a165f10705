/**
 * Auto-configuration of the {@link dev.colbert.encoder.ColbertEncoder} named by {@code colbert.model}.
 */
package dev.colbert.autoconfigure.encoder;
