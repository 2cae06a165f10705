/**
 * The sample RAG application: its entry point and configuration ({@code sample.*}).
 */
package dev.colbert.sample;
