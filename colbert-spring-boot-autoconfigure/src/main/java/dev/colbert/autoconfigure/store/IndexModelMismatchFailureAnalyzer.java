package dev.colbert.autoconfigure.store;

import java.util.Map;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

import dev.colbert.autoconfigure.ColbertProperties;
import dev.colbert.index.ModelMismatchException;

/**
 * Reports an embedded index built by another model than the configured one: both fingerprints, the model that built
 * the index when it is one this library shipped as a default, and the one step that rebuilds the index.
 */
class IndexModelMismatchFailureAnalyzer extends AbstractFailureAnalyzer<ModelMismatchException> {

	/**
	 * Fingerprints that indexes built by earlier versions carry, with what built them. Fingerprints of version 1 (up to
	 * December 2026) also covered query-side settings; the same model has another fingerprint now.
	 */
	static final Map<String, String> EARLIER_DEFAULTS = Map.of(
			"87faf3d8f63b30610ba1e9d36c9337e21f0cf84cb373088accc485db0dda27e6",
			"embedded:bge-small-en-v1.5 (doc_maxlen 300, query_maxlen 32), the default model, as fingerprinted by "
					+ "versions before December 2026 (the vectors are the same, but fingerprints then also covered the "
					+ "query settings, so this index has to be built once again)");

	private final Environment environment;

	IndexModelMismatchFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ModelMismatchException cause) {
		String model = this.environment.getProperty(ColbertProperties.PREFIX + ".model", ColbertProperties.DEFAULT_MODEL);
		String builtBy = EARLIER_DEFAULTS.get(cause.indexFingerprint());
		String description = "The embedded index at " + cause.directory() + " was built by the model with fingerprint "
				+ cause.indexFingerprint() + " (dim " + cause.indexDim() + ")"
				+ ((builtBy != null) ? ", which is " + builtBy : "") + ", but " + ColbertProperties.PREFIX
				+ ".model '" + model + "' has fingerprint " + cause.givenFingerprint() + " (dim " + cause.givenDim()
				+ ")." + ((builtBy != null) ? "" : " Vectors of different models cannot be compared.");
		String rebuild = "To rebuild the index for '" + model + "': delete the folder " + cause.directory()
				+ " (or set " + ColbertProperties.PREFIX + ".store.embedded.path to a new folder) and restart; then add "
				+ "your documents again, they are encoded by the configured model as they arrive.";
		String action = (builtBy != null) ? rebuild : rebuild + " To keep this index instead, set "
				+ ColbertProperties.PREFIX + ".model (and the " + ColbertProperties.PREFIX
				+ ".encoder.* overrides) back to the model that built it.";
		return new FailureAnalysis(description, action, cause);
	}

}
