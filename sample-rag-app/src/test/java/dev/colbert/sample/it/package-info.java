/**
 * End-to-end tests of the running application (failsafe, {@code ./mvnw verify}): HTTP API, a real headless browser,
 * restart with index reuse and the RAG chain with a chat model.
 */
package dev.colbert.sample.it;
