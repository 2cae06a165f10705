package dev.colbert.sample;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the sample application ({@code sample.*}).
 */
@ConfigurationProperties("sample")
@Validated
public class SampleProperties {

	@Valid
	private final KnowledgeBase knowledgeBase = new KnowledgeBase();

	@Valid
	private final Chunking chunking = new Chunking();

	@Valid
	private final Search search = new Search();

	@Valid
	private final Documents documents = new Documents();

	@Valid
	private final Web web = new Web();

	public KnowledgeBase getKnowledgeBase() {
		return this.knowledgeBase;
	}

	public Chunking getChunking() {
		return this.chunking;
	}

	public Search getSearch() {
		return this.search;
	}

	public Documents getDocuments() {
		return this.documents;
	}

	public Web getWeb() {
		return this.web;
	}

	/** The bundled knowledge base ingested on first start. */
	public static class KnowledgeBase {

		/** Whether the knowledge base is ingested at start-up (when the index does not hold it yet). */
		private boolean ingest = true;

		/** Resource pattern of the knowledge base's Markdown files. */
		@NotEmpty
		private String location = "classpath:kb/*.md";

		/**
		 * File recording which knowledge base the index holds (a fingerprint of its files and of the chunking); when
		 * it matches, later starts reuse the index without encoding anything.
		 */
		@NotNull
		private Path manifest = Path.of("sample-data/knowledge-base.properties");

		/**
		 * Chunks encoded per batch during ingestion: the unit of the progress report (all chunks are stored with one
		 * commit at the end).
		 */
		@Min(1)
		@Max(4096)
		private int batchSize = 32;

		public boolean isIngest() {
			return this.ingest;
		}

		public void setIngest(boolean ingest) {
			this.ingest = ingest;
		}

		public String getLocation() {
			return this.location;
		}

		public void setLocation(String location) {
			this.location = location;
		}

		public Path getManifest() {
			return this.manifest;
		}

		public void setManifest(Path manifest) {
			this.manifest = manifest;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

	}

	/** How documents are cut into chunks ({@code TokenTextSplitter}). */
	public static class Chunking {

		/**
		 * Target chunk size in the splitter's tokens (cl100k). About 1.2 BERT wordpieces each on this English text:
		 * 200 keeps chunks inside the default model's 300-wordpiece document length.
		 */
		@Min(20)
		@Max(2000)
		private int chunkSize = 200;

		/** A chunk is cut back to its last sentence end when that leaves at least this many characters. */
		@Min(0)
		private int minChunkSizeChars = 350;

		public int getChunkSize() {
			return this.chunkSize;
		}

		public void setChunkSize(int chunkSize) {
			this.chunkSize = chunkSize;
		}

		public int getMinChunkSizeChars() {
			return this.minChunkSizeChars;
		}

		public void setMinChunkSizeChars(int minChunkSizeChars) {
			this.minChunkSizeChars = minChunkSizeChars;
		}

	}

	/** Limits of {@code /api/search} and {@code /api/ask}. */
	public static class Search {

		/** The longest query accepted, in characters (the model reads at most its query length in tokens). */
		@Min(1)
		private int maxQueryChars = 500;

		/** The largest {@code k} accepted. */
		@Min(1)
		@Max(1000)
		private int maxK = 100;

		/** The {@code k} of a search that names none. */
		@Min(1)
		private int defaultK = 5;

		/**
		 * With {@code explain} (the default), how many of the best results get their token-level explanation: each one
		 * re-encodes its chunk with the document encoder, the most expensive part of a search.
		 */
		@Min(0)
		@Max(100)
		private int maxExplained = 10;

		public int getMaxQueryChars() {
			return this.maxQueryChars;
		}

		public void setMaxQueryChars(int maxQueryChars) {
			this.maxQueryChars = maxQueryChars;
		}

		public int getMaxK() {
			return this.maxK;
		}

		public void setMaxK(int maxK) {
			this.maxK = maxK;
		}

		public int getDefaultK() {
			return this.defaultK;
		}

		public void setDefaultK(int defaultK) {
			this.defaultK = defaultK;
		}

		public int getMaxExplained() {
			return this.maxExplained;
		}

		public void setMaxExplained(int maxExplained) {
			this.maxExplained = maxExplained;
		}

	}

	/** Limits of {@code POST /api/documents}. */
	public static class Documents {

		/** The longest document text accepted, in characters (uploads: after decoding). */
		@Min(1)
		private int maxChars = 200_000;

		/**
		 * The longest title accepted, in characters, and of every other text copied into each chunk's metadata: the
		 * section heading, the file name, the front matter's source URL and licence.
		 */
		@Min(1)
		@Max(10_000)
		private int maxMetadataChars = 256;

		/** File name extensions accepted for uploads (lower case, with the dot). */
		@NotEmpty
		private List<String> extensions = new ArrayList<>(List.of(".txt", ".md", ".markdown"));

		public int getMaxChars() {
			return this.maxChars;
		}

		public void setMaxChars(int maxChars) {
			this.maxChars = maxChars;
		}

		public int getMaxMetadataChars() {
			return this.maxMetadataChars;
		}

		public void setMaxMetadataChars(int maxMetadataChars) {
			this.maxMetadataChars = maxMetadataChars;
		}

		public List<String> getExtensions() {
			return this.extensions;
		}

		public void setExtensions(List<String> extensions) {
			this.extensions = extensions;
		}

	}

	/** Request-level protections of the whole application (API and actuator). */
	public static class Web {

		/**
		 * The largest request body accepted, other than multipart uploads (those have
		 * {@code spring.servlet.multipart.max-request-size}): a larger declared {@code Content-Length} is refused before
		 * the body is read, a chunked body once it grows past it.
		 */
		@NotNull
		private DataSize maxBodySize = DataSize.ofMegabytes(1);

		/**
		 * Origins besides the application's own (scheme, host and port as the browser sends them in {@code Origin},
		 * e.g. {@code http://localhost:5173}) whose pages may send POST, PUT, PATCH and DELETE requests. Requests with
		 * any other {@code Origin} are refused (cross-site request forgery).
		 */
		@NotNull
		private List<String> allowedOrigins = new ArrayList<>();

		public DataSize getMaxBodySize() {
			return this.maxBodySize;
		}

		public void setMaxBodySize(DataSize maxBodySize) {
			this.maxBodySize = maxBodySize;
		}

		public List<String> getAllowedOrigins() {
			return this.allowedOrigins;
		}

		public void setAllowedOrigins(List<String> allowedOrigins) {
			this.allowedOrigins = allowedOrigins;
		}

	}

}
