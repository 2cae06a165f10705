package dev.colbert.encoder;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fingerprint is stable across loads and changes with the weights and with every setting that changes document
 * vectors, but not with settings that do not: batch size and threads, and the query-side settings (query length,
 * {@code [MASK]} augmentation and attending to it), which change queries only and leave an index valid.
 */
class FingerprintTests {

	@TempDir
	Path temporary;

	@Test
	void fingerprintFollowsWeightsAndDocumentSettingsOnly() throws Exception {
		Path first = TestModels.writeCheckpoint(this.temporary.resolve("a"), TestModels.colbertSettings(16), 1);
		Path sameWeights = TestModels.writeCheckpoint(this.temporary.resolve("b"), TestModels.colbertSettings(16), 1);
		Path otherWeights = TestModels.writeCheckpoint(this.temporary.resolve("c"), TestModels.colbertSettings(16), 2);
		String base = fingerprint(first, EncoderOptions.defaults());
		assertThat(base).matches("[0-9a-f]{64}");
		assertThat(fingerprint(first, EncoderOptions.defaults())).isEqualTo(base);
		assertThat(fingerprint(sameWeights, EncoderOptions.defaults())).isEqualTo(base);
		assertThat(fingerprint(first, EncoderOptions.builder().batchSize(7).intraOpThreads(1).build())).isEqualTo(base);
		assertThat(fingerprint(otherWeights, EncoderOptions.defaults())).isNotEqualTo(base);
		assertThat(fingerprint(first, EncoderOptions.builder().documentMaxLength(40).build())).isNotEqualTo(base);
		assertThat(fingerprint(first, EncoderOptions.builder().queryMaxLength(24).build())).isEqualTo(base);
		assertThat(fingerprint(first, EncoderOptions.builder().queryAugmentation(false).build())).isEqualTo(base);
		Path attending = TestModels.writeCheckpoint(this.temporary.resolve("d"),
				TestModels.colbertSettings(16).withAttendToMaskTokens(true), 1);
		assertThat(fingerprint(attending, EncoderOptions.defaults())).isEqualTo(base);
		Path unpunctuated = TestModels.writeCheckpoint(this.temporary.resolve("e"),
				TestModels.colbertSettings(16).withMaskPunctuation(false), 1);
		assertThat(fingerprint(unpunctuated, EncoderOptions.defaults())).isNotEqualTo(base);
	}

	private static String fingerprint(Path folder, EncoderOptions options) {
		try (ColbertEncoder encoder = ColbertEncoders.load(folder.toString(), options)) {
			return encoder.info().fingerprint();
		}
	}

}
