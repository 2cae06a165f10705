/**
 * Auto-configuration of the Spring AI integration: the {@link dev.colbert.spring.ai.ColbertVectorStore} and the
 * {@link dev.colbert.spring.ai.ColbertDocumentRetriever}.
 */
package dev.colbert.autoconfigure.ai;
