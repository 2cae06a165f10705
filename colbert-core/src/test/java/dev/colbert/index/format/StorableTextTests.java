package dev.colbert.index.format;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Strings that UTF-8 storage would change (unpaired UTF-16 surrogates become '?') are refused with the position named;
 * every valid string, supplementary characters included, is accepted.
 */
class StorableTextTests {

	private static final String HIGH = String.valueOf((char) 0xD800);

	private static final String LOW = String.valueOf((char) 0xDC00);

	@Test
	void unpairedSurrogatesAreRefusedWithTheirPosition() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> MetadataCodec.requireStorableText("river " + HIGH + " lake", "documents[0] (id 'a'): text"))
			.withMessageContaining("documents[0] (id 'a'): text")
			.withMessageContaining("U+D800")
			.withMessageContaining("at char 6");
		assertThatIllegalArgumentException().isThrownBy(() -> MetadataCodec.requireStorableText(LOW + "x", "t"))
			.withMessageContaining("U+DC00)")
			.withMessageContaining("at char 0");
		assertThatIllegalArgumentException().isThrownBy(() -> MetadataCodec.requireStorableText("x" + HIGH, "t"))
			.withMessageContaining("at char 1");
		assertThatIllegalArgumentException().isThrownBy(() -> MetadataCodec.requireStorableText(LOW + HIGH, "t"));
	}

	@Test
	void validStringsRoundTripThroughUtf8AndAreAccepted() {
		for (String text : List.of("", "plain", "caf\u00e9", "emoji \uD83D\uDE00 pair", "\uFFFD replacement",
				"\uD83D\uDE00")) {
			assertThatNoException().isThrownBy(() -> MetadataCodec.requireStorableText(text, "t"));
			org.assertj.core.api.Assertions
				.assertThat(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
				.isEqualTo(text);
		}
	}

	@Test
	void metadataKeysAndStringValuesAreChecked() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> MetadataCodec.validate(Map.of("title", "a" + HIGH), "documents[2] (id 'x')"))
			.withMessageContaining("metadata 'title'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> MetadataCodec.validate(Map.of("k" + LOW, "a"), "documents[2] (id 'x')"))
			.withMessageContaining("metadata key");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> MetadataCodec.validate(Map.of("tags", List.of("ok", HIGH)), "documents[2] (id 'x')"))
			.withMessageContaining("list index 1");
	}

}
