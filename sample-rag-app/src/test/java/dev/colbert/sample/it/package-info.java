/**
 * End-to-end tests of the running application (failsafe, {@code ./mvnw verify}): HTTP API, a real headless browser,
 * restart with index reuse and the RAG chain with a chat model, and load over HTTP with every answer checked
 * ({@link dev.colbert.sample.it.SampleAppLoadIT}).
 */
package dev.colbert.sample.it;
