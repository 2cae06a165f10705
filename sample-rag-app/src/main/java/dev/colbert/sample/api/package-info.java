/**
 * The HTTP API ({@code /api/search}, {@code /api/documents}, {@code /api/ask}, {@code /api/status}) and its error
 * handling: bad input gets a 4xx {@code ProblemDetail} naming the problem and the fix, never a 500.
 */
package dev.colbert.sample.api;
