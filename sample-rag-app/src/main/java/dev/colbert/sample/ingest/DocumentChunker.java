package dev.colbert.sample.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.ai.document.Document;
import org.springframework.ai.reader.TextReader;
import org.springframework.ai.transformer.splitter.TokenTextSplitter;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

import dev.colbert.sample.SampleProperties;

/**
 * Turns a text file into the chunks the vector store holds: Spring AI's {@link TextReader} reads it, Markdown is cut
 * into its sections ({@link MarkdownSections}), and Spring AI's {@link TokenTextSplitter} cuts each section into chunks
 * that fit the encoder's document length.
 *
 * <p>Every chunk gets a stable id ({@code <documentId>#<n>}, so re-ingesting a file replaces its chunks) and the
 * metadata {@link #DOCUMENT_ID}, {@link #CHUNK}, {@link #SOURCE}, {@link #ORIGIN}, {@link #TITLE} and, when known,
 * {@link #SECTION}, {@link #URL} and {@link #LICENSE}.
 */
@Component
public class DocumentChunker {

	/** Metadata key: the id of the document a chunk belongs to ({@code DELETE /api/documents/{id}} removes them all). */
	public static final String DOCUMENT_ID = "document_id";

	/** Metadata key: the chunk's position in its document, from 0. */
	public static final String CHUNK = "chunk";

	/** Metadata key: the file the document came from. */
	public static final String SOURCE = "source";

	/** Metadata key: {@link #ORIGIN_KNOWLEDGE_BASE} or {@link #ORIGIN_UPLOAD}. */
	public static final String ORIGIN = "origin";

	/** Metadata key: the document's title (front matter, first heading, or file name). */
	public static final String TITLE = "title";

	/** Metadata key: the heading of the Markdown section the chunk comes from. */
	public static final String SECTION = "section";

	/** Metadata key: where the document was published (front matter {@code source}). */
	public static final String URL = "url";

	/** Metadata key: the document's licence (front matter {@code license}). */
	public static final String LICENSE = "license";

	/** {@link #ORIGIN} of the bundled knowledge base's chunks. */
	public static final String ORIGIN_KNOWLEDGE_BASE = "knowledge-base";

	/** {@link #ORIGIN} of documents added through the API. */
	public static final String ORIGIN_UPLOAD = "upload";

	private final TokenTextSplitter splitter;

	public DocumentChunker(SampleProperties properties) {
		SampleProperties.Chunking chunking = properties.getChunking();
		this.splitter = TokenTextSplitter.builder()
			.withChunkSize(chunking.getChunkSize())
			.withMinChunkSizeChars(chunking.getMinChunkSizeChars())
			.withMinChunkLengthToEmbed(5)
			.withMaxNumChunks(100_000)
			.withKeepSeparator(true)
			.build();
	}

	/**
	 * Reads and chunks a file.
	 * @param documentId the id of the document (prefix of its chunk ids)
	 * @param resource the file, UTF-8
	 * @param markdown whether to parse it as Markdown (front matter and sections)
	 * @param origin {@link #ORIGIN_KNOWLEDGE_BASE} or {@link #ORIGIN_UPLOAD}
	 * @param title the title when the file has none of its own, or {@code null}
	 * @return the chunks, in document order (empty when the file holds no text)
	 */
	public List<Document> chunk(String documentId, Resource resource, boolean markdown, String origin, String title) {
		List<Document> read = new TextReader(resource).get();
		String text = read.isEmpty() ? "" : read.get(0).getText();
		return chunk(documentId, (text != null) ? text : "", resource.getFilename(), markdown, origin, title);
	}

	/**
	 * Chunks a text.
	 * @param documentId the id of the document (prefix of its chunk ids)
	 * @param text the text
	 * @param source the file name or another description of where the text came from
	 * @param markdown whether to parse it as Markdown (front matter and sections)
	 * @param origin {@link #ORIGIN_KNOWLEDGE_BASE} or {@link #ORIGIN_UPLOAD}
	 * @param title the title when the text has none of its own, or {@code null}
	 * @return the chunks, in document order (empty when the text holds nothing to index)
	 */
	public List<Document> chunk(String documentId, String text, String source, boolean markdown, String origin,
			String title) {
		Map<String, Object> base = new LinkedHashMap<>();
		base.put(DOCUMENT_ID, documentId);
		base.put(ORIGIN, origin);
		if (source != null) {
			base.put(SOURCE, source);
		}
		List<Document> sections = new ArrayList<>();
		if (markdown) {
			MarkdownSections parsed = MarkdownSections.parse(text);
			String documentTitle = parsed.frontMatter().getOrDefault("title", title);
			if (documentTitle == null && !parsed.sections().isEmpty()) {
				documentTitle = parsed.sections().get(0).heading();
			}
			base.put(TITLE, (documentTitle != null) ? documentTitle : defaultTitle(source, documentId));
			putIfPresent(base, URL, parsed.frontMatter().get("source"));
			putIfPresent(base, LICENSE, parsed.frontMatter().get("license"));
			for (MarkdownSections.Section section : parsed.sections()) {
				Map<String, Object> metadata = new LinkedHashMap<>(base);
				putIfPresent(metadata, SECTION, section.heading());
				sections.add(Document.builder().text(section.text()).metadata(metadata).build());
			}
		}
		else {
			base.put(TITLE, (title != null) ? title : defaultTitle(source, documentId));
			if (!text.isBlank()) {
				sections.add(Document.builder().text(text.strip()).metadata(base).build());
			}
		}
		List<Document> chunks = new ArrayList<>();
		for (Document split : this.splitter.apply(sections)) {
			Map<String, Object> metadata = new LinkedHashMap<>();
			for (Map.Entry<String, Object> entry : split.getMetadata().entrySet()) {
				if (base.containsKey(entry.getKey()) || SECTION.equals(entry.getKey())) {
					metadata.put(entry.getKey(), entry.getValue());
				}
			}
			int n = chunks.size();
			metadata.put(CHUNK, n);
			chunks.add(Document.builder().id(documentId + "#" + n).text(split.getText()).metadata(metadata).build());
		}
		return chunks;
	}

	private static String defaultTitle(String source, String documentId) {
		return (source != null && !source.isBlank()) ? source : documentId;
	}

	private static void putIfPresent(Map<String, Object> metadata, String key, String value) {
		if (value != null && !value.isBlank()) {
			metadata.put(key, value);
		}
	}

}
