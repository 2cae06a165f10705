/**
 * HTTP suites: a minimal Spring Boot web app over the library, loaded by concurrent readers and a writer, and fed bad
 * requests.
 */
package dev.colbert.reliability.http;
