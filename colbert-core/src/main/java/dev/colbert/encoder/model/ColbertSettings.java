package dev.colbert.encoder.model;

import java.util.Objects;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import dev.colbert.encoder.ModelLoadException;

/**
 * How a ColBERT model turns text into token sequences: the values of a checkpoint's {@code artifact.metadata} (the
 * ColBERT config export), after any user overrides.
 *
 * @param queryMaxLength {@code query_maxlen}: tokens per query, {@code [CLS]}, marker and {@code [SEP]} included
 * @param documentMaxLength {@code doc_maxlen}: at most this many tokens per document, markers included
 * @param queryMarker {@code query_token_id}: the vocabulary token used as query marker, e.g. {@code [unused0]}
 * @param documentMarker {@code doc_token_id}: the vocabulary token used as document marker, e.g. {@code [unused1]}
 * @param markers whether the markers are inserted after {@code [CLS]} (always for ColBERT checkpoints)
 * @param queryAugmentation whether queries are padded with {@code [MASK]} to {@code queryMaxLength}
 * @param attendToMaskTokens {@code attend_to_mask_tokens}: whether BERT attends to the {@code [MASK]} padding
 * @param maskPunctuation {@code mask_punctuation}: whether punctuation tokens are dropped from documents
 * @param dim {@code dim}: size of the output vectors, rows of {@code linear.weight}
 */
public record ColbertSettings(int queryMaxLength, int documentMaxLength, String queryMarker, String documentMarker,
		boolean markers, boolean queryAugmentation, boolean attendToMaskTokens, boolean maskPunctuation, int dim) {

	/** ColBERT's default {@code query_maxlen}. */
	public static final int DEFAULT_QUERY_MAX_LENGTH = 32;

	/** ColBERT's default {@code doc_maxlen} (ColBERTConfig's DocSettings). */
	public static final int DEFAULT_DOCUMENT_MAX_LENGTH = 220;

	/**
	 * Key of an object in artifact.metadata with the settings the reference has no key for ({@code markers},
	 * {@code query_augmentation}); other readers ignore it.
	 */
	public static final String EXTENSION_KEY = "colbert_java";

	/** The document length used for a backbone without ColBERT training (the measured configuration). */
	public static final int UNTRAINED_DOCUMENT_MAX_LENGTH = 300;

	/**
	 * The query length of a backbone without ColBERT training. It does no {@code [MASK]} augmentation, so a longer
	 * limit only stops cutting long queries (32 tokens cut 3% of SciFact's test queries and a third of MED's), at a
	 * search cost that grows with the query's own tokens; 128 keeps every query of the evaluation collections whole
	 * (the longest has about 85 tokens) and bounds the cost of pasted paragraphs.
	 */
	public static final int UNTRAINED_QUERY_MAX_LENGTH = 128;

	public ColbertSettings {
		Objects.requireNonNull(queryMarker, "queryMarker");
		Objects.requireNonNull(documentMarker, "documentMarker");
		int specials = markers ? 3 : 2;
		if (queryMaxLength <= specials) {
			throw new IllegalArgumentException("query_maxlen must be greater than " + specials
					+ " ([CLS], " + (markers ? "marker, " : "") + "[SEP]), was " + queryMaxLength);
		}
		if (documentMaxLength <= specials) {
			throw new IllegalArgumentException("doc_maxlen must be greater than " + specials
					+ " ([CLS], " + (markers ? "marker, " : "") + "[SEP]), was " + documentMaxLength);
		}
		if (dim <= 0) {
			throw new IllegalArgumentException("dim must be positive, was " + dim);
		}
	}

	/**
	 * The settings for a BERT backbone that was never trained as ColBERT (for example the embedded bge-small-en-v1.5):
	 * identity projection, no markers, plain queries of up to 128 tokens without {@code [MASK]} augmentation, documents
	 * up to 300 tokens, punctuation dropped. Measured here on SciFact with bge-small, plain queries give nDCG@10 0.734
	 * against 0.698 with attended {@code [MASK]} padding, and the reference measurement inserted no markers (plain
	 * {@code [CLS] text [SEP]}), which these settings reproduce.
	 */
	public static ColbertSettings untrainedBackbone(int hiddenSize) {
		return new ColbertSettings(UNTRAINED_QUERY_MAX_LENGTH, UNTRAINED_DOCUMENT_MAX_LENGTH, "[unused0]", "[unused1]",
				false, false, false, true, hiddenSize);
	}

	/**
	 * Reads {@code artifact.metadata}. Keys that are absent take ColBERT's defaults (query_maxlen 32, doc_maxlen 220,
	 * [unused0]/[unused1] markers, mask_punctuation true, attend_to_mask_tokens false); {@code dim} defaults to
	 * {@code projectionRows}. Markers and {@code [MASK]} augmentation are on, as for every ColBERT checkpoint, unless
	 * the object {@value #EXTENSION_KEY} (written by this library for models that use neither) says otherwise.
	 * @throws ModelLoadException naming the file and key for a wrong type, a bad value, a dim that differs from the
	 * projection or a similarity other than cosine
	 */
	public static ColbertSettings fromArtifactMetadata(JsonObject json, String fileName, int projectionRows) {
		String similarity = string(json, "similarity", "cosine", fileName);
		if (!similarity.equals("cosine")) {
			throw new ModelLoadException(fileName + ": similarity '" + similarity
					+ "' is not supported; MaxSim here scores L2-normalized vectors by dot product (cosine)");
		}
		int dim = integer(json, "dim", projectionRows, fileName);
		if (dim != projectionRows) {
			throw new ModelLoadException(fileName + ": dim " + dim + " does not match linear.weight, which has "
					+ projectionRows + " rows; the metadata and the weights come from different models");
		}
		JsonObject extension = new JsonObject();
		if (json.get(EXTENSION_KEY) != null && json.get(EXTENSION_KEY).isJsonObject()) {
			extension = json.getAsJsonObject(EXTENSION_KEY);
		}
		try {
			return new ColbertSettings(integer(json, "query_maxlen", DEFAULT_QUERY_MAX_LENGTH, fileName),
					integer(json, "doc_maxlen", DEFAULT_DOCUMENT_MAX_LENGTH, fileName),
					string(json, "query_token_id", "[unused0]", fileName),
					string(json, "doc_token_id", "[unused1]", fileName), bool(extension, "markers", true, fileName),
					bool(extension, "query_augmentation", true, fileName),
					bool(json, "attend_to_mask_tokens", false, fileName),
					bool(json, "mask_punctuation", true, fileName), dim);
		}
		catch (IllegalArgumentException ex) {
			throw new ModelLoadException(fileName + ": " + ex.getMessage(), ex);
		}
	}

	/** These settings as {@code artifact.metadata} (the keys ColBERT's config export uses). */
	public JsonObject toArtifactMetadata() {
		JsonObject json = new JsonObject();
		json.addProperty("query_token_id", this.queryMarker);
		json.addProperty("doc_token_id", this.documentMarker);
		json.addProperty("query_token", "[Q]");
		json.addProperty("doc_token", "[D]");
		json.addProperty("query_maxlen", this.queryMaxLength);
		json.addProperty("doc_maxlen", this.documentMaxLength);
		json.addProperty("dim", this.dim);
		json.addProperty("mask_punctuation", this.maskPunctuation);
		json.addProperty("attend_to_mask_tokens", this.attendToMaskTokens);
		json.addProperty("similarity", "cosine");
		json.addProperty("interaction", "colbert");
		JsonObject extension = new JsonObject();
		extension.addProperty("markers", this.markers);
		extension.addProperty("query_augmentation", this.queryAugmentation);
		json.add(EXTENSION_KEY, extension);
		return json;
	}

	/** A copy with another {@code query_maxlen}. */
	public ColbertSettings withQueryMaxLength(int queryMaxLength) {
		return new ColbertSettings(queryMaxLength, this.documentMaxLength, this.queryMarker, this.documentMarker,
				this.markers, this.queryAugmentation, this.attendToMaskTokens, this.maskPunctuation, this.dim);
	}

	/** A copy with another {@code doc_maxlen}. */
	public ColbertSettings withDocumentMaxLength(int documentMaxLength) {
		return new ColbertSettings(this.queryMaxLength, documentMaxLength, this.queryMarker, this.documentMarker,
				this.markers, this.queryAugmentation, this.attendToMaskTokens, this.maskPunctuation, this.dim);
	}

	/** A copy with query augmentation switched on or off. */
	public ColbertSettings withQueryAugmentation(boolean queryAugmentation) {
		return new ColbertSettings(this.queryMaxLength, this.documentMaxLength, this.queryMarker, this.documentMarker,
				this.markers, queryAugmentation, this.attendToMaskTokens, this.maskPunctuation, this.dim);
	}

	/** A copy with {@code attend_to_mask_tokens} set. */
	public ColbertSettings withAttendToMaskTokens(boolean attendToMaskTokens) {
		return new ColbertSettings(this.queryMaxLength, this.documentMaxLength, this.queryMarker, this.documentMarker,
				this.markers, this.queryAugmentation, attendToMaskTokens, this.maskPunctuation, this.dim);
	}

	/** A copy with the markers switched on or off. */
	public ColbertSettings withMarkers(boolean markers) {
		return new ColbertSettings(this.queryMaxLength, this.documentMaxLength, this.queryMarker, this.documentMarker,
				markers, this.queryAugmentation, this.attendToMaskTokens, this.maskPunctuation, this.dim);
	}

	/** A copy with another output dimension (a new projection). */
	public ColbertSettings withDim(int dim) {
		return new ColbertSettings(this.queryMaxLength, this.documentMaxLength, this.queryMarker, this.documentMarker,
				this.markers, this.queryAugmentation, this.attendToMaskTokens, this.maskPunctuation, dim);
	}

	/** A copy with punctuation masking switched on or off. */
	public ColbertSettings withMaskPunctuation(boolean maskPunctuation) {
		return new ColbertSettings(this.queryMaxLength, this.documentMaxLength, this.queryMarker, this.documentMarker,
				this.markers, this.queryAugmentation, this.attendToMaskTokens, maskPunctuation, this.dim);
	}

	/**
	 * A canonical text of the values that change document vectors, for fingerprints: not {@code query_maxlen},
	 * {@code query_augmentation}, {@code attend_to_mask_tokens} or the query marker, which change queries only.
	 */
	public String documentCanonical() {
		return "doc_maxlen=" + this.documentMaxLength + ";doc_token_id=" + this.documentMarker + ";markers="
				+ this.markers + ";mask_punctuation=" + this.maskPunctuation + ";dim=" + this.dim;
	}

	private static int integer(JsonObject json, String key, int fallback, String fileName) {
		JsonElement value = json.get(key);
		if (value == null || value.isJsonNull()) {
			return fallback;
		}
		if (value instanceof JsonPrimitive primitive && primitive.isNumber()
				&& primitive.getAsDouble() == Math.rint(primitive.getAsDouble())) {
			return primitive.getAsInt();
		}
		throw new ModelLoadException(fileName + ": " + key + " must be an integer, was " + value);
	}

	private static boolean bool(JsonObject json, String key, boolean fallback, String fileName) {
		JsonElement value = json.get(key);
		if (value == null || value.isJsonNull()) {
			return fallback;
		}
		if (value instanceof JsonPrimitive primitive && primitive.isBoolean()) {
			return primitive.getAsBoolean();
		}
		throw new ModelLoadException(fileName + ": " + key + " must be true or false, was " + value);
	}

	private static String string(JsonObject json, String key, String fallback, String fileName) {
		JsonElement value = json.get(key);
		if (value == null || value.isJsonNull()) {
			return fallback;
		}
		if (value instanceof JsonPrimitive primitive && primitive.isString() && !primitive.getAsString().isBlank()) {
			return primitive.getAsString();
		}
		throw new ModelLoadException(fileName + ": " + key + " must be a non-blank string, was " + value);
	}

}
