package dev.colbert.encoder.checkpoint;

import dev.colbert.encoder.model.ColbertModel;
import dev.colbert.encoder.model.ColbertSettings;

/**
 * A model read from one of the supported sources, before the user's overrides are applied.
 *
 * @param model the weights
 * @param settings the checkpoint's ColBERT settings (artifact.metadata, or the untrained-backbone defaults)
 * @param tokenizerJson the content of tokenizer.json
 * @param tokenizerFileName where tokenizer.json came from, for error messages
 * @param weightsSha256 hex sha256 of the weights file as read (safetensors or ONNX)
 * @param tokenizerSha256 hex sha256 of tokenizer.json
 * @param backbone the backbone's name
 */
public record LoadedModel(ColbertModel model, ColbertSettings settings, byte[] tokenizerJson,
		String tokenizerFileName, String weightsSha256, String tokenizerSha256, String backbone) {

}
