package dev.colbert.spring.ai;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;

/** A scripted chat model test double: records every prompt it receives and answers with a fixed text. */
public final class RecordingChatModel implements ChatModel {

	private final List<Prompt> prompts = new CopyOnWriteArrayList<>();

	private final String answer;

	public RecordingChatModel(String answer) {
		this.answer = answer;
	}

	@Override
	public ChatResponse call(Prompt prompt) {
		this.prompts.add(prompt);
		return new ChatResponse(List.of(new Generation(new AssistantMessage(this.answer))));
	}

	/** The prompts received so far, oldest first. */
	public List<Prompt> prompts() {
		return List.copyOf(this.prompts);
	}

}
