package dev.colbert.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.filter.FilterExpressionTextParser;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.ModelLoadException;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.ColbertIndex;
import dev.colbert.index.CorruptIndexException;
import dev.colbert.index.IndexDocument;
import dev.colbert.index.IndexLockedException;
import dev.colbert.index.IndexSettings;
import dev.colbert.index.ModelMismatchException;
import dev.colbert.index.StoredDocument;
import dev.colbert.search.SearchParams;
import dev.colbert.spring.ai.ColbertVectorStore;
import dev.colbert.store.embedded.EmbeddedTokenVectorStore;
import dev.colbert.testing.TinyCheckpoints;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input at the library level (encoder, index, embedded store, Spring AI {@code VectorStore}): each must get an
 * error that names the problem, and nothing already stored may be lost. After every test the store is checked: all
 * documents there with their text, and a search answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LibraryBadInputTests {

	private static final int DOCUMENTS = 30;

	@TempDir
	static Path work;

	private final BadInputAnswers answers = new BadInputAnswers("Bad input: library (encoder, index, store, VectorStore)");

	private Path checkpoint;

	private ColbertEncoder encoder;

	private EmbeddedTokenVectorStore store;

	private ColbertVectorStore vectorStore;

	@BeforeAll
	void openStore() {
		this.checkpoint = TinyCheckpoints.write(work.resolve("model"), 24, 1);
		this.encoder = ColbertEncoders.load(this.checkpoint.toString(), EncoderOptions.defaults());
		this.store = EmbeddedTokenVectorStore.open(work.resolve("index"), IndexSettings.defaults(),
				this.encoder.info().fingerprint(), this.encoder.info().dim());
		this.vectorStore = ColbertVectorStore.builder(this.encoder, this.store).build();
		List<Document> documents = new ArrayList<>();
		for (int i = 0; i < DOCUMENTS; i++) {
			documents.add(Document.builder()
				.id("doc-" + i)
				.text(text(i))
				.metadata(Map.of("n", i, "topic", "t" + (i % 3)))
				.build());
		}
		this.vectorStore.add(documents);
	}

	private static String text(int i) {
		return "Document " + i + " is about " + List.of("rivers and lakes", "mountain ranges", "desert winds").get(i % 3)
				+ " in chapter " + i;
	}

	@AfterEach
	void nothingStoredIsLost() {
		ColbertIndex index = this.store.index();
		assertThat(index.stats().documents()).isEqualTo(DOCUMENTS);
		assertThat(index.stats().pendingAdds()).isZero();
		for (int i = 0; i < DOCUMENTS; i++) {
			assertThat(index.document("doc-" + i)).map(StoredDocument::text).contains(text(i));
		}
		assertThat(this.vectorStore.similaritySearch(SearchRequest.builder().query("mountain ranges").topK(5).build()))
			.hasSize(5);
	}

	@AfterAll
	void close() {
		this.answers.report();
		this.store.close();
		this.encoder.close();
	}

	@Test
	void emptyAndBlankQueries() {
		for (String query : new String[] { "", "   ", "\t\n" }) {
			Throwable error = this.answers.attempt("query " + quoted(query),
					() -> this.vectorStore.similaritySearch(SearchRequest.builder().query(query).topK(5).build()));
			assertThat(error).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no query text");
		}
		Throwable error = this.answers.attempt("query vectors with zero tokens (index level)",
				() -> this.store.index().search(TokenVectors.of(new float[0], 0, this.encoder.info().dim()),
						SearchParams.forK(5)));
		assertThat(error).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no token vectors");
	}

	@Test
	void aTenThousandTokenQueryIsTruncatedToTheQueryLength() {
		String query = "mountain ".repeat(10_000);
		Throwable error = this.answers.attempt("query of 10,000 words (" + query.length() + " chars)", () -> {
			int tokens = this.encoder.encodeQuery(query).count();
			List<Document> hits = this.vectorStore.similaritySearch(SearchRequest.builder().query(query).topK(5).build());
			assertThat(tokens).isEqualTo(this.encoder.info().queryMaxLength());
			assertThat(hits).hasSize(5);
			return hits.size() + " results; query encoded as " + tokens + " token vectors (query max length)";
		});
		assertThat(error).isNull();
	}

	@Test
	void aHugeDocumentIsTruncatedToTheDocumentLength() {
		String text = "river ".repeat(20_000);
		Throwable error = this.answers.attempt("document of 20,000 words", () -> {
			this.vectorStore.add(List.of(Document.builder().id("huge").text(text).build()));
			StoredDocument stored = this.store.index().document("huge").orElseThrow();
			this.vectorStore.delete(List.of("huge"));
			assertThat(stored.tokenVectors()).isLessThanOrEqualTo(this.encoder.info().documentMaxLength());
			assertThat(stored.text()).isEqualTo(text);
			return "stored with " + stored.tokenVectors() + " token vectors (document max length "
					+ this.encoder.info().documentMaxLength() + "), full text kept";
		});
		assertThat(error).isNull();
	}

	@Test
	void invalidUtf8AndLoneSurrogates() {
		byte[] invalid = { 'r', 'i', 'v', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, 'e', 'r' };
		String decoded = new String(invalid, StandardCharsets.UTF_8);
		Throwable error = this.answers.attempt("query decoded from invalid UTF-8 bytes (U+FFFD replacements)",
				() -> this.vectorStore.similaritySearch(SearchRequest.builder().query(decoded).topK(3).build()).size()
						+ " results");
		assertThat(error).isNull();
		String surrogate = "river \uD800 lake \uDC00";
		error = this.answers.attempt("query with lone UTF-16 surrogates",
				() -> this.vectorStore.similaritySearch(SearchRequest.builder().query(surrogate).topK(3).build()).size()
						+ " results");
		assertThat(error).isNull();
		error = this.answers.attempt("document text with lone UTF-16 surrogates", () -> {
			this.vectorStore.add(List.of(Document.builder().id("surrogate").text(surrogate).build()));
			return "stored";
		});
		// UTF-8 storage would silently turn them into '?': refused instead, naming the position
		assertThat(error).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired UTF-16 surrogate");
		assertThat(this.store.index().document("surrogate")).isEmpty();
		error = this.answers.attempt("metadata value with a lone UTF-16 surrogate", () -> {
			this.vectorStore.add(List.of(Document.builder().id("surrogate").text("fine").metadata("title", "a\uDC00").build()));
			return "stored";
		});
		assertThat(error).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'title'");
	}

	@Test
	void nullAndNestedMetadataValues() {
		Map<String, Object> withNull = new HashMap<>();
		withNull.put("topic", null);
		Throwable error = this.answers.attempt("Spring AI Document with a null metadata value",
				() -> Document.builder().id("m1").text("x").metadata(withNull).build());
		assertThat(error).isInstanceOf(IllegalArgumentException.class);
		Map<String, Object> nested = Map.of("author", Map.of("name", "Ada"));
		error = this.answers.attempt("metadata value that is a nested map", () -> {
			this.vectorStore.add(List.of(Document.builder().id("m2").text("x").metadata(nested).build()));
			return "stored";
		});
		assertThat(error).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'author'");
		Map<String, Object> nestedList = Map.of("tags", List.of("a", List.of("b")));
		error = this.answers.attempt("metadata list holding a list", () -> {
			this.vectorStore.add(List.of(Document.builder().id("m3").text("x").metadata(nestedList).build()));
			return "stored";
		});
		assertThat(error).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'tags'");
		List<Object> listWithNull = new ArrayList<>();
		listWithNull.add("a");
		listWithNull.add(null);
		error = this.answers.attempt("metadata list holding null", () -> {
			this.vectorStore.add(List.of(Document.builder().id("m4").text("x").metadata(Map.of("tags", listWithNull)).build()));
			return "stored";
		});
		assertThat(error).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'tags'");
		Map<String, Object> indexNull = new HashMap<>();
		indexNull.put("k", null);
		error = this.answers.attempt("null metadata value at the token-vector store", () -> {
			this.store.add(List.of(new IndexDocument("m5", "x", indexNull, this.encoder.encodeDocuments(List.of("x")).get(0))));
			return "stored";
		});
		assertThat(error).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'k' is null");
		// a valid document in the same batch as a bad one is not stored either
		error = this.answers.attempt("batch of a valid document and one with a nested map", () -> {
			this.vectorStore.add(List.of(Document.builder().id("ok").text("fine").build(),
					Document.builder().id("m6").text("x").metadata(nested).build()));
			return "stored";
		});
		assertThat(error).isInstanceOf(IllegalArgumentException.class);
		assertThat(this.store.index().document("ok")).isEmpty();
	}

	@Test
	void filtersOnUnknownKeysAndMalformedFilterStrings() {
		Throwable error = this.answers.attempt("filter \"nosuchkey == 'x'\" (a key no document has)", () -> {
			List<Document> hits = this.vectorStore.similaritySearch(
					SearchRequest.builder().query("rivers").topK(5).filterExpression("nosuchkey == 'x'").build());
			assertThat(hits).isEmpty();
			return hits.size() + " results (a missing key never matches ==, the documented semantics)";
		});
		assertThat(error).isNull();
		error = this.answers.attempt("filter \"nosuchkey != 'x'\"", () -> {
			List<Document> hits = this.vectorStore.similaritySearch(
					SearchRequest.builder().query("rivers").topK(5).filterExpression("nosuchkey != 'x'").build());
			assertThat(hits).hasSize(5);
			return hits.size() + " results (a missing key always matches !=)";
		});
		assertThat(error).isNull();
		for (String filter : new String[] { "topic ==", "topic = 't1'", "((topic == 't1'", "topic == 't1' AND",
				"topic in 't1'", "n >> 3", "'t1' == topic" }) {
			error = this.answers.attempt("filter string " + quoted(filter), () -> this.vectorStore
				.similaritySearch(SearchRequest.builder().query("rivers").topK(5).filterExpression(filter).build())
				.size() + " results");
			assertThat(error).as(filter).isInstanceOf(FilterExpressionTextParser.FilterExpressionParseException.class);
		}
	}

	@Test
	void topKOutOfRange() {
		for (int k : new int[] { 0, -1 }) {
			Throwable error = this.answers.attempt("topK " + k,
					() -> this.vectorStore.similaritySearch(SearchRequest.builder().query("rivers").topK(k).build()));
			assertThat(error).isInstanceOf(IllegalArgumentException.class);
		}
		Throwable error = this.answers.attempt("topK 100,000 (SearchParams.MAX_K) on 30 documents", () -> {
			List<Document> hits = this.vectorStore
				.similaritySearch(SearchRequest.builder().query("rivers").topK(SearchParams.MAX_K).build());
			assertThat(hits).hasSize(DOCUMENTS);
			return hits.size() + " results (every document)";
		});
		assertThat(error).isNull();
		error = this.answers.attempt("topK Integer.MAX_VALUE", () -> this.vectorStore
			.similaritySearch(SearchRequest.builder().query("rivers").topK(Integer.MAX_VALUE).build()));
		assertThat(error).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100000");
	}

	@Test
	void badVectorsAndIdsAtTheStore() {
		int dim = this.encoder.info().dim();
		Throwable error = this.answers.attempt("document vectors of another dimension", () -> {
			this.store.add(List.of(new IndexDocument("v1", "x", Map.of(), TokenVectors.of(new float[dim + 1], 1, dim + 1))));
			return "stored";
		});
		assertThat(error).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dim " + (dim + 1));
		float[] nan = new float[dim];
		nan[3] = Float.NaN;
		error = this.answers.attempt("document vector holding NaN", () -> {
			this.store.add(List.of(new IndexDocument("v2", "x", Map.of(), TokenVectors.of(nan, 1, dim))));
			return "stored";
		});
		assertThat(error).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-finite");
		error = this.answers.attempt("query vector holding NaN",
				() -> this.store.index().search(TokenVectors.of(nan, 1, dim), SearchParams.forK(3)));
		assertThat(error).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-finite");
		error = this.answers.attempt("the same id twice in one batch", () -> {
			this.vectorStore.add(List.of(Document.builder().id("dup").text("a").build(),
					Document.builder().id("dup").text("b").build()));
			return "stored";
		});
		assertThat(error).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeats an id");
		assertThat(this.store.index().document("dup")).isEmpty();
	}

	@Test
	void indexOfAnotherModelOrOpenTwice() throws IOException {
		Path other = TinyCheckpoints.write(work.resolve("other-model"), 24, 2);
		try (ColbertEncoder otherEncoder = ColbertEncoders.load(other.toString(), EncoderOptions.defaults())) {
			Throwable error = this.answers.attempt("VectorStore over an index built by another model",
					() -> ColbertVectorStore.builder(otherEncoder, this.store).build());
			assertThat(error).isInstanceOf(IllegalStateException.class).hasMessageContaining("fingerprint");
		}
		Path copy = copyOfIndex("another-model");
		Throwable error = this.answers.attempt("opening an index with another model's fingerprint",
				() -> ColbertIndex.open(copy, IndexSettings.defaults(), "some-other-model", this.encoder.info().dim()));
		assertThat(error).isInstanceOf(ModelMismatchException.class);
		error = this.answers.attempt("opening an index with another dimension", () -> ColbertIndex.open(copy,
				IndexSettings.defaults(), this.encoder.info().fingerprint(), this.encoder.info().dim() * 2));
		assertThat(error).isInstanceOf(ModelMismatchException.class);
		error = this.answers.attempt("opening an index with other nbits", () -> ColbertIndex.open(copy,
				IndexSettings.builder().nbits(4).build(), this.encoder.info().fingerprint(), this.encoder.info().dim()));
		assertThat(error).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nbits");
		error = this.answers.attempt("opening an index directory a second time while open",
				() -> ColbertIndex.open(work.resolve("index"), IndexSettings.defaults(),
						this.encoder.info().fingerprint(), this.encoder.info().dim()));
		assertThat(error).isInstanceOf(IndexLockedException.class);
		assertReopensWithAllDocuments(copy);
	}

	@Test
	void corruptedIndexFilesAreRefusedAndLeftAsTheyWere() throws IOException {
		Path copy = copyOfIndex("corrupt");
		Map<String, byte[]> original = readAll(copy);
		int refused = 0;
		for (String name : new TreeMap<>(original).keySet()) {
			if (name.equals("write.lock")) {
				continue;
			}
			byte[] bytes = original.get(name);
			for (Corruption corruption : Corruption.values()) {
				Files.write(copy.resolve(name), corruption.apply(bytes));
				Throwable error = this.answers.attempt(name + " " + corruption.description,
						() -> ColbertIndex.open(copy, IndexSettings.defaults(), this.encoder.info().fingerprint(),
								this.encoder.info().dim()));
				assertThat(error).as("%s %s", name, corruption).isInstanceOf(CorruptIndexException.class);
				assertThat(error.getMessage()).as("names the file").contains(name);
				// nothing was repaired, deleted or rewritten by the failed open
				Map<String, byte[]> after = readAll(copy);
				assertThat(after.keySet()).isEqualTo(original.keySet());
				assertThat(after.get(name)).isEqualTo(corruption.apply(bytes));
				Files.write(copy.resolve(name), bytes);
				refused++;
			}
		}
		assertThat(refused).isGreaterThanOrEqualTo(8);
		assertReopensWithAllDocuments(copy);
	}

	@Test
	void modelFoldersWithWrongShapesOrMissingFiles() throws IOException {
		Path wrongShapes = copyOfCheckpoint("wrong-shapes");
		Path config = wrongShapes.resolve("config.json");
		Files.writeString(config, Files.readString(config).replace("\"hidden_size\": 32", "\"hidden_size\": 48")
			.replace("\"hidden_size\":32", "\"hidden_size\":48"));
		assertThat(Files.readString(config)).contains("48");
		Throwable error = this.answers.attempt("model folder whose config.json says hidden_size 48 for 32-wide weights",
				() -> ColbertEncoders.load(wrongShapes.toString(), EncoderOptions.defaults()));
		assertThat(error).isInstanceOf(ModelLoadException.class).hasMessageContaining("shape");
		Path truncated = copyOfCheckpoint("truncated-weights");
		byte[] weights = Files.readAllBytes(truncated.resolve("model.safetensors"));
		Files.write(truncated.resolve("model.safetensors"), java.util.Arrays.copyOf(weights, weights.length / 2));
		error = this.answers.attempt("model folder with model.safetensors cut in half",
				() -> ColbertEncoders.load(truncated.toString(), EncoderOptions.defaults()));
		assertThat(error).isInstanceOf(ModelLoadException.class).hasMessageContaining("model.safetensors");
		Path missing = copyOfCheckpoint("missing-tokenizer");
		Files.delete(missing.resolve("tokenizer.json"));
		error = this.answers.attempt("model folder without tokenizer.json",
				() -> ColbertEncoders.load(missing.toString(), EncoderOptions.defaults()));
		assertThat(error).isInstanceOf(ModelLoadException.class).hasMessageContaining("tokenizer");
	}

	private Path copyOfCheckpoint(String name) throws IOException {
		Path target = work.resolve(name);
		Files.createDirectories(target);
		try (Stream<Path> files = Files.list(this.checkpoint)) {
			for (Path file : files.toList()) {
				Files.copy(file, target.resolve(file.getFileName()));
			}
		}
		return target;
	}

	/** A committed copy of the store's index (the store holds the lock on its own directory). */
	private Path copyOfIndex(String name) throws IOException {
		Path target = work.resolve(name);
		try (ColbertIndex index = ColbertIndex.open(target, IndexSettings.defaults(), this.encoder.info().fingerprint(),
				this.encoder.info().dim())) {
			List<IndexDocument> documents = new ArrayList<>();
			for (int i = 0; i < DOCUMENTS; i++) {
				documents.add(new IndexDocument("doc-" + i, text(i), Map.of("n", i),
						this.store.index().vectors("doc-" + i).orElseThrow()));
			}
			index.add(documents.subList(0, 20));
			index.commit();
			index.add(documents.subList(20, DOCUMENTS));
			index.delete(List.of("doc-0"));
			index.commit();
			index.add(documents.subList(0, 1));
			index.commit();
		}
		return target;
	}

	private void assertReopensWithAllDocuments(Path directory) {
		try (ColbertIndex index = ColbertIndex.open(directory, IndexSettings.defaults(), this.encoder.info().fingerprint(),
				this.encoder.info().dim())) {
			assertThat(index.stats().documents()).isEqualTo(DOCUMENTS);
			for (int i = 0; i < DOCUMENTS; i++) {
				assertThat(index.document("doc-" + i)).map(StoredDocument::text).contains(text(i));
			}
		}
	}

	private static Map<String, byte[]> readAll(Path directory) throws IOException {
		Map<String, byte[]> files = new LinkedHashMap<>();
		try (Stream<Path> list = Files.list(directory)) {
			for (Path file : list.sorted().toList()) {
				files.put(file.getFileName().toString(), Files.readAllBytes(file));
			}
		}
		return files;
	}

	private static String quoted(String text) {
		StringBuilder out = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			out.append((c < 0x20 || Character.isSurrogate(c) || c == 0xFFFD) ? String.format("\\u%04X", (int) c) : c);
		}
		return out.append('"').toString();
	}

	/** Ways a file gets damaged on disk. */
	enum Corruption {

		TRUNCATED_TO_HALF("truncated to half its length") {
			@Override
			byte[] apply(byte[] bytes) {
				return java.util.Arrays.copyOf(bytes, bytes.length / 2);
			}
		},
		LAST_BYTE_CUT("missing its last byte") {
			@Override
			byte[] apply(byte[] bytes) {
				return java.util.Arrays.copyOf(bytes, bytes.length - 1);
			}
		},
		BYTE_FLIPPED_IN_THE_MIDDLE("with one byte flipped in the middle") {
			@Override
			byte[] apply(byte[] bytes) {
				byte[] copy = bytes.clone();
				copy[copy.length / 2] ^= 0x5A;
				return copy;
			}
		},
		FIRST_BYTE_FLIPPED("with its first byte flipped") {
			@Override
			byte[] apply(byte[] bytes) {
				byte[] copy = bytes.clone();
				copy[0] ^= 0x01;
				return copy;
			}
		},
		EMPTY("emptied (0 bytes)") {
			@Override
			byte[] apply(byte[] bytes) {
				return new byte[0];
			}
		};

		final String description;

		Corruption(String description) {
			this.description = description;
		}

		abstract byte[] apply(byte[] bytes);

	}

}
