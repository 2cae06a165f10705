package dev.colbert.encoder.tokenize;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import dev.colbert.encoder.ModelLoadException;

/**
 * The token-to-id map of a HuggingFace tokenizer.json: the model's vocabulary plus the added tokens.
 */
public final class Vocabulary {

	private final Map<String, Integer> ids;

	private final int size;

	private final String modelType;

	private Vocabulary(Map<String, Integer> ids, String modelType) {
		this.ids = Map.copyOf(ids);
		this.size = ids.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
		this.modelType = modelType;
	}

	/**
	 * Reads the vocabulary of a tokenizer.json.
	 * @throws ModelLoadException naming the file when it is not readable JSON or has no vocabulary
	 */
	public static Vocabulary fromTokenizerJson(byte[] tokenizerJson, String fileName) {
		JsonObject root;
		try {
			JsonElement parsed = JsonParser.parseString(new String(tokenizerJson, StandardCharsets.UTF_8));
			if (!parsed.isJsonObject()) {
				throw new ModelLoadException(fileName + ": expected a JSON object, found " + describe(parsed));
			}
			root = parsed.getAsJsonObject();
		}
		catch (JsonParseException ex) {
			throw new ModelLoadException(fileName + ": unreadable JSON (" + ex.getMessage() + ")", ex);
		}
		JsonElement model = root.get("model");
		if (model == null || !model.isJsonObject()) {
			throw new ModelLoadException(fileName + ": has no \"model\" object; is this a HuggingFace tokenizer.json?");
		}
		JsonObject modelObject = model.getAsJsonObject();
		String type = modelObject.has("type") ? modelObject.get("type").getAsString() : "unknown";
		JsonElement vocab = modelObject.get("vocab");
		Map<String, Integer> ids = new HashMap<>();
		if (vocab != null && vocab.isJsonObject()) {
			for (Map.Entry<String, JsonElement> entry : vocab.getAsJsonObject().entrySet()) {
				ids.put(entry.getKey(), entry.getValue().getAsInt());
			}
		}
		else if (vocab != null && vocab.isJsonArray()) {
			JsonArray entries = vocab.getAsJsonArray();
			for (int i = 0; i < entries.size(); i++) {
				JsonElement entry = entries.get(i);
				ids.put(entry.isJsonArray() ? entry.getAsJsonArray().get(0).getAsString() : entry.getAsString(), i);
			}
		}
		else {
			throw new ModelLoadException(fileName + ": model \"" + type + "\" has no vocab");
		}
		JsonElement added = root.get("added_tokens");
		if (added != null && added.isJsonArray()) {
			for (JsonElement token : added.getAsJsonArray()) {
				JsonObject object = token.getAsJsonObject();
				ids.put(object.get("content").getAsString(), object.get("id").getAsInt());
			}
		}
		if (ids.isEmpty()) {
			throw new ModelLoadException(fileName + ": the vocabulary is empty");
		}
		return new Vocabulary(ids, type);
	}

	private static String describe(JsonElement element) {
		return element.isJsonArray() ? "an array" : element.isJsonNull() ? "null" : "a value";
	}

	/** The id of a token, if the vocabulary has it. */
	public OptionalInt id(String token) {
		Integer id = this.ids.get(token);
		return (id != null) ? OptionalInt.of(id) : OptionalInt.empty();
	}

	/**
	 * The id of a token that must exist.
	 * @param token the token, e.g. {@code [CLS]}
	 * @param fileName the tokenizer file, for the message
	 * @param purpose what the token is needed for, for the message
	 * @throws ModelLoadException if the vocabulary lacks the token
	 */
	public int require(String token, String fileName, String purpose) {
		Integer id = this.ids.get(token);
		if (id == null) {
			throw new ModelLoadException(fileName + ": the vocabulary has no token " + token + " (needed as "
					+ purpose + "); this encoder needs a BERT WordPiece tokenizer");
		}
		return id;
	}

	/**
	 * Checks that every token id has a row in the word embedding.
	 * @param embeddingRows rows of the word embedding
	 * @param fileName the tokenizer file, for the message
	 * @param embeddingSource where the embedding size comes from, for the message
	 * @throws ModelLoadException if the tokenizer has ids beyond the embedding
	 */
	public void requireFits(int embeddingRows, String fileName, String embeddingSource) {
		if (this.size > embeddingRows) {
			throw new ModelLoadException(fileName + ": has token ids up to " + (this.size - 1)
					+ " but the word embedding has " + embeddingRows + " rows (" + embeddingSource
					+ "); the tokenizer belongs to another model");
		}
	}

	/** One more than the largest token id. */
	public int size() {
		return this.size;
	}

	/** The tokenizer model type, e.g. {@code WordPiece}. */
	public String modelType() {
		return this.modelType;
	}

}
