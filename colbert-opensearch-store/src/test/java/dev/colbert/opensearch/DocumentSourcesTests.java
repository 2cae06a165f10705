package dev.colbert.opensearch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.IndexDocument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link DocumentSources}, {@link MetadataValues} and {@link TokenVectorChecks}: what is refused, with which
 * message, and the {@code _source} layout.
 */
class DocumentSourcesTests {

	private final DocumentSources tokens = new DocumentSources(3, CandidateGeneration.TOKEN_KNN);

	private final DocumentSources pooled = new DocumentSources(3, CandidateGeneration.POOLED_KNN);

	private static TokenVectors vectors(float[]... rows) {
		float[] data = new float[rows.length * 3];
		for (int i = 0; i < rows.length; i++) {
			System.arraycopy(rows[i], 0, data, i * 3, 3);
		}
		return TokenVectors.of(data, rows.length, 3);
	}

	private static IndexDocument document(String id, Map<String, Object> metadata) {
		return new IndexDocument(id, "text", metadata, vectors(new float[] { 1, 0, 0 }, new float[] { 0, 0.6f, 0.8f }));
	}

	@Test
	void sourceHoldsTextMetadataVectorsAndOneNestedTokenPerVector() {
		Map<String, Object> source = this.tokens.source(document("a", Map.of("k", "v")));
		assertThat(source).containsOnlyKeys("text", "metadata", "token_count", "vectors", "tokens");
		assertThat(source.get("token_count")).isEqualTo(2);
		float[][] rows = (float[][]) source.get("vectors");
		assertThat(rows[1]).containsExactly(0f, 0.6f, 0.8f);
		@SuppressWarnings("unchecked")
		List<Map<String, float[]>> nested = (List<Map<String, float[]>>) source.get("tokens");
		assertThat(nested).hasSize(2);
		assertThat(nested.get(0).get("vector")).containsExactly(1f, 0f, 0f);
	}

	@Test
	void pooledLayoutStoresTheNormalizedMeanInsteadOfNestedTokens() {
		Map<String, Object> source = this.pooled.source(document("a", Map.of()));
		assertThat(source).containsKey("pooled_vector").doesNotContainKey("tokens");
		float[] mean = (float[]) source.get("pooled_vector");
		double norm = Math.sqrt(mean[0] * mean[0] + mean[1] * mean[1] + mean[2] * mean[2]);
		assertThat(norm).isCloseTo(1.0, within(1e-6));
		assertThat(mean[0]).isCloseTo((float) (0.5 / Math.sqrt(0.25 + 0.09 + 0.16)), within(1e-6f));
	}

	@Test
	void typesJsonLosesAreRecordedAndRestored() {
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("int", 1);
		metadata.put("smallLong", 2L);
		metadata.put("bigLong", 1L << 40);
		metadata.put("float", 0.1f);
		metadata.put("short", (short) 3);
		metadata.put("byte", (byte) 4);
		metadata.put("double", 2.0);
		metadata.put("longs", List.of(5L, 6L));
		metadata.put("strings", List.of("a"));
		Map<String, Object> hints = MetadataValues.typeHints(metadata);
		assertThat(hints).containsOnlyKeys("smallLong", "float", "short", "byte", "longs");
		assertThat(hints.get("longs")).isEqualTo(List.of("long", "long"));

		// What Jackson reads back from the JSON of that metadata:
		Map<String, Object> parsed = new LinkedHashMap<>();
		parsed.put("int", 1);
		parsed.put("smallLong", 2);
		parsed.put("bigLong", 1L << 40);
		parsed.put("float", 0.1);
		parsed.put("short", 3);
		parsed.put("byte", 4);
		parsed.put("double", 2.0);
		parsed.put("longs", new ArrayList<>(List.of(5, 6)));
		parsed.put("strings", new ArrayList<>(List.of("a")));
		Map<String, Object> restored = MetadataValues.fromSource(parsed, hints);
		assertThat(restored).isEqualTo(metadata);
		assertThat(restored.get("smallLong")).isInstanceOf(Long.class);
		assertThat(restored.get("float")).isEqualTo(0.1f);
		assertThat(restored.get("short")).isInstanceOf(Short.class);
		assertThat(restored.get("byte")).isInstanceOf(Byte.class);
		assertThat((List<?>) restored.get("longs")).allSatisfy((v) -> assertThat(v).isInstanceOf(Long.class));
	}

	@Test
	void decimalsFromOtherJsonMappersAreRestored() {
		Map<String, Object> parsed = Map.of("a", new java.math.BigDecimal("2.0"), "b", new java.math.BigDecimal("7"),
				"c", new java.math.BigDecimal("5000000000"));
		Map<String, Object> restored = MetadataValues.fromSource(parsed, null);
		assertThat(restored.get("a")).isEqualTo(2.0);
		assertThat(restored.get("b")).isEqualTo(7);
		assertThat(restored.get("c")).isEqualTo(5_000_000_000L);
	}

	@Test
	void blankAndOverlongIdsAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.tokens.check(document(" ", Map.of()), 4))
			.withMessage("document 4 has a blank id");
		String longId = "x".repeat(600);
		assertThatIllegalArgumentException().isThrownBy(() -> this.tokens.check(document(longId, Map.of()), 0))
			.withMessageContaining("is 600 bytes in UTF-8, OpenSearch allows at most 512");
		assertThatIllegalArgumentException().isThrownBy(() -> this.tokens.check(null, 2))
			.withMessage("document 2 is null");
	}

	@Test
	void vectorsOfTheWrongDimensionOrNotNormalizedAreRefused() {
		IndexDocument wrongDim = new IndexDocument("w", "t", Map.of(), TokenVectors.of(new float[] { 1, 0 }, 1, 2));
		assertThatIllegalArgumentException().isThrownBy(() -> this.tokens.check(wrongDim, 0))
			.withMessage("document 'w': token vectors have 2 dimensions, the store holds 3-dimensional vectors");
		IndexDocument notNormalized = new IndexDocument("n", "t", Map.of(),
				vectors(new float[] { 1, 0, 0 }, new float[] { 2, 0, 0 }));
		assertThatIllegalArgumentException().isThrownBy(() -> this.tokens.check(notNormalized, 0))
			.withMessageStartingWith("document 'n': token vector 1 has L2 norm 2.0; ColBERT token vectors must be"
					+ " L2-normalized");
		IndexDocument nan = new IndexDocument("nan", "t", Map.of(), vectors(new float[] { Float.NaN, 0, 0 }));
		assertThatIllegalArgumentException().isThrownBy(() -> this.tokens.check(nan, 0))
			.withMessageContaining("token vector 0 has L2 norm NaN");
		IndexDocument empty = new IndexDocument("e", "t", Map.of(), TokenVectors.of(new float[0], 0, 3));
		assertThatIllegalArgumentException().isThrownBy(() -> this.tokens.check(empty, 0))
			.withMessage("document 'e' has no token vectors");
	}

	@Test
	void unsupportedMetadataIsRefusedNamingDocumentAndKey() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.tokens.check(document("d", Map.of("author", Map.of("name", "Mann"))), 0))
			.withMessage("document 'd': metadata 'author' is a nested map; flatten it into dotted keys such as"
					+ " 'author.name' (each a scalar or a list)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.tokens.check(document("d", Map.of("id", UUID.randomUUID())), 0))
			.withMessageStartingWith("document 'd': metadata 'id' has type java.util.UUID; supported:");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.tokens.check(document("d", Map.of("tags", List.of("a", 1))), 0))
			.withMessage("document 'd': metadata 'tags' mixes strings and numbers; a list must hold one kind of value");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.tokens.check(document("d", Map.of("tags", List.of())), 0))
			.withMessageContaining("is an empty list");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.tokens.check(document("d", Map.of("x", List.of(List.of(1)))), 0))
			.withMessageContaining("is a list of lists");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.tokens.check(document("d", Map.of("x", Double.NaN)), 0))
			.withMessageContaining("JSON cannot hold NaN or infinity");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.tokens.check(document("d", Map.of("a..b", 1)), 0))
			.withMessageContaining("must not start or end with '.' or contain '..'");
		Map<String, Object> nullInList = new HashMap<>();
		List<Object> withNull = new ArrayList<>();
		withNull.add(null);
		nullInList.put("tags", withNull);
		assertThatIllegalArgumentException().isThrownBy(() -> this.tokens.check(document("d", nullInList), 0))
			.withMessageStartingWith("document 'd': metadata 'tags' element 0 is null");
	}

	@Test
	void scalarsAndListsOfOneKindAreAccepted() {
		Map<String, Object> metadata = Map.of("s", "x", "b", true, "i", 1, "l", 2L, "d", 0.5, "f", 1.5f, "list",
				List.of(1, 2L, 3.5), "author.name", "Mann");
		this.tokens.check(document("ok", metadata), 0);
	}

	@Test
	void lateInteractionScoreTransformIsUndoneExactly() {
		// Three query vectors with best cosines 0.9, -0.3 and 0.0: the engine scores sum((1 + m) / 2).
		double engine = (1 + 0.9) / 2 + (1 - 0.3) / 2 + (1 + 0.0) / 2;
		assertThat(LateInteractionScores.maxSim(engine, 3)).isCloseTo(0.6, within(1e-12));
		assertThat(LateInteractionScores.engineScore(0.6, 3)).isCloseTo(engine, within(1e-12));
	}

}
