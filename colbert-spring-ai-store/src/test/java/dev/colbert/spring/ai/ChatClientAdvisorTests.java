package dev.colbert.spring.ai;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.vectorstore.QuestionAnswerAdvisor;
import org.springframework.ai.document.Document;
import org.springframework.ai.rag.advisor.RetrievalAugmentationAdvisor;
import org.springframework.ai.vectorstore.SearchRequest;

import dev.colbert.store.TokenVectorStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retriever and the vector store inside Spring AI's advisor chains: the retrieved chunks reach the prompt the chat
 * model receives.
 */
class ChatClientAdvisorTests {

	private static final String GENERATOR = "The emergency generator is tested every Tuesday at noon.";

	private static final String BADGE = "Visitor badges are collected at the front desk before nine.";

	private static final String PARKING = "Parking spaces on level two are reserved for car pools.";

	private static final String CANTEEN = "La cantine ferme à quatorze heures le vendredi.";

	private final WordHashEncoder encoder = new WordHashEncoder(64);

	@TempDir
	Path directory;

	private TokenVectorStore store;

	private final RecordingChatModel chatModel = new RecordingChatModel("Tuesdays at noon.");

	private ColbertVectorStore vectorStore;

	@BeforeEach
	void addDocuments() {
		this.store = TestStores.embedded(this.directory.resolve("index"), this.encoder);
		this.vectorStore = ColbertVectorStore.builder(this.encoder, this.store).build();
		this.vectorStore.add(List.of(new Document("generator", GENERATOR, Map.of("lang", "en")),
				new Document("badge", BADGE, Map.of("lang", "en")),
				new Document("parking", PARKING, Map.of("lang", "en")),
				new Document("canteen", CANTEEN, Map.of("lang", "fr"))));
	}

	@AfterEach
	void close() {
		this.store.close();
		this.encoder.close();
	}

	@Test
	void retrievalAugmentationAdvisorPutsTheRetrievedChunksInThePrompt() {
		ColbertDocumentRetriever retriever = ColbertDocumentRetriever.builder()
			.vectorStore(this.vectorStore)
			.topK(1)
			.build();
		ChatClient chatClient = ChatClient.builder(this.chatModel)
			.defaultAdvisors(RetrievalAugmentationAdvisor.builder().documentRetriever(retriever).build())
			.build();

		String answer = chatClient.prompt().user("When is the emergency generator tested?").call().content();

		assertThat(answer).isEqualTo("Tuesdays at noon.");
		assertThat(this.chatModel.prompts()).hasSize(1);
		String prompt = this.chatModel.prompts().get(0).getContents();
		assertThat(prompt).contains(GENERATOR).contains("When is the emergency generator tested?");
		assertThat(prompt).doesNotContain(BADGE, PARKING, CANTEEN);
	}

	@Test
	void retrievalAugmentationAdvisorPassesThePerRequestFilterToTheRetriever() {
		ColbertDocumentRetriever retriever = ColbertDocumentRetriever.builder()
			.vectorStore(this.vectorStore)
			.topK(1)
			.build();
		ChatClient chatClient = ChatClient.builder(this.chatModel)
			.defaultAdvisors(RetrievalAugmentationAdvisor.builder().documentRetriever(retriever).build())
			.build();

		chatClient.prompt()
			.user("When is the emergency generator tested?")
			.advisors((advisor) -> advisor.param(ColbertQueryContext.FILTER_EXPRESSION, "lang == 'fr'"))
			.call()
			.content();

		String prompt = this.chatModel.prompts().get(0).getContents();
		assertThat(prompt).contains(CANTEEN).doesNotContain(GENERATOR);
	}

	@Test
	void questionAnswerAdvisorOverTheVectorStorePutsTheRetrievedChunksInThePrompt() {
		ChatClient chatClient = ChatClient.builder(this.chatModel)
			.defaultAdvisors(QuestionAnswerAdvisor.builder(this.vectorStore)
				.searchRequest(SearchRequest.builder().topK(2).build())
				.build())
			.build();

		chatClient.prompt().user("Where are visitor badges collected?").call().content();

		String prompt = this.chatModel.prompts().get(0).getContents();
		assertThat(prompt).contains(BADGE).contains("Where are visitor badges collected?");
		assertThat(prompt).doesNotContain(CANTEEN);
	}

	@Test
	void bothAdvisorsInOneChainEachContributeTheirChunks() {
		ColbertDocumentRetriever retriever = ColbertDocumentRetriever.builder()
			.vectorStore(this.vectorStore)
			.topK(1)
			.filterExpression("lang == 'en'")
			.build();
		ChatClient chatClient = ChatClient.builder(this.chatModel)
			.defaultAdvisors(
					QuestionAnswerAdvisor.builder(this.vectorStore)
						.searchRequest(SearchRequest.builder().topK(1).filterExpression("lang == 'fr'").build())
						.order(0)
						.build(),
					RetrievalAugmentationAdvisor.builder().documentRetriever(retriever).order(1).build())
			.build();

		chatClient.prompt().user("When is the emergency generator tested?").call().content();

		String prompt = this.chatModel.prompts().get(0).getContents();
		assertThat(prompt).contains(GENERATOR).contains(CANTEEN);
	}

}
