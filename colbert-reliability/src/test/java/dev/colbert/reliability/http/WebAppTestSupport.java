package dev.colbert.reliability.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;

import dev.colbert.testing.TinyCheckpoints;

/**
 * The model and index folders of the {@link ReliabilityWebApp} under test: a tiny random checkpoint (hidden 32, 2
 * layers, dim 24) written once per JVM, and an index folder per test class.
 */
final class WebAppTestSupport {

	private static Path root;

	private WebAppTestSupport() {
	}

	/** Registers the model and a fresh index folder {@code index} (one per test class: one writer per index). */
	static synchronized void register(DynamicPropertyRegistry registry, String index) {
		if (root == null) {
			try {
				root = Files.createTempDirectory("colbert-reliability-http");
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			TinyCheckpoints.write(root.resolve("model"), 24, 11);
		}
		registry.add("colbert.model", () -> root.resolve("model").toString());
		registry.add("colbert.store.embedded.path", () -> root.resolve(index).toString());
		registry.add("colbert.encoder.worker-threads", () -> "2");
	}

}
