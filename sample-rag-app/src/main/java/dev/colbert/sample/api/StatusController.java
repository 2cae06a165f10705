package dev.colbert.sample.api;

import java.util.List;
import java.util.Map;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.colbert.encoder.EncoderInfo;
import dev.colbert.sample.SampleProperties;
import dev.colbert.sample.ingest.IngestionStatus;
import dev.colbert.sample.ingest.KnowledgeBaseIngestion;
import dev.colbert.spring.ai.ColbertVectorStore;
import dev.colbert.store.StoreStats;

/**
 * {@code GET /api/status}: the knowledge-base ingestion's progress, the store's counts (also when the actuator
 * {@code colbert} endpoint is not there), the model, whether a chat model is configured, and the request limits.
 */
@RestController
public class StatusController {

	private final KnowledgeBaseIngestion ingestion;

	private final ColbertVectorStore vectorStore;

	private final boolean chatModel;

	private final SampleProperties properties;

	private final MultipartProperties multipart;

	public StatusController(KnowledgeBaseIngestion ingestion, ColbertVectorStore vectorStore,
			ObjectProvider<ChatModel> chatModel, SampleProperties properties,
			ObjectProvider<MultipartProperties> multipart) {
		this.ingestion = ingestion;
		this.vectorStore = vectorStore;
		this.chatModel = chatModel.getIfUnique() != null;
		this.properties = properties;
		this.multipart = multipart.getIfAvailable(MultipartProperties::new);
	}

	@GetMapping("/api/status")
	public Status status() {
		EncoderInfo info = this.vectorStore.getEncoder().info();
		StoreStats<?> stats = this.vectorStore.getTokenVectorStore().stats();
		return new Status(this.ingestion.status(),
				new Store(stats.type(), stats.documents(), stats.tokenVectors(), stats.bytesOnDisk(),
						stats.details().asMap()),
				new Model(info.source(), info.backbone(), info.dim(), info.queryMaxLength(), info.documentMaxLength()),
				this.chatModel,
				new Limits(this.properties.getSearch().getMaxQueryChars(), this.properties.getSearch().getMaxK(),
						this.properties.getSearch().getDefaultK(), this.properties.getSearch().getMaxExplained(),
						this.properties.getDocuments().getMaxChars(),
						this.properties.getDocuments().getMaxMetadataChars(),
						this.properties.getDocuments().getExtensions(), this.multipart.getMaxFileSize().toBytes(),
						this.properties.getWeb().getMaxBodySize().toBytes()));
	}

	/**
	 * The application's status.
	 *
	 * @param ingestion the knowledge-base ingestion
	 * @param store the token-vector store's counts
	 * @param model the encoder
	 * @param chatModelConfigured whether {@code /api/ask} generates answers
	 * @param limits the request limits
	 */
	public record Status(IngestionStatus ingestion, Store store, Model model, boolean chatModelConfigured,
			Limits limits) {
	}

	/**
	 * Store counts.
	 *
	 * @param type {@code embedded} or {@code opensearch}
	 * @param documents chunks stored
	 * @param tokenVectors token vectors stored
	 * @param bytesOnDisk bytes on disk, -1 when unknown
	 * @param details store-specific figures
	 */
	public record Store(String type, long documents, long tokenVectors, long bytesOnDisk, Map<String, Object> details) {
	}

	/**
	 * The encoder.
	 *
	 * @param source where it was loaded from
	 * @param backbone its backbone
	 * @param dim token-vector dimension
	 * @param queryMaxLength query length in tokens
	 * @param documentMaxLength document length in tokens
	 */
	public record Model(String source, String backbone, int dim, int queryMaxLength, int documentMaxLength) {
	}

	/**
	 * Request limits.
	 *
	 * @param maxQueryChars longest query
	 * @param maxK largest k
	 * @param defaultK k when none is given
	 * @param maxExplained most results of one search that get their token-level explanation
	 * @param maxDocumentChars longest document text
	 * @param maxMetadataChars longest title (and other text copied into every chunk's metadata)
	 * @param extensions accepted upload file types
	 * @param maxUploadBytes largest upload
	 * @param maxBodyBytes largest request body other than an upload
	 */
	public record Limits(int maxQueryChars, int maxK, int defaultK, int maxExplained, int maxDocumentChars,
			int maxMetadataChars, List<String> extensions, long maxUploadBytes, long maxBodyBytes) {
	}

}
