package dev.colbert.sample.it;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.colbert.sample.SampleRagApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two starts on the same folder: the first ingests the test knowledge base, the second reuses the persisted index
 * without encoding anything, and (with a chat model defined) {@code /api/ask} runs the ChatClient with the
 * RetrievalAugmentationAdvisor: the model receives the question with the ColBERT-retrieved chunks.
 */
class RestartAndAskIT {

	@Test
	void laterStartReusesTheIndexAndAskRunsTheRagChain() throws Exception {
		Path data = Path.of("target", "it-data", "restart-" + UUID.randomUUID());
		String[] args = { "--server.port=0", "--" + TestApplication.TEST_KB,
				"--colbert.store.embedded.path=" + data.resolve("index"),
				"--sample.knowledge-base.manifest=" + data.resolve("kb.properties") };
		int chunks;
		try (ConfigurableApplicationContext first = new SpringApplicationBuilder(SampleRagApplication.class)
			.run(args)) {
			JsonNode status = new SampleHttp(port(first)).awaitIngestion();
			assertThat(status.path("ingestion").path("state").asString()).isEqualTo("READY");
			chunks = status.path("ingestion").path("chunksTotal").asInt();
		}
		assertThat(data.resolve("kb.properties")).exists();

		try (ConfigurableApplicationContext second = new SpringApplicationBuilder(SampleRagApplication.class,
				ScriptedChatModelConfiguration.class)
			.run(args)) {
			SampleHttp http = new SampleHttp(port(second));
			JsonNode status = http.awaitIngestion();
			assertThat(status.path("ingestion").path("state").asString()).isEqualTo("REUSED");
			assertThat(status.path("ingestion").path("message").asString()).endsWith("nothing to encode");
			assertThat(status.path("ingestion").path("chunksDone").asInt()).isEqualTo(chunks);
			assertThat(status.path("store").path("documents").asLong()).isEqualTo(chunks);
			assertThat(status.path("chatModelConfigured").asBoolean()).isTrue();

			SampleHttp.Response response = http.postJson("/api/ask",
					"{\"question\": \"How do bakers keep a sourdough starter alive?\"}");
			assertThat(response.status()).as(response.body()).isEqualTo(200);
			JsonNode body = response.json();
			assertThat(body.path("chatModelConfigured").asBoolean()).isTrue();
			assertThat(body.path("answer").asString()).isEqualTo(RecordingChatModel.ANSWER);
			assertThat(body.path("context").get(0).path("documentId").asString()).isEqualTo("kb:sourdough.md");
			RecordingChatModel model = second.getBean(RecordingChatModel.class);
			assertThat(model.prompts).hasSize(1);
			assertThat(model.prompts.get(0).getContents()).contains("How do bakers keep a sourdough starter alive?")
				.contains("Bakers feed it every day");
		}
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class ScriptedChatModelConfiguration {

		@Bean
		RecordingChatModel recordingChatModel() {
			return new RecordingChatModel();
		}

	}

	/** A chat model that records its prompts and answers with a fixed text. */
	static class RecordingChatModel implements ChatModel {

		static final String ANSWER = "Feed it flour and water every day.";

		final List<Prompt> prompts = new CopyOnWriteArrayList<>();

		@Override
		public ChatResponse call(Prompt prompt) {
			this.prompts.add(prompt);
			return new ChatResponse(List.of(new Generation(new AssistantMessage(ANSWER))));
		}

	}

}
