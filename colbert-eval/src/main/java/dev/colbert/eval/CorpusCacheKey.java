package dev.colbert.eval;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;

/**
 * The key of an encoded corpus in the vector cache: the fingerprint of the encoder as it encodes documents. A
 * {@code --query-maxlen} override changes the encoder's fingerprint but not one document vector, so the key is the
 * fingerprint of the same model without that override, and runs that differ only in query length share one encoding.
 */
final class CorpusCacheKey {

	private CorpusCacheKey() {
	}

	/**
	 * @param encoder the encoder of the run
	 * @param model the {@code colbert.model} value it was loaded from
	 * @param options the options it was loaded with
	 */
	static String of(ColbertEncoder encoder, String model, EncoderOptions options) {
		if (options.queryMaxLength() == null) {
			return encoder.info().fingerprint();
		}
		try (ColbertEncoder documents = ColbertEncoders.load(model, options.toBuilder().queryMaxLength(null).build())) {
			return documents.info().fingerprint();
		}
	}

}
