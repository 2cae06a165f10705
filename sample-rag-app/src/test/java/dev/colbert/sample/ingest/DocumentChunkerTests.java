package dev.colbert.sample.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import org.junit.jupiter.api.Test;

import org.springframework.ai.document.Document;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import dev.colbert.sample.SampleProperties;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentChunkerTests {

	private final DocumentChunker chunker = new DocumentChunker(new SampleProperties());

	@Test
	void chunksCarryStableIdsAndTheDocumentsMetadata() {
		List<Document> chunks = this.chunker.chunk("kb:wal.md", new ClassPathResource("kb/wal.md"), true,
				DocumentChunker.ORIGIN_KNOWLEDGE_BASE, null);
		assertThat(chunks).hasSizeGreaterThan(10);
		for (int i = 0; i < chunks.size(); i++) {
			Document chunk = chunks.get(i);
			assertThat(chunk.getId()).isEqualTo("kb:wal.md#" + i);
			assertThat(chunk.getMetadata()).containsEntry(DocumentChunker.DOCUMENT_ID, "kb:wal.md")
				.containsEntry(DocumentChunker.CHUNK, i)
				.containsEntry(DocumentChunker.TITLE, "Write-Ahead Logging")
				.containsEntry(DocumentChunker.URL, "https://www.sqlite.org/wal.html")
				.containsEntry(DocumentChunker.LICENSE, "public domain (SQLite documentation)")
				.containsEntry(DocumentChunker.SOURCE, "wal.md")
				.containsEntry(DocumentChunker.ORIGIN, DocumentChunker.ORIGIN_KNOWLEDGE_BASE)
				.containsKey(DocumentChunker.SECTION);
		}
		assertThat(chunks.get(0).getMetadata()).containsEntry(DocumentChunker.SECTION, "1. Overview");
		assertThat(chunks.get(0).getText()).startsWith("# 1. Overview");
		// Re-reading gives the same chunks: ids are stable, so a second ingestion replaces instead of duplicating.
		assertThat(this.chunker.chunk("kb:wal.md", new ClassPathResource("kb/wal.md"), true,
				DocumentChunker.ORIGIN_KNOWLEDGE_BASE, null))
			.extracting(Document::getText)
			.containsExactlyElementsOf(chunks.stream().map(Document::getText).toList());
	}

	@Test
	void plainTextIsOneSectionTitledByTheCaller() {
		List<Document> chunks = this.chunker.chunk("doc-1", "  Lighthouse keepers trim the wick at dusk.  ", "note.txt",
				false, DocumentChunker.ORIGIN_UPLOAD, "Keeper's log");
		assertThat(chunks).singleElement().satisfies((chunk) -> {
			assertThat(chunk.getId()).isEqualTo("doc-1#0");
			assertThat(chunk.getText()).isEqualTo("Lighthouse keepers trim the wick at dusk.");
			assertThat(chunk.getMetadata()).containsEntry(DocumentChunker.TITLE, "Keeper's log")
				.containsEntry(DocumentChunker.ORIGIN, DocumentChunker.ORIGIN_UPLOAD)
				.containsEntry(DocumentChunker.SOURCE, "note.txt")
				.doesNotContainKey(DocumentChunker.SECTION);
		});
	}

	@Test
	void blankTextHasNoChunks() {
		assertThat(this.chunker.chunk("doc-2", " \n ", null, false, DocumentChunker.ORIGIN_UPLOAD, null)).isEmpty();
	}

	/**
	 * The bundled knowledge base: a few hundred chunks (first start encodes them in a few minutes on two cores), and
	 * every chunk fits the default model's document length (300 wordpieces with [CLS], marker and [SEP]), so nothing
	 * is cut off by the encoder.
	 */
	@Test
	void bundledKnowledgeBaseChunksFitTheDefaultModelsDocumentLength() throws IOException {
		Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath:kb/*.md");
		assertThat(files).hasSize(18);
		List<Document> chunks = new ArrayList<>();
		for (Resource file : files) {
			chunks.addAll(this.chunker.chunk("kb:" + file.getFilename(), file, true,
					DocumentChunker.ORIGIN_KNOWLEDGE_BASE, null));
		}
		assertThat(chunks).hasSizeBetween(200, 500);
		try (InputStream json = getClass().getResourceAsStream("/bge-small-en-v1.5-tokenizer.json");
				HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(json,
						java.util.Map.of("addSpecialTokens", "false", "truncation", "false"))) {
			int longest = 0;
			for (Document chunk : chunks) {
				longest = Math.max(longest, tokenizer.encode(chunk.getText()).getIds().length);
			}
			assertThat(longest).as("wordpieces of the longest chunk").isLessThanOrEqualTo(297);
		}
	}

}
