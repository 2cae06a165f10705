package dev.colbert.sample.api;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import dev.colbert.sample.SampleProperties;
import dev.colbert.sample.ingest.DocumentChunker;
import dev.colbert.spring.ai.ColbertVectorStore;

/**
 * Adds and removes documents.
 *
 * <ul>
 * <li>{@code POST /api/documents} with a JSON body {@code {"title": ..., "text": ..., "format": "text"|"markdown"}}
 * or a multipart upload (part {@code file}: {@code .txt}, {@code .md}, {@code .markdown}; optional part
 * {@code title}): the text is chunked ({@link DocumentChunker}) and added through the vector store; 201 with the
 * document id and its chunk ids.</li>
 * <li>{@code DELETE /api/documents/{id}} removes every chunk of the document; 404 when there is none.</li>
 * </ul>
 *
 * <p>Every text of a request, and every text the chunker copies from it into each chunk's metadata (the front
 * matter's title, source and licence, the section headings), passes {@link TextRules} before anything is stored.
 */
@RestController
public class DocumentController {

	private final ColbertVectorStore vectorStore;

	private final DocumentChunker chunker;

	private final SampleProperties.Documents limits;

	private final TextRules rules;

	public DocumentController(ColbertVectorStore vectorStore, DocumentChunker chunker, SampleProperties properties,
			TextRules rules) {
		this.vectorStore = vectorStore;
		this.chunker = chunker;
		this.limits = properties.getDocuments();
		this.rules = rules;
	}

	@PostMapping(path = "/api/documents", consumes = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<AddedDocument> addText(@RequestBody(required = false) AddDocumentRequest request) {
		if (request == null) {
			throw new InvalidRequestException(
					"The document has no text: send {\"title\": \"...\", \"text\": \"...\"} or upload a file");
		}
		String text = this.rules.documentText("text", request.text());
		String format = this.rules.metadata("format", request.format());
		boolean markdown;
		if (format == null || format.equalsIgnoreCase("text")) {
			markdown = false;
		}
		else if (format.equalsIgnoreCase("markdown")) {
			markdown = true;
		}
		else {
			throw new InvalidRequestException(
					"Unknown format '" + format + "': use \"text\" (the default) or \"markdown\"");
		}
		return add(text, null, markdown, this.rules.title("title", request.title()));
	}

	@PostMapping(path = "/api/documents", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	public ResponseEntity<AddedDocument> addFile(@RequestParam(name = "file", required = false) MultipartFile file,
			@RequestParam(name = "title", required = false) String title) throws java.io.IOException {
		if (file == null) {
			throw new InvalidRequestException("No file in the upload: send it as the multipart part 'file'");
		}
		String name = this.rules.fileName(file.getOriginalFilename());
		String extension = extension(name);
		if (!this.limits.getExtensions().contains(extension)) {
			throw new InvalidRequestException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					"Unsupported file type " + (extension.isEmpty() ? "(no extension)" : "'" + extension + "'")
							+ " of '" + name + "': upload one of " + String.join(", ", this.limits.getExtensions())
							+ " (sample.documents.extensions)");
		}
		if (file.isEmpty()) {
			throw new InvalidRequestException("The file '" + name + "' is empty");
		}
		String text = this.rules.documentText("file '" + name + "'", decodeUtf8(name, file.getBytes()));
		boolean markdown = !extension.equals(".txt");
		String fileTitle = this.rules.title("title", title);
		if (fileTitle == null && !markdown) {
			fileTitle = name;
		}
		return add(text, name, markdown, fileTitle);
	}

	private ResponseEntity<AddedDocument> add(String text, String source, boolean markdown, String title) {
		String documentId = "doc-" + UUID.randomUUID().toString().substring(0, 13);
		List<Document> chunks = this.chunker.chunk(documentId, text, source, markdown, DocumentChunker.ORIGIN_UPLOAD,
				title);
		if (chunks.isEmpty()) {
			throw new InvalidRequestException("The document holds no text to index");
		}
		for (Document chunk : chunks) {
			checkMetadata(chunk.getMetadata());
		}
		this.vectorStore.add(chunks);
		Object chunkTitle = chunks.get(0).getMetadata().get(DocumentChunker.TITLE);
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(new AddedDocument(documentId, (chunkTitle != null) ? chunkTitle.toString() : null,
					chunks.stream().map(Document::getId).toList()));
	}

	/** What a Markdown text put into the metadata copied into its chunks follows the same rules as a request. */
	private void checkMetadata(Map<String, Object> metadata) {
		this.rules.title("title", string(metadata.get(DocumentChunker.TITLE)));
		this.rules.metadata("section heading", string(metadata.get(DocumentChunker.SECTION)));
		this.rules.url("front matter's source", string(metadata.get(DocumentChunker.URL)));
		this.rules.metadata("front matter's license", string(metadata.get(DocumentChunker.LICENSE)));
	}

	private static String string(Object value) {
		return (value != null) ? value.toString() : null;
	}

	@DeleteMapping("/api/documents/{id}")
	public RemovedDocument delete(@PathVariable("id") String id) {
		int removed = this.vectorStore.getTokenVectorStore()
			.delete(new FilterExpressionBuilder().eq(DocumentChunker.DOCUMENT_ID, id).build());
		if (removed == 0) {
			throw new InvalidRequestException(HttpStatus.NOT_FOUND, "No document with id '" + id
					+ "': ids are the documentId of search results or the id POST /api/documents returned");
		}
		return new RemovedDocument(id, removed);
	}

	private static String decodeUtf8(String name, byte[] bytes) {
		try {
			String text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
			return text.startsWith("\uFEFF") ? text.substring(1) : text;
		}
		catch (CharacterCodingException ex) {
			throw new InvalidRequestException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					"The file '" + name + "' is not UTF-8 text: convert it to UTF-8 or upload a text or Markdown file");
		}
	}

	/** The extension of a file name without folders ({@link TextRules#fileName}). */
	private static String extension(String name) {
		int dot = name.lastIndexOf('.');
		return (dot >= 0) ? name.substring(dot).toLowerCase(Locale.ROOT) : "";
	}

	/**
	 * The body of a JSON {@code POST /api/documents}.
	 *
	 * @param title the title, optional
	 * @param text the text
	 * @param format {@code text} (default) or {@code markdown} (sections and front matter are recognized)
	 */
	public record AddDocumentRequest(String title, String text, String format) {
	}

	/**
	 * A document added.
	 *
	 * @param id its id (for {@code DELETE /api/documents/{id}})
	 * @param title its title
	 * @param chunks the ids of its chunks
	 */
	public record AddedDocument(String id, String title, List<String> chunks) {
	}

	/**
	 * A document removed.
	 *
	 * @param id its id
	 * @param chunksRemoved how many chunks were removed
	 */
	public record RemovedDocument(String id, int chunksRemoved) {
	}

}
