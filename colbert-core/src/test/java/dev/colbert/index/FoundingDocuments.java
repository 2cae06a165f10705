package dev.colbert.index;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The real-text test passages: 133 passages of United States founding documents (public domain,
 * {@code founding-documents.txt}), one per line; blank lines and lines starting with # are not passages.
 */
public final class FoundingDocuments {

	private FoundingDocuments() {
	}

	/** The passages, in file order. */
	public static List<String> passages() {
		try (InputStream in = FoundingDocuments.class.getResourceAsStream("founding-documents.txt")) {
			if (in == null) {
				throw new IllegalStateException("test resource dev/colbert/index/founding-documents.txt is missing");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.filter((line) -> !line.isBlank() && !line.startsWith("#"))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
