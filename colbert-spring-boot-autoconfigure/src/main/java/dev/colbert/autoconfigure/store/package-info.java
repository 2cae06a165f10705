/**
 * Auto-configuration of the {@link dev.colbert.store.TokenVectorStore} selected by {@code colbert.store.type}: the
 * embedded compressed index or the OpenSearch store.
 */
package dev.colbert.autoconfigure.store;
