/**
 * Ingestion: Markdown and text files read with Spring AI's readers, cut into sections and chunks, added through the
 * vector store; the bundled knowledge base is ingested once and reused on later starts.
 */
package dev.colbert.sample.ingest;
