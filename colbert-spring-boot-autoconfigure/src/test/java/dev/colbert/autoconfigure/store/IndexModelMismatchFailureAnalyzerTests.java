package dev.colbert.autoconfigure.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.mock.env.MockEnvironment;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.index.ModelMismatchException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fingerprint named as the earlier default is the one that model had with its earlier settings under fingerprint
 * version 1 (recomputed here from the weights and tokenizer on the classpath), and not the one it has now.
 */
class IndexModelMismatchFailureAnalyzerTests {

	@Test
	void earlierDefaultFingerprintIsBgeSmallWithItsEarlierLengthsUnderVersion1() throws Exception {
		String version1 = sha256(("colbert-encoder-fingerprint/1\nweights=" + sha256(resource("bge-small-en-v1.5.onnx"))
				+ "\ntokenizer=" + sha256(resource("bge-small-en-v1.5-tokenizer.json")) + "\nprojection=identity\n"
				+ "query_maxlen=32;doc_maxlen=300;query_token_id=[unused0];doc_token_id=[unused1];markers=false;"
				+ "query_augmentation=false;attend_to_mask_tokens=false;mask_punctuation=true;dim=384\n")
			.getBytes(StandardCharsets.UTF_8));
		assertThat(IndexModelMismatchFailureAnalyzer.EARLIER_DEFAULTS).containsKey(version1);
		try (ColbertEncoder encoder = ColbertEncoders.load("embedded:bge-small-en-v1.5",
				EncoderOptions.builder().queryMaxLength(32).documentMaxLength(300).build())) {
			assertThat(encoder.info().fingerprint()).isNotEqualTo(version1);
		}
	}

	@Test
	void anEarlierFingerprintOfTheSameModelIsRebuiltNotSwitchedBack() {
		IndexModelMismatchFailureAnalyzer analyzer = new IndexModelMismatchFailureAnalyzer(new MockEnvironment());
		String earlier = IndexModelMismatchFailureAnalyzer.EARLIER_DEFAULTS.keySet().iterator().next();
		FailureAnalysis known = analyzer.analyze(null,
				new ModelMismatchException(Path.of("/data/index"), earlier, 384, "b".repeat(64), 384));
		assertThat(known.getDescription()).contains(earlier, "before December 2026").doesNotContain("different models");
		assertThat(known.getAction()).contains("delete the folder /data/index").doesNotContain("To keep this index");
		FailureAnalysis other = analyzer.analyze(null,
				new ModelMismatchException(Path.of("/data/index"), "a".repeat(64), 128, "b".repeat(64), 384));
		assertThat(other.getDescription()).contains("Vectors of different models cannot be compared");
		assertThat(other.getAction()).contains("delete the folder /data/index", "To keep this index instead");
	}

	private static byte[] resource(String name) throws IOException {
		try (InputStream in = IndexModelMismatchFailureAnalyzerTests.class.getClassLoader().getResourceAsStream(name)) {
			assertThat(in).as(name).isNotNull();
			return in.readAllBytes();
		}
	}

	private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

}
