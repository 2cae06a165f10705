package dev.colbert.autoconfigure.encoder;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

import dev.colbert.autoconfigure.ColbertProperties;
import dev.colbert.encoder.ModelLoadException;

/**
 * Reports a model that cannot be loaded as what it is: the configured {@code colbert.model}, the file and the problem,
 * and what to check.
 */
class ModelLoadFailureAnalyzer extends AbstractFailureAnalyzer<ModelLoadException> {

	private final Environment environment;

	ModelLoadFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ModelLoadException cause) {
		String model = this.environment.getProperty(ColbertProperties.PREFIX + ".model", ColbertProperties.DEFAULT_MODEL);
		return new FailureAnalysis(
				"The ColBERT model '" + model + "' (" + ColbertProperties.PREFIX + ".model) could not be loaded: "
						+ cause.getMessage(),
				"Check " + ColbertProperties.PREFIX + ".model: it must name a HuggingFace ColBERT checkpoint folder "
						+ "(config.json, tokenizer.json, model.safetensors, artifact.metadata), a hub id such as "
						+ "hf:colbert-ir/colbertv2.0, or " + ColbertProperties.DEFAULT_MODEL
						+ " (which needs the starter's model jar on the class path); check the "
						+ ColbertProperties.PREFIX + ".encoder.* overrides against the model.",
				cause);
	}

}
