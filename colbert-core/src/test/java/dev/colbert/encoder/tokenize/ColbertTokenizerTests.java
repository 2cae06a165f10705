package dev.colbert.encoder.tokenize;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.colbert.encoder.ModelLoadException;
import dev.colbert.encoder.TestModels;
import dev.colbert.encoder.model.ColbertSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pins ColBERT's tokenization rules (stanford-futuredata/ColBERT QueryTokenizer, DocTokenizer, ColBERT.mask) on the
 * real bert-base-uncased vocabulary of bge-small: [CLS] = 101, [SEP] = 102, [MASK] = 103, [unused0] = 1,
 * [unused1] = 2, "hello" = 7592, "world" = 2088, "," = 1010, "." = 1012.
 */
class ColbertTokenizerTests {

	private static final long CLS = 101;

	private static final long SEP = 102;

	private static final long MASK = 103;

	private static final long Q = 1;

	private static final long D = 2;

	private static final long HELLO = 7592;

	private static final long WORLD = 2088;

	private static final long COMMA = 1010;

	private static final long PERIOD = 1012;

	private static byte[] json;

	private static ColbertTokenizer colbert;

	@BeforeAll
	static void load() {
		json = TestModels.tokenizerJson();
		colbert = ColbertTokenizer.create(json, "tokenizer.json", settings(8, 7, true, true, false, true));
	}

	@AfterAll
	static void close() {
		colbert.close();
	}

	private static ColbertSettings settings(int queryMaxLength, int documentMaxLength, boolean markers,
			boolean augmentation, boolean attendToMask, boolean maskPunctuation) {
		return new ColbertSettings(queryMaxLength, documentMaxLength, "[unused0]", "[unused1]", markers, augmentation,
				attendToMask, maskPunctuation, 16);
	}

	@Test
	void queryHasClsMarkerTokensSepThenMaskPaddingToQueryMaxLength() {
		TokenizedText query = colbert.query("Hello world");
		assertThat(query.ids()).containsExactly(CLS, Q, HELLO, WORLD, SEP, MASK, MASK, MASK);
		assertThat(query.attention()).containsExactly(1, 1, 1, 1, 1, 0, 0, 0);
		assertThat(query.kept()).containsOnly(true);
		assertThat(query.keptCount()).isEqualTo(8);
	}

	@Test
	void maskPaddingIsAttendedWhenTheCheckpointSaysSo() {
		try (ColbertTokenizer attending = ColbertTokenizer.create(json, "tokenizer.json",
				settings(8, 7, true, true, true, true))) {
			TokenizedText query = attending.query("Hello world");
			assertThat(query.ids()).containsExactly(CLS, Q, HELLO, WORLD, SEP, MASK, MASK, MASK);
			assertThat(query.attention()).containsOnly(1);
		}
	}

	@Test
	void longQueryIsTruncatedToQueryMaxLengthKeepingSep() {
		TokenizedText query = colbert.query("hello world hello world hello world hello world");
		assertThat(query.ids()).containsExactly(CLS, Q, HELLO, WORLD, HELLO, WORLD, HELLO, SEP);
		assertThat(query.attention()).containsOnly(1);
	}

	@Test
	void queryPunctuationIsKeptBecauseEveryQueryVectorIsScored() {
		TokenizedText query = colbert.query("hello, world.");
		assertThat(query.ids()).containsExactly(CLS, Q, HELLO, COMMA, WORLD, PERIOD, SEP, MASK);
		assertThat(query.kept()).containsOnly(true);
	}

	@Test
	void plainQueryWithoutMarkersOrAugmentation() {
		try (ColbertTokenizer plain = ColbertTokenizer.create(json, "tokenizer.json",
				settings(8, 7, false, false, false, true))) {
			assertThat(plain.query("Hello world").ids()).containsExactly(CLS, HELLO, WORLD, SEP);
			assertThat(plain.query("hello world hello world hello world hello world").ids())
				.containsExactly(CLS, HELLO, WORLD, HELLO, WORLD, HELLO, WORLD, SEP);
		}
	}

	@Test
	void documentHasClsMarkerTokensSepAndDropsPunctuationVectors() {
		TokenizedText document = colbert.document("Hello, world.");
		assertThat(document.ids()).containsExactly(CLS, D, HELLO, COMMA, WORLD, PERIOD, SEP);
		assertThat(document.attention()).containsOnly(1);
		assertThat(document.kept()).containsExactly(true, true, true, false, true, false, true);
		assertThat(document.keptCount()).isEqualTo(5);
	}

	@Test
	void documentIsTruncatedSoThatTheWholeFitsDocMaxLength() {
		TokenizedText document = colbert.document("hello world hello world hello world");
		assertThat(document.ids()).containsExactly(CLS, D, HELLO, WORLD, HELLO, WORLD, SEP);
		assertThat(document.length()).isEqualTo(7);
	}

	@Test
	void punctuationIsKeptWhenMaskPunctuationIsOff() {
		try (ColbertTokenizer keeping = ColbertTokenizer.create(json, "tokenizer.json",
				settings(8, 7, true, true, false, false))) {
			assertThat(keeping.document("Hello, world.").kept()).containsOnly(true);
		}
	}

	@Test
	void skiplistIsTheIdOfEveryAsciiPunctuationCharacter() {
		assertThat(colbert.skiplist()).hasSize(32).contains(COMMA, PERIOD, 999L /* ! */, 1029L /* ? */);
		for (char symbol : ColbertTokenizer.PUNCTUATION.toCharArray()) {
			long id = colbert.vocabulary().id(String.valueOf(symbol)).orElseThrow();
			assertThat(colbert.skiplist()).as("id of '%s'", symbol).contains(id);
		}
	}

	@Test
	void emptyDocumentGivesOnlyTheSpecialTokens() {
		assertThat(colbert.document("").ids()).containsExactly(CLS, D, SEP);
	}

	@Test
	void batchTokenizationMatchesSingleTokenization() {
		List<String> texts = List.of("Hello, world.", "", "hello world hello world hello world", "Résumé of a café");
		TokenizedText[] batch = colbert.documents(texts);
		for (int i = 0; i < texts.size(); i++) {
			assertThat(batch[i].ids()).isEqualTo(colbert.document(texts.get(i)).ids());
			assertThat(batch[i].kept()).isEqualTo(colbert.document(texts.get(i)).kept());
		}
	}

	@Test
	void offsetsAreUtf16IndicesOfTheOriginalText() {
		String text = "\uD83D\uDE00 hello, world";
		TokenizedText document = colbert.document(text);
		assertThat(document.ids()).containsExactly(CLS, D, 100L /* [UNK] for the emoji */, HELLO, COMMA, WORLD, SEP);
		assertThat(document.charStart()).containsExactly(-1, -1, 0, 3, 8, 10, -1);
		assertThat(document.charEnd()).containsExactly(-1, -1, 2, 8, 9, 15, -1);
		assertThat(text.substring(document.charStart()[5], document.charEnd()[5])).isEqualTo("world");
	}

	@Test
	void customMarkerTokensFromTheMetadataAreUsed() {
		ColbertSettings custom = new ColbertSettings(8, 7, "[unused5]", "[unused7]", true, true, false, true, 16);
		try (ColbertTokenizer tokenizer = ColbertTokenizer.create(json, "tokenizer.json", custom)) {
			assertThat(tokenizer.query("hello").ids()[1]).isEqualTo(6);
			assertThat(tokenizer.document("hello").ids()[1]).isEqualTo(8);
		}
	}

	@Test
	void markerMissingFromTheVocabularyFailsNamingTheFile() {
		ColbertSettings custom = new ColbertSettings(8, 7, "[Q]", "[unused1]", true, true, false, true, 16);
		assertThatThrownBy(() -> ColbertTokenizer.create(json, "ckpt/tokenizer.json", custom))
			.isInstanceOf(ModelLoadException.class)
			.hasMessageContaining("ckpt/tokenizer.json")
			.hasMessageContaining("[Q]")
			.hasMessageContaining("query marker");
	}

	@Test
	void paddingAndTruncationConfiguredInTokenizerJsonAreIgnored() {
		JsonObject root = JsonParser.parseString(new String(json, StandardCharsets.UTF_8)).getAsJsonObject();
		root.add("truncation", JsonParser.parseString(
				"{\"direction\":\"Right\",\"max_length\":3,\"strategy\":\"LongestFirst\",\"stride\":0}"));
		root.add("padding", JsonParser.parseString("{\"strategy\":{\"Fixed\":16},\"direction\":\"Right\","
				+ "\"pad_to_multiple_of\":null,\"pad_id\":0,\"pad_type_id\":0,\"pad_token\":\"[PAD]\"}"));
		byte[] modified = root.toString().getBytes(StandardCharsets.UTF_8);
		try (ColbertTokenizer tokenizer = ColbertTokenizer.create(modified, "tokenizer.json",
				settings(8, 7, true, true, false, true))) {
			assertThat(tokenizer.document("hello world hello world").ids())
				.containsExactly(CLS, D, HELLO, WORLD, HELLO, WORLD, SEP);
			assertThat(tokenizer.query("hello").ids()).containsExactly(CLS, Q, HELLO, SEP, MASK, MASK, MASK, MASK);
		}
	}

	@Test
	void blankQueryIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> colbert.query("  ")).withMessageContaining("blank");
		assertThatIllegalArgumentException().isThrownBy(() -> colbert.query(null));
	}

	@Test
	void unreadableTokenizerJsonFailsNamingTheFile() {
		assertThatThrownBy(() -> ColbertTokenizer.create("{not json".getBytes(StandardCharsets.UTF_8),
				"ckpt/tokenizer.json", settings(8, 7, true, true, false, true)))
			.isInstanceOf(ModelLoadException.class)
			.hasMessageContaining("ckpt/tokenizer.json")
			.hasMessageContaining("unreadable JSON");
	}

}
