package dev.colbert.encoder.checkpoint;

/**
 * File names of the HuggingFace ColBERT checkpoint layout.
 */
public final class CheckpointFiles {

	/** The BERT configuration. */
	public static final String CONFIG = "config.json";

	/** The HuggingFace fast tokenizer. */
	public static final String TOKENIZER = "tokenizer.json";

	/** The weights: {@code bert.*} and {@code linear.weight}. */
	public static final String WEIGHTS = "model.safetensors";

	/** The ColBERT settings. */
	public static final String METADATA = "artifact.metadata";

	private CheckpointFiles() {
	}

}
