package dev.colbert.autoconfigure.store;

import org.junit.jupiter.api.Test;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;

import static org.assertj.core.api.Assertions.assertThat;

/** The fingerprint named as the earlier default is the one that model really has with its earlier settings. */
class IndexModelMismatchFailureAnalyzerTests {

	@Test
	void earlierDefaultFingerprintIsBgeSmallWithItsEarlierLengths() {
		try (ColbertEncoder encoder = ColbertEncoders.load("embedded:bge-small-en-v1.5",
				EncoderOptions.builder().queryMaxLength(32).documentMaxLength(300).build())) {
			assertThat(IndexModelMismatchFailureAnalyzer.EARLIER_DEFAULTS).containsKey(encoder.info().fingerprint());
		}
	}

}
