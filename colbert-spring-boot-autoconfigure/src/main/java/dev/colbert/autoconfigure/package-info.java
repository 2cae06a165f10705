/**
 * Spring Boot auto-configuration for ColBERT retrieval in Spring AI. {@link dev.colbert.autoconfigure.ColbertProperties}
 * holds every {@code colbert.*} setting; the auto-configurations are split by concern: {@code encoder} (the
 * {@link dev.colbert.encoder.ColbertEncoder}), {@code store} (the {@link dev.colbert.store.TokenVectorStore}) and
 * {@code ai} (the Spring AI {@code VectorStore} and {@code DocumentRetriever}). Every bean backs off when the
 * application defines its own.
 */
package dev.colbert.autoconfigure;
