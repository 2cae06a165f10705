package dev.colbert.sample.api;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.document.Document;
import org.springframework.ai.rag.Query;
import org.springframework.ai.rag.advisor.RetrievalAugmentationAdvisor;
import org.springframework.ai.rag.retrieval.search.DocumentRetriever;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.colbert.sample.ingest.DocumentChunker;

/**
 * {@code POST /api/ask} with {@code {"question": "..."}}: when a {@link ChatModel} is configured (the {@code ollama}
 * or {@code openai} profile), a {@link ChatClient} answers through a {@link RetrievalAugmentationAdvisor} on the
 * auto-configured ColBERT {@link DocumentRetriever}; otherwise the answer says that no chat model is configured. Either
 * way the retrieved context comes with it.
 */
@RestController
public class AskController {

	static final String NO_CHAT_MODEL = "No chat model is configured, so there is no generated answer: the retrieved "
			+ "context is below. To generate answers, run with a chat model, e.g. Ollama: "
			+ "./mvnw -pl sample-rag-app -am -Pollama spring-boot:run -Dspring-boot.run.profiles=ollama";

	private static final Logger logger = LoggerFactory.getLogger(AskController.class);

	private final DocumentRetriever retriever;

	private final ChatClient chatClient;

	private final TextRules text;

	public AskController(DocumentRetriever retriever, ObjectProvider<ChatModel> chatModel, TextRules text) {
		this.retriever = retriever;
		this.text = text;
		ChatModel model = chatModel.getIfUnique();
		this.chatClient = (model != null) ? ChatClient.builder(model)
			.defaultAdvisors(RetrievalAugmentationAdvisor.builder().documentRetriever(retriever).build())
			.build() : null;
	}

	@PostMapping("/api/ask")
	public AskResponse ask(@RequestBody(required = false) AskRequest request) {
		String question = this.text.query("question", (request != null) ? request.question() : null);
		if (this.chatClient == null) {
			List<Document> context = this.retriever.retrieve(new Query(question));
			return new AskResponse(question, false, null, NO_CHAT_MODEL, ContextDocument.of(context));
		}
		ChatClientResponse response;
		try {
			response = this.chatClient.prompt().user(question).call().chatClientResponse();
		}
		catch (RuntimeException ex) {
			logger.warn("The chat model failed", ex);
			throw new InvalidRequestException(HttpStatus.BAD_GATEWAY,
					"The chat model failed: " + ex.getMessage() + ". Check that it runs and is configured "
							+ "(spring.ai.ollama.* or spring.ai.openai.*)");
		}
		Object documents = response.context().get(RetrievalAugmentationAdvisor.DOCUMENT_CONTEXT);
		List<Document> context = new ArrayList<>();
		if (documents instanceof List<?> list) {
			for (Object item : list) {
				if (item instanceof Document document) {
					context.add(document);
				}
			}
		}
		ChatResponse chatResponse = response.chatResponse();
		String answer = (chatResponse != null && chatResponse.getResult() != null)
				? chatResponse.getResult().getOutput().getText() : null;
		return new AskResponse(question, true, answer, null, ContextDocument.of(context));
	}

	/**
	 * The body of {@code POST /api/ask}.
	 *
	 * @param question the question
	 */
	public record AskRequest(String question) {
	}

	/**
	 * The answer.
	 *
	 * @param question the question, stripped
	 * @param chatModelConfigured whether a chat model generated {@code answer}
	 * @param answer the generated answer, or {@code null} without a chat model
	 * @param message why there is no answer, or {@code null}
	 * @param context the retrieved chunks the answer is grounded on, best first
	 */
	public record AskResponse(String question, boolean chatModelConfigured, String answer, String message,
			List<ContextDocument> context) {
	}

	/**
	 * One retrieved chunk of the context.
	 *
	 * @param id the chunk id
	 * @param documentId the document's id
	 * @param title the document's title
	 * @param section the section heading, or {@code null}
	 * @param score the normalized MaxSim
	 * @param text the chunk text
	 */
	public record ContextDocument(String id, String documentId, String title, String section, Double score,
			String text) {

		static List<ContextDocument> of(List<Document> documents) {
			return documents.stream()
				.map((document) -> new ContextDocument(document.getId(),
						string(document.getMetadata().get(DocumentChunker.DOCUMENT_ID)),
						string(document.getMetadata().get(DocumentChunker.TITLE)),
						string(document.getMetadata().get(DocumentChunker.SECTION)), document.getScore(),
						document.getText()))
				.toList();
		}

		private static String string(Object value) {
			return (value != null) ? value.toString() : null;
		}

	}

}
