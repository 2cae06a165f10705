/**
 * Reliability and security suite: crash safety under SIGKILL, bad input at every layer, and (in {@code http}) load
 * and bad requests over HTTP. Figures go to {@code target/reliability/figures.md}; see docs/RELIABILITY.md.
 */
package dev.colbert.reliability;
