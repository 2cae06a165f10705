package dev.colbert.encoder.model;

import java.util.Locale;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import dev.colbert.encoder.ModelLoadException;

/**
 * The architecture of a BERT encoder, as in HuggingFace's config.json for {@code model_type: bert}.
 *
 * @param name the backbone's name ({@code _name_or_path}, or where it came from)
 * @param vocabSize rows of the word embedding
 * @param hiddenSize width of every layer
 * @param layers number of transformer layers
 * @param attentionHeads attention heads per layer; {@code hiddenSize} must be a multiple
 * @param intermediateSize width of the feed-forward layer
 * @param maxPositionEmbeddings rows of the position embedding: the longest input
 * @param typeVocabSize rows of the token type embedding
 * @param layerNormEps epsilon of every LayerNorm
 * @param activation the feed-forward activation
 * @param hiddenDropout dropout on hidden states in training ({@code hidden_dropout_prob})
 * @param attentionDropout dropout on attention probabilities in training ({@code attention_probs_dropout_prob})
 */
public record BertConfig(String name, int vocabSize, int hiddenSize, int layers, int attentionHeads,
		int intermediateSize, int maxPositionEmbeddings, int typeVocabSize, double layerNormEps,
		BertActivation activation, double hiddenDropout, double attentionDropout) {

	public BertConfig {
		requirePositive("vocab_size", vocabSize);
		requirePositive("hidden_size", hiddenSize);
		requirePositive("num_hidden_layers", layers);
		requirePositive("num_attention_heads", attentionHeads);
		requirePositive("intermediate_size", intermediateSize);
		requirePositive("max_position_embeddings", maxPositionEmbeddings);
		requirePositive("type_vocab_size", typeVocabSize);
		if (hiddenSize % attentionHeads != 0) {
			throw new IllegalArgumentException("hidden_size " + hiddenSize
					+ " is not a multiple of num_attention_heads " + attentionHeads);
		}
		if (!(layerNormEps > 0 && layerNormEps < 1)) {
			throw new IllegalArgumentException("layer_norm_eps must be in (0, 1), was " + layerNormEps);
		}
		if (!(hiddenDropout >= 0 && hiddenDropout < 1) || !(attentionDropout >= 0 && attentionDropout < 1)) {
			throw new IllegalArgumentException("dropout probabilities must be in [0, 1), were " + hiddenDropout
					+ " and " + attentionDropout);
		}
	}

	private static void requirePositive(String name, int value) {
		if (value <= 0) {
			throw new IllegalArgumentException(name + " must be positive, was " + value);
		}
	}

	/** Size of one attention head. */
	public int headSize() {
		return this.hiddenSize / this.attentionHeads;
	}

	/**
	 * Reads a HuggingFace config.json.
	 * @param json the parsed file
	 * @param fileName the file's name for error messages
	 * @param fallbackName the backbone name to use when config.json has no {@code _name_or_path}
	 * @throws ModelLoadException if a value is missing, has the wrong type or describes an unsupported model
	 */
	public static BertConfig fromJson(JsonObject json, String fileName, String fallbackName) {
		String modelType = optionalString(json, "model_type", fileName);
		if (modelType != null && !modelType.toLowerCase(Locale.ROOT).equals("bert")) {
			throw new ModelLoadException(fileName + ": model_type '" + modelType
					+ "' is not supported; this encoder runs BERT checkpoints (model_type bert)");
		}
		String positionType = optionalString(json, "position_embedding_type", fileName);
		if (positionType != null && !positionType.equals("absolute")) {
			throw new ModelLoadException(fileName + ": position_embedding_type '" + positionType
					+ "' is not supported; only absolute position embeddings are");
		}
		String activationName = optionalString(json, "hidden_act", fileName);
		String name = optionalString(json, "_name_or_path", fileName);
		try {
			return new BertConfig((name != null && !name.isBlank()) ? name : fallbackName,
					requiredInt(json, "vocab_size", fileName), requiredInt(json, "hidden_size", fileName),
					requiredInt(json, "num_hidden_layers", fileName),
					requiredInt(json, "num_attention_heads", fileName),
					requiredInt(json, "intermediate_size", fileName),
					requiredInt(json, "max_position_embeddings", fileName),
					optionalNumber(json, "type_vocab_size", 2, fileName).intValue(),
					optionalNumber(json, "layer_norm_eps", 1e-12, fileName).doubleValue(),
					BertActivation.fromConfig((activationName != null) ? activationName : "gelu"),
					optionalNumber(json, "hidden_dropout_prob", 0.1, fileName).doubleValue(),
					optionalNumber(json, "attention_probs_dropout_prob", 0.1, fileName).doubleValue());
		}
		catch (IllegalArgumentException ex) {
			throw new ModelLoadException(fileName + ": " + ex.getMessage(), ex);
		}
	}

	/** This configuration as a HuggingFace config.json object. */
	public JsonObject toJson() {
		JsonObject json = new JsonObject();
		json.addProperty("_name_or_path", this.name);
		json.addProperty("model_type", "bert");
		com.google.gson.JsonArray architectures = new com.google.gson.JsonArray();
		architectures.add("HF_ColBERT");
		json.add("architectures", architectures);
		json.addProperty("vocab_size", this.vocabSize);
		json.addProperty("hidden_size", this.hiddenSize);
		json.addProperty("num_hidden_layers", this.layers);
		json.addProperty("num_attention_heads", this.attentionHeads);
		json.addProperty("intermediate_size", this.intermediateSize);
		json.addProperty("max_position_embeddings", this.maxPositionEmbeddings);
		json.addProperty("type_vocab_size", this.typeVocabSize);
		json.addProperty("layer_norm_eps", this.layerNormEps);
		json.addProperty("hidden_act", this.activation.configName());
		json.addProperty("hidden_dropout_prob", this.hiddenDropout);
		json.addProperty("attention_probs_dropout_prob", this.attentionDropout);
		json.addProperty("position_embedding_type", "absolute");
		json.addProperty("pad_token_id", 0);
		json.addProperty("torch_dtype", "float32");
		return json;
	}

	private static int requiredInt(JsonObject json, String key, String fileName) {
		JsonElement value = json.get(key);
		if (value == null || value.isJsonNull()) {
			throw new ModelLoadException(fileName + ": " + key + " is missing");
		}
		Number number = number(value, key, fileName);
		if (number.doubleValue() != Math.rint(number.doubleValue())) {
			throw new ModelLoadException(fileName + ": " + key + " must be an integer, was " + value);
		}
		return number.intValue();
	}

	private static Number optionalNumber(JsonObject json, String key, Number fallback, String fileName) {
		JsonElement value = json.get(key);
		return (value == null || value.isJsonNull()) ? fallback : number(value, key, fileName);
	}

	private static Number number(JsonElement value, String key, String fileName) {
		if (value instanceof JsonPrimitive primitive && primitive.isNumber()) {
			return primitive.getAsNumber();
		}
		throw new ModelLoadException(fileName + ": " + key + " must be a number, was " + value);
	}

	private static String optionalString(JsonObject json, String key, String fileName) {
		JsonElement value = json.get(key);
		if (value == null || value.isJsonNull()) {
			return null;
		}
		if (value instanceof JsonPrimitive primitive && primitive.isString()) {
			return primitive.getAsString();
		}
		throw new ModelLoadException(fileName + ": " + key + " must be a string, was " + value);
	}

}
