/**
 * Spring AI integration: {@link dev.colbert.spring.ai.ColbertVectorStore} (a Spring AI {@code VectorStore} that encodes
 * documents and queries with a {@link dev.colbert.encoder.ColbertEncoder} and keeps token vectors in a
 * {@link dev.colbert.store.TokenVectorStore}) and {@link dev.colbert.spring.ai.ColbertDocumentRetriever} (a Spring AI
 * {@code DocumentRetriever} returning MaxSim top-K documents, optionally with token-level explanations).
 *
 * <p>No Spring Boot dependency: the auto-configuration lives in {@code colbert-spring-boot-autoconfigure}.
 */
package dev.colbert.spring.ai;
