package dev.colbert.autoconfigure;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.vectorstore.QuestionAnswerAdvisor;
import org.springframework.ai.document.Document;
import org.springframework.ai.rag.Query;
import org.springframework.ai.rag.advisor.RetrievalAugmentationAdvisor;
import org.springframework.ai.rag.retrieval.search.DocumentRetriever;
import org.springframework.ai.reader.TextReader;
import org.springframework.ai.transformer.splitter.TokenTextSplitter;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.ClassUtils;

import dev.colbert.autoconfigure.actuate.ColbertActuatorAutoConfiguration;
import dev.colbert.autoconfigure.ai.ColbertSpringAiAutoConfiguration;
import dev.colbert.autoconfigure.encoder.ColbertEncoderAutoConfiguration;
import dev.colbert.autoconfigure.store.ColbertEmbeddedStoreAutoConfiguration;
import dev.colbert.autoconfigure.store.ColbertOpenSearchStoreAutoConfiguration;
import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.spring.ai.ColbertDocumentMetadata;
import dev.colbert.spring.ai.ColbertDocumentRetriever;
import dev.colbert.spring.ai.ColbertVectorStore;
import dev.colbert.spring.ai.RecordingChatModel;
import dev.colbert.spring.ai.TestStores;
import dev.colbert.spring.ai.WordHashEncoder;
import dev.colbert.store.TokenVectorStore;
import dev.colbert.store.embedded.EmbeddedTokenVectorStore;
import dev.colbert.testing.TinyCheckpoints;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole stack as an application gets it from the auto-configuration imports: the encoder of {@code colbert.model},
 * the embedded store, the Spring AI vector store and retriever; and the same stack with every bean replaced.
 */
class ColbertAutoConfigurationTests {

	private static final AutoConfigurations ALL = AutoConfigurations.of(ColbertEncoderAutoConfiguration.class,
			ColbertEmbeddedStoreAutoConfiguration.class, ColbertOpenSearchStoreAutoConfiguration.class,
			ColbertSpringAiAutoConfiguration.class);

	@TempDir
	static Path folder;

	static Path checkpoint;

	@TempDir
	Path indexes;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(ALL);

	@BeforeAll
	static void writeCheckpoint() {
		checkpoint = TinyCheckpoints.write(folder.resolve("tiny"), 24, 5);
	}

	@Test
	void theImportsFileListsEveryAutoConfiguration() throws Exception {
		String imports = new ClassPathResource(
				"META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")
			.getContentAsString(java.nio.charset.StandardCharsets.UTF_8);

		assertThat(imports.lines().map(String::trim).filter((line) -> !line.isEmpty())).contains(
				ColbertEncoderAutoConfiguration.class.getName(), ColbertEmbeddedStoreAutoConfiguration.class.getName(),
				ColbertOpenSearchStoreAutoConfiguration.class.getName(), ColbertSpringAiAutoConfiguration.class.getName(),
				ColbertActuatorAutoConfiguration.class.getName())
			.allSatisfy((name) -> assertThat(ClassUtils.isPresent(name, null)).as("%s is a class", name).isTrue());
	}

	@Test
	void theDefaultModelAnswersARetrievalAugmentedChatWithTheRightChunk() {
		this.contextRunner.withPropertyValues("colbert.store.embedded.path=" + this.indexes.resolve("index"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean("colbertEncoder", ColbertEncoder.class).info().source())
					.contains("bge-small-en-v1.5");
				assertThat(context.getBean("colbertTokenVectorStore")).isInstanceOf(EmbeddedTokenVectorStore.class);
				assertThat(context.getBean("colbertVectorStore")).isInstanceOf(ColbertVectorStore.class);
				assertThat(context.getBean("colbertDocumentRetriever")).isInstanceOf(ColbertDocumentRetriever.class);

				// ingestion with Spring AI's ETL: a reader, the token splitter, VectorStore.add
				List<Document> chunks = TokenTextSplitter.builder()
					.withChunkSize(80)
					.withMinChunkSizeChars(100)
					.build()
					.apply(new TextReader(new ClassPathResource("handbook.txt")).get());
				assertThat(chunks).hasSizeGreaterThan(4);
				VectorStore vectorStore = context.getBean(VectorStore.class);
				vectorStore.add(chunks);

				List<Document> retrieved = context.getBean(DocumentRetriever.class)
					.retrieve(new Query("When is the diesel generator tested?"));
				assertThat(retrieved).as("colbert.retriever.top-k defaults to 4").hasSize(4);
				assertThat(retrieved.get(0).getText()).contains("tested every Tuesday at noon");
				assertThat(retrieved.get(0).getMetadata()).containsKey(ColbertDocumentMetadata.MAXSIM)
					.as("hybrid with the weighted sum is the default retrieval")
					.containsEntry(ColbertDocumentMetadata.FUSION, "weighted-sum");

				RecordingChatModel chatModel = new RecordingChatModel("Every Tuesday at noon.");
				ChatClient ragClient = ChatClient.builder(chatModel)
					.defaultAdvisors(RetrievalAugmentationAdvisor.builder()
						.documentRetriever(context.getBean(DocumentRetriever.class))
						.build())
					.build();
				assertThat(ragClient.prompt().user("When is the diesel generator tested?").call().content())
					.isEqualTo("Every Tuesday at noon.");
				assertThat(chatModel.prompts().get(0).getContents()).contains("tested every Tuesday at noon")
					.contains("When is the diesel generator tested?");

				ChatClient qaClient = ChatClient.builder(chatModel)
					.defaultAdvisors(QuestionAnswerAdvisor.builder(vectorStore)
						.searchRequest(SearchRequest.builder().topK(1).build())
						.build())
					.build();
				qaClient.prompt().user("Where do I collect a visitor badge?").call().content();
				String prompt = chatModel.prompts().get(1).getContents();
				assertThat(prompt).contains("collected at the front desk in the east lobby")
					.doesNotContain("diesel generator", "canteen", "Fire drills");
			});
	}

	@Test
	void aTinyCheckpointRunsTheWholeStack() {
		this.contextRunner
			.withPropertyValues("colbert.model=" + checkpoint,
					"colbert.store.embedded.path=" + this.indexes.resolve("index"), "colbert.retriever.top-k=2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				VectorStore vectorStore = context.getBean(VectorStore.class);
				vectorStore.add(List.of(new Document("a", "one", Map.of()), new Document("b", "two", Map.of()),
						new Document("c", "three", Map.of())));
				assertThat(context.getBean(DocumentRetriever.class).retrieve(new Query("two"))).hasSize(2);
				assertThat(context.getBean(TokenVectorStore.class).stats().documents()).isEqualTo(3);
			});
	}

	@Test
	void everyBeanBacksOffForTheApplicationsOwn() {
		this.contextRunner.withUserConfiguration(ApplicationBeans.class).run((context) -> {
			assertThat(context).hasNotFailed();
			ApplicationBeans beans = context.getBean(ApplicationBeans.class);
			assertThat(context).hasSingleBean(ColbertEncoder.class)
				.hasSingleBean(TokenVectorStore.class)
				.hasSingleBean(VectorStore.class)
				.hasSingleBean(DocumentRetriever.class);
			assertThat(context.getBean(ColbertEncoder.class)).isSameAs(beans.encoder);
			assertThat(context.getBean(TokenVectorStore.class)).isSameAs(beans.store);
			assertThat(context.getBean(VectorStore.class)).isSameAs(beans.vectorStore);
			assertThat(context.getBean(DocumentRetriever.class)).isSameAs(beans.retriever);
		});
		assertThat(Path.of("colbert-index")).as("no index in the default folder").doesNotExist();
	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationBeans {

		final WordHashEncoder encoder = new WordHashEncoder(16);

		EmbeddedTokenVectorStore store;

		ColbertVectorStore vectorStore;

		final DocumentRetriever retriever = (query) -> List.of();

		@Bean
		ColbertEncoder myEncoder() {
			return this.encoder;
		}

		@Bean
		TokenVectorStore myStore() {
			this.store = TestStores.embedded(folder.resolve("application-index"), this.encoder);
			return this.store;
		}

		@Bean
		ColbertVectorStore myVectorStore(TokenVectorStore store) {
			this.vectorStore = ColbertVectorStore.builder(this.encoder, store).build();
			return this.vectorStore;
		}

		@Bean
		DocumentRetriever myRetriever() {
			return this.retriever;
		}

	}

}
