/**
 * Spring Boot auto-configuration for ColBERT retrieval in Spring AI. {@link dev.colbert.autoconfigure.ColbertProperties}
 * binds and checks {@code colbert.*}: the model and one group of settings per feature, each a class of its feature's
 * package; {@link dev.colbert.autoconfigure.PropertyChecks} is the checks they share. The auto-configurations are split
 * by concern: {@code encoder} (the {@link dev.colbert.encoder.ColbertEncoder}), {@code store} (the
 * {@link dev.colbert.store.TokenVectorStore}; the OpenSearch store's settings are bound on their own, as its module is
 * optional) and {@code ai} (the Spring AI {@code VectorStore} and {@code DocumentRetriever}). Every bean backs off
 * when the application defines its own.
 */
package dev.colbert.autoconfigure;
