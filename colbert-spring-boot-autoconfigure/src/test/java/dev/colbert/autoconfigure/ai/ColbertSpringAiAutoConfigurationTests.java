package dev.colbert.autoconfigure.ai;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.ai.document.Document;
import org.springframework.ai.rag.Query;
import org.springframework.ai.rag.retrieval.search.DocumentRetriever;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.colbert.autoconfigure.store.ColbertEmbeddedStoreAutoConfiguration;
import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.search.SearchMode;
import dev.colbert.spring.ai.ColbertDocumentMetadata;
import dev.colbert.spring.ai.ColbertDocumentRetriever;
import dev.colbert.spring.ai.ColbertVectorStore;
import dev.colbert.spring.ai.RetrievalMode;
import dev.colbert.spring.ai.TestStores;
import dev.colbert.spring.ai.WordHashEncoder;
import dev.colbert.store.TokenVectorStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The Spring AI beans over an application-supplied encoder and token-vector store (the encoder and store
 * auto-configurations are tested on their own).
 */
@ExtendWith(OutputCaptureExtension.class)
class ColbertSpringAiAutoConfigurationTests {

	private static final String LATE_INTERACTION_NOTICE = "The retriever serves late interaction alone, not hybrid "
			+ "retrieval (the default): the store";

	@TempDir
	static Path indexes;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ColbertSpringAiAutoConfiguration.class))
		.withUserConfiguration(EncoderAndStoreConfiguration.class);

	@Test
	void definesAVectorStoreAndARetrieverOverTheEncoderAndStore() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ColbertVectorStore.class).hasSingleBean(ColbertDocumentRetriever.class);
			ColbertVectorStore vectorStore = context.getBean(ColbertVectorStore.class);
			assertThat(context.getBean(VectorStore.class)).isSameAs(vectorStore);
			assertThat(context.getBean(DocumentRetriever.class)).isSameAs(context.getBean(ColbertDocumentRetriever.class));
			assertThat(vectorStore.getEncoder()).isSameAs(context.getBean(ColbertEncoder.class));
			assertThat(vectorStore.getTokenVectorStore()).isSameAs(context.getBean(TokenVectorStore.class));
			assertThat(vectorStore.getDefaultSearchMode()).isEqualTo(SearchMode.PLAID);
		});
	}

	@Test
	void theRetrieverFindsWhatTheVectorStoreAdded() {
		this.contextRunner.run((context) -> {
			context.getBean(VectorStore.class)
				.add(List.of(new Document("a", "tide tables for the harbour", Map.of("port", "brest")),
						new Document("b", "opening hours of the museum", Map.of("port", "none")),
						new Document("c", "ferry timetable to the islands", Map.of("port", "brest")),
						new Document("d", "weather for sailors", Map.of("port", "brest")),
						new Document("e", "menu of the canteen", Map.of("port", "none"))));

			List<Document> documents = context.getBean(DocumentRetriever.class).retrieve(new Query("harbour tide tables"));

			assertThat(documents).hasSize(4);
			assertThat(documents.get(0).getId()).isEqualTo("a");
			assertThat(documents.get(0).getMetadata()).containsEntry("port", "brest")
				.containsKey(ColbertDocumentMetadata.MAXSIM);
		});
	}

	@Test
	void retrieverPropertiesApply() {
		this.contextRunner
			.withPropertyValues("colbert.retriever.top-k=2", "colbert.retriever.filter-expression=port == 'brest'",
					"colbert.retriever.explain=true", "colbert.retriever.similarity-threshold=0.05")
			.run((context) -> {
				context.getBean(VectorStore.class)
					.add(List.of(new Document("a", "tide tables for the harbour", Map.of("port", "brest")),
							new Document("b", "tide tables of the museum", Map.of("port", "none")),
							new Document("c", "ferry timetable", Map.of("port", "brest")),
							new Document("d", "weather for sailors", Map.of("port", "brest"))));

				List<Document> documents = context.getBean(DocumentRetriever.class).retrieve(new Query("tide tables"));

				assertThat(documents).hasSize(2).allSatisfy((document) -> {
					assertThat(document.getMetadata()).containsEntry("port", "brest")
						.containsKey(ColbertDocumentMetadata.EXPLANATION);
					assertThat(document.getScore()).isGreaterThanOrEqualTo(0.05);
				});
				assertThat(documents.get(0).getId()).isEqualTo("a");
			});
	}

	@Test
	void hybridRetrievalPropertiesApply() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ColbertSpringAiAutoConfiguration.class))
			.withUserConfiguration(EncoderAndLexicalStoreConfiguration.class)
			.withPropertyValues("colbert.retriever.mode=hybrid", "colbert.retriever.hybrid.fusion=candidates",
					"colbert.retriever.top-k=2")
			.run((context) -> {
				context.getBean(VectorStore.class)
					.add(List.of(new Document("a", "tide tables for the harbour", Map.of("port", "brest")),
							new Document("b", "opening hours of the museum", Map.of("port", "none")),
							new Document("c", "ferry timetable to the islands", Map.of("port", "brest"))));

				List<Document> documents = context.getBean(DocumentRetriever.class).retrieve(new Query("harbour tides"));

				assertThat(documents).isNotEmpty();
				assertThat(documents.get(0).getId()).isEqualTo("a");
				assertThat(documents.get(0).getMetadata()).containsEntry(ColbertDocumentMetadata.FUSION, "candidates")
					.containsKey(ColbertDocumentMetadata.BM25);
			});
	}

	@Test
	void theRetrieverIsHybridByDefaultOverAStoreWithALexicalIndex(CapturedOutput output) {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ColbertSpringAiAutoConfiguration.class))
			.withUserConfiguration(EncoderAndLexicalStoreConfiguration.class)
			.run((context) -> {
				ColbertDocumentRetriever retriever = context.getBean(ColbertDocumentRetriever.class);
				assertThat(retriever.getRetrievalMode()).isEqualTo(RetrievalMode.HYBRID);
				context.getBean(VectorStore.class)
					.add(List.of(new Document("a", "tide tables for the harbour", Map.of()),
							new Document("b", "opening hours of the museum", Map.of())));

				List<Document> documents = retriever.retrieve(new Query("harbour tides"));

				assertThat(documents.get(0).getId()).isEqualTo("a");
				assertThat(documents.get(0).getMetadata()).containsEntry(ColbertDocumentMetadata.FUSION, "weighted-sum")
					.containsKey(ColbertDocumentMetadata.BM25);
			});
		assertThat(output).doesNotContain(LATE_INTERACTION_NOTICE);
	}

	@Test
	void theRetrieverServesLateInteractionByDefaultOverAStoreWithoutALexicalIndexAndSaysSo(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			ColbertDocumentRetriever retriever = context.getBean(ColbertDocumentRetriever.class);
			assertThat(retriever.getRetrievalMode()).isEqualTo(RetrievalMode.LATE_INTERACTION);
			context.getBean(VectorStore.class).add(List.of(new Document("a", "tide tables for the harbour", Map.of())));
			assertThat(retriever.retrieve(new Query("harbour tides"))).singleElement()
				.satisfies((document) -> assertThat(document.getMetadata())
					.doesNotContainKeys(ColbertDocumentMetadata.FUSION, ColbertDocumentMetadata.BM25));
			retriever.retrieve(new Query("tide tables"));
		});
		assertThat(output.getAll().split(Pattern.quote(LATE_INTERACTION_NOTICE), -1)).as("logged once").hasSize(2);
		assertThat(output).contains("colbert.store.embedded.lexical.enabled=true",
				"colbert.retriever.mode=late-interaction");
	}

	@Test
	void anExplicitModeIsUsedAsGiven(CapturedOutput output) {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ColbertSpringAiAutoConfiguration.class))
			.withUserConfiguration(EncoderAndLexicalStoreConfiguration.class)
			.withPropertyValues("colbert.retriever.mode=late-interaction")
			.run((context) -> assertThat(context.getBean(ColbertDocumentRetriever.class).getRetrievalMode())
				.isEqualTo(RetrievalMode.LATE_INTERACTION));
		// hybrid set explicitly over a store without a lexical index: no silent fallback, each query is refused
		this.contextRunner.withPropertyValues("colbert.retriever.mode=hybrid").run((context) -> {
			ColbertDocumentRetriever retriever = context.getBean(ColbertDocumentRetriever.class);
			assertThat(retriever.getRetrievalMode()).isEqualTo(RetrievalMode.HYBRID);
			assertThatIllegalStateException().isThrownBy(() -> retriever.retrieve(new Query("harbour")))
				.withMessageContaining("A hybrid query needs the lexical index");
		});
		assertThat(output).doesNotContain(LATE_INTERACTION_NOTICE);
	}

	@Test
	void withTheEmbeddedLexicalIndexDisabledTheDefaultModeStartsAndAnExplicitHybridModeStopsTheStart() {
		ApplicationContextRunner embedded = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ColbertEmbeddedStoreAutoConfiguration.class,
					ColbertSpringAiAutoConfiguration.class))
			.withUserConfiguration(EncoderConfiguration.class);
		embedded
			.withPropertyValues("colbert.store.embedded.path=" + indexes.resolve("no-lexical"),
					"colbert.store.embedded.lexical.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(TokenVectorStore.class).supportsLexicalSearch()).isFalse();
				ColbertDocumentRetriever retriever = context.getBean(ColbertDocumentRetriever.class);
				assertThat(retriever.getRetrievalMode()).isEqualTo(RetrievalMode.LATE_INTERACTION);
				context.getBean(VectorStore.class).add(List.of(new Document("a", "tide tables", Map.of())));
				assertThat(retriever.retrieve(new Query("tide"))).singleElement()
					.satisfies((document) -> assertThat(document.getMetadata())
						.doesNotContainKey(ColbertDocumentMetadata.FUSION));
			});
		embedded
			.withPropertyValues("colbert.store.embedded.path=" + indexes.resolve("no-lexical-hybrid"),
					"colbert.store.embedded.lexical.enabled=false", "colbert.retriever.mode=hybrid")
			.run((context) -> {
				assertThat(context).hasFailed();
				StringBuilder messages = new StringBuilder();
				for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
					messages.append(t.getMessage()).append('\n');
				}
				assertThat(messages.toString()).contains("colbert.retriever.mode is hybrid, which needs the lexical "
						+ "index, but colbert.store.embedded.lexical.enabled is false");
			});
	}

	@Test
	void vectorStorePropertiesApply() {
		this.contextRunner.withPropertyValues("colbert.vector-store.search-mode=exhaustive")
			.run((context) -> assertThat(context.getBean(ColbertVectorStore.class).getDefaultSearchMode())
				.isEqualTo(SearchMode.EXHAUSTIVE));
	}

	@Test
	void aUserVectorStoreReplacesTheAutoConfiguredOne() {
		this.contextRunner.withUserConfiguration(UserVectorStoreConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ColbertVectorStore.class);
			assertThat(context.getBean(ColbertVectorStore.class))
				.isSameAs(context.getBean(UserVectorStoreConfiguration.class).vectorStore);
			assertThat(context.getBean(ColbertDocumentRetriever.class)).isNotNull();
		});
	}

	@Test
	void aUserRetrieverReplacesTheAutoConfiguredOne() {
		this.contextRunner.withUserConfiguration(UserRetrieverConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(DocumentRetriever.class).doesNotHaveBean(ColbertDocumentRetriever.class);
			assertThat(context.getBean(DocumentRetriever.class)).isSameAs(UserRetrieverConfiguration.RETRIEVER);
		});
	}

	@Test
	void observationsGoToTheApplicationsRegistry() {
		this.contextRunner.withBean(ObservationRegistry.class, TestObservationRegistry::create).run((context) -> {
			context.getBean(VectorStore.class).similaritySearch(SearchRequest.builder().query("anything").build());

			TestObservationRegistryAssert.assertThat((TestObservationRegistry) context.getBean(ObservationRegistry.class))
				.hasObservationWithNameEqualTo("db.vector.client.operation")
				.that()
				.hasLowCardinalityKeyValue("db.system", "colbert")
				.hasHighCardinalityKeyValue("db.collection.name", "colbert-index");
		});
	}

	@Test
	void anInvalidRetrieverFilterStopsTheStart() {
		this.contextRunner.withPropertyValues("colbert.retriever.filter-expression=year >")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("colbert.retriever.filter-expression 'year >' is invalid"));
	}

	@Test
	void theEncoderAndStoreAreClosedWithTheContextNotByTheVectorStore() {
		EncoderAndStoreConfiguration[] configuration = new EncoderAndStoreConfiguration[1];
		this.contextRunner.run((context) -> {
			configuration[0] = context.getBean(EncoderAndStoreConfiguration.class);
			assertThat(configuration[0].encoder.isClosed()).isFalse();
		});
		assertThat(configuration[0].encoder.isClosed()).isTrue();
	}

	@Configuration(proxyBeanMethods = false)
	static class EncoderAndStoreConfiguration {

		final WordHashEncoder encoder = new WordHashEncoder(32);

		@Bean
		ColbertEncoder colbertEncoder() {
			return this.encoder;
		}

		@Bean(destroyMethod = "close")
		TokenVectorStore tokenVectorStore() throws IOException {
			return TestStores.embedded(Files.createTempDirectory(indexes, "index"), this.encoder);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EncoderConfiguration {

		@Bean
		ColbertEncoder colbertEncoder() {
			return new WordHashEncoder(32);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EncoderAndLexicalStoreConfiguration {

		final WordHashEncoder encoder = new WordHashEncoder(32);

		@Bean
		ColbertEncoder colbertEncoder() {
			return this.encoder;
		}

		@Bean(destroyMethod = "close")
		TokenVectorStore tokenVectorStore() throws IOException {
			return TestStores.embeddedWithLexical(Files.createTempDirectory(indexes, "lexical"), this.encoder);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserVectorStoreConfiguration {

		ColbertVectorStore vectorStore;

		@Bean
		ColbertVectorStore myVectorStore(ColbertEncoder encoder, TokenVectorStore store) {
			this.vectorStore = ColbertVectorStore.builder(encoder, store).batchSize(1).build();
			return this.vectorStore;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRetrieverConfiguration {

		static final DocumentRetriever RETRIEVER = (query) -> List.of();

		@Bean
		DocumentRetriever myRetriever() {
			return RETRIEVER;
		}

	}

}
