package dev.colbert.opensearch;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch._types.query_dsl.Query;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.IndexDocument;
import dev.colbert.index.codec.CentroidScores;
import dev.colbert.index.codec.ResidualCodec;
import dev.colbert.opensearch.codes.CodeBlob;
import dev.colbert.lexical.LexicalSettings;
import dev.colbert.opensearch.IndexLayout.IndexModel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for the {@link CandidateGeneration#PLAID} layout without a cluster: the mapping, the codec document, the code
 * blobs and the candidate request.
 */
class PlaidLayoutTests {

	private static final int DIM = 8;

	/** Four centroids along the first four axes; 2-bit buckets. */
	private static ResidualCodec codec(int nbits) {
		float[] centroids = new float[4 * DIM];
		for (int c = 0; c < 4; c++) {
			centroids[c * DIM + c] = 1f;
		}
		int buckets = 1 << nbits;
		float[] cutoffs = new float[buckets - 1];
		float[] weights = new float[buckets];
		for (int b = 0; b < buckets; b++) {
			weights[b] = (b - (buckets - 1) / 2f) * 0.1f;
			if (b > 0) {
				cutoffs[b - 1] = (weights[b - 1] + weights[b]) / 2;
			}
		}
		return ResidualCodec.fromCentroids(DIM, nbits, 4, 8, centroids, cutoffs, weights, 100, 90);
	}

	private static TokenVectors unitRows(float[]... rows) {
		float[] data = new float[rows.length * DIM];
		for (int r = 0; r < rows.length; r++) {
			double sum = 0;
			for (float x : rows[r]) {
				sum += x * x;
			}
			for (int d = 0; d < DIM; d++) {
				data[r * DIM + d] = (float) (rows[r][d] / Math.sqrt(sum));
			}
		}
		return TokenVectors.of(data, rows.length, DIM);
	}

	@Test
	void plaidMappingHoldsCentroidTermsAndOneBinaryDocValueButNoVectors() {
		IndexModel model = new IndexModel(1, "fp", 128, CandidateGeneration.PLAID, LexicalSettings.defaults());
		String json = JsonText.of(IndexLayout.createIndexRequest(OpenSearchStoreSettings.defaults(), model));
		assertThat(json)
			.contains("\"centroids\":{\"type\":\"keyword\",\"doc_values\":false,\"index_options\":\"docs\","
					+ "\"norms\":false}")
			.contains("\"codes\":{\"type\":\"binary\",\"store\":false,\"doc_values\":true}")
			.contains("\"_source\":{\"excludes\":[\"centroids\",\"codes\"]}")
			.contains("\"candidate_generation\":\"plaid\"")
			.doesNotContain("knn_vector", "\"knn\":true", "\"vectors\"", "pooled_vector");
		assertThat(IndexModel.fromMeta("p", model.toMeta())).isEqualTo(model);
	}

	@Test
	void codecDocumentRoundTripsAndRefusesAnotherModel() {
		ResidualCodec codec = codec(2);
		Map<String, Object> source = PlaidCodecStore.toSource(codec, "fp");
		ResidualCodec read = PlaidCodecStore.fromSource("p-colbert-codec", source, "fp", DIM);
		assertThat(read.quantizedCentroids()).isEqualTo(codec.quantizedCentroids());
		assertThat(read.centroidScales()).isEqualTo(codec.centroidScales());
		assertThat(read.centroids()).isEqualTo(codec.centroids());
		assertThat(read.bucketCutoffs()).isEqualTo(codec.bucketCutoffs());
		assertThat(read.bucketWeights()).isEqualTo(codec.bucketWeights());
		assertThat(read.nbits()).isEqualTo(2);
		assertThat(read.plannedVectors()).isEqualTo(100);
		assertThat(read.trainingVectors()).isEqualTo(90);
		assertThatIllegalStateException().isThrownBy(() -> PlaidCodecStore.fromSource("p-colbert-codec", source,
				"other", DIM)).withMessageContaining("trained for model fp").withMessageContaining("p-colbert-codec");
		assertThatIllegalStateException()
			.isThrownBy(() -> PlaidCodecStore.fromSource("i", Map.of("format", PlaidCodecStore.FORMAT), "fp", DIM))
			.withMessageContaining("fails its checksum");
		assertThatIllegalStateException()
			.isThrownBy(() -> PlaidCodecStore.fromSource("old-colbert-codec", Map.of("format", 1), "fp", DIM))
			.withMessageContaining("layout format 1")
			.withMessageContaining("earlier version")
			.withMessageContaining("reindex");
	}

	@Test
	void aCodecDocumentChangedAfterItWasWrittenIsRefused() {
		Map<String, Object> source = new LinkedHashMap<>(PlaidCodecStore.toSource(codec(2), "fp"));
		Map<String, Object> damaged = new LinkedHashMap<>(source);
		damaged.put("bucket_weights", source.get("bucket_cutoffs"));
		assertThatIllegalStateException()
			.isThrownBy(() -> PlaidCodecStore.fromSource("p-colbert-codec", damaged, "fp", DIM))
			.withMessageContaining("fails its checksum")
			.withMessageContaining("p-colbert-codec");
		Map<String, Object> unsigned = new LinkedHashMap<>(source);
		unsigned.remove("sha256");
		assertThatIllegalStateException()
			.isThrownBy(() -> PlaidCodecStore.fromSource("p-colbert-codec", unsigned, "fp", DIM))
			.withMessageContaining("fails its checksum");
		// numbers read back from JSON may come as another Number type: the checksum does not depend on it
		Map<String, Object> widened = new LinkedHashMap<>(source);
		widened.put("planned_vectors", ((Number) source.get("planned_vectors")).intValue());
		widened.put("dim", ((Number) source.get("dim")).longValue());
		assertThat(PlaidCodecStore.fromSource("p-colbert-codec", widened, "fp", DIM).plannedVectors()).isEqualTo(100);
	}

	@Test
	void blobsHoldEachVectorsNearestCentroidAndResidualAndReadBack() {
		ResidualCodec codec = codec(2);
		try (PlaidCodec plaid = new PlaidCodec(codec)) {
			TokenVectors first = unitRows(new float[] { 1, 0.1f, 0, 0, 0, 0, 0, 0 },
					new float[] { 0, 0, 1, 0.2f, 0, 0, 0, 0 }, new float[] { 0.9f, 0, 0.1f, 0, 0, 0, 0, 0 });
			TokenVectors second = unitRows(new float[] { 0, 0, 0, 1, 0, 0, 0, 0.1f });
			List<PlaidCodec.Compressed> compressed = plaid.compress(List.of(first, second));
			assertThat(compressed.get(0).centroidTerms()).containsExactly("0", "2");
			assertThat(compressed.get(0).vectors()).isEqualTo(3);
			assertThat(compressed.get(1).centroidTerms()).containsExactly("3");
			byte[] blob = Base64.getDecoder().decode(compressed.get(0).blob());
			assertThat(blob).hasSize(3 * (2 + codec.bytesPerVector() + 4));
			CodeBlob.Decoded decoded = plaid.decode("a", blob);
			assertThat(decoded.codes()).containsExactly(0, 2, 0);
			for (int j = 0; j < 3; j++) {
				assertThat(decoded.inverseNorms()[j]).as("vector %d", j)
					.isEqualTo(codec.inverseNorm(decoded.codes()[j], decoded.residuals(), j * codec.bytesPerVector()));
			}
			byte[] residual = new byte[codec.bytesPerVector()];
			codec.encodeResidual(first.data(), DIM, 2, residual, 0);
			assertThat(java.util.Arrays.copyOfRange(decoded.residuals(), codec.bytesPerVector(),
					2 * codec.bytesPerVector())).isEqualTo(residual);
			assertThatIllegalStateException().isThrownBy(() -> plaid.decode("bad", new byte[5]))
				.withMessageContaining("'bad'")
				.withMessageContaining("another codec");
			byte[] outOfRange = blob.clone();
			outOfRange[1] = 9;
			assertThatIllegalStateException().isThrownBy(() -> plaid.decode("far", outOfRange))
				.withMessageContaining("centroid 9");
			byte[] negativeNorm = blob.clone();
			negativeNorm[blob.length - 4] = (byte) 0xBF;
			assertThatIllegalStateException().isThrownBy(() -> plaid.decode("norm", negativeNorm))
				.withMessageContaining("'norm'")
				.withMessageContaining("inverse norm of its vector 2");
		}
	}

	@Test
	void candidateRequestHasADisMaxPerQueryVectorOverItsProbedCentroidsBoostedByOnePlusTheirScore() {
		// 3 centroids, 2 query vectors: scores[c * 2 + i]
		float[] scores = { 0.9f, -0.5f, 0.2f, 0.7f, -0.3f, 0.1f };
		CentroidScores centroidScores = new CentroidScores(scores, 3, 2, new int[0]);
		OpenSearchStoreSettings settings = OpenSearchStoreSettings.builder()
			.indexName("p")
			.candidateGeneration(CandidateGeneration.PLAID)
			.plaid(new OpenSearchPlaidSettings(2, 2, 0))
			.build();
		Query filter = Query.of((q) -> q.term((t) -> t.field("metadata.color").value((v) -> v.stringValue("red"))));
		String json = JsonText.of(new PlaidSearch(null, settings).candidates(centroidScores, 2, 64, filter));
		assertThat(JsonText.occurrences(json, "\"dis_max\"")).isEqualTo(2);
		assertThat(JsonText.occurrences(json, "\"constant_score\"")).isEqualTo(4);
		// query vector 0 probes centroids 0 (0.9) and 1 (0.2); query vector 1 probes 1 (0.7) and 2 (0.1)
		assertThat(json).contains(probe("1.899999976158142", 0), probe("1.2000000476837158", 1))
			.contains(probe("1.7000000476837158", 1), probe("1.100000023841858", 2))
			.contains("\"tie_breaker\":0.0", "\"minimum_should_match\":\"1\"")
			.contains("\"filter\":[{\"term\":{\"metadata.color\":{\"value\":\"red\"}}}]")
			.contains("\"docvalue_fields\":[{\"field\":\"codes\"}]", "\"size\":64")
			.doesNotContain(probe("1.2000000476837158", 2));
	}

	private static String probe(String boost, int centroid) {
		return "{\"constant_score\":{\"boost\":" + boost + ",\"filter\":{\"term\":{\"centroids\":{\"value\":\""
				+ centroid + "\"}}}}}";
	}

	@Test
	void aLongQueryProbesFewerCellsToStayUnderTheClauseLimit() {
		int nq = 300;
		float[] scores = new float[8 * nq];
		CentroidScores centroidScores = new CentroidScores(scores, 8, nq, new int[0]);
		OpenSearchStoreSettings settings = OpenSearchStoreSettings.builder()
			.indexName("p")
			.plaid(new OpenSearchPlaidSettings(2, 8, 0))
			.build();
		String json = JsonText.of(new PlaidSearch(null, settings).candidates(centroidScores, nq, 10, null));
		assertThat(JsonText.occurrences(json, "\"constant_score\"")).isEqualTo(nq * (PlaidSearch.MAX_TERM_CLAUSES / nq));
		CentroidScores tooMany = new CentroidScores(new float[2 * 1001], 2, 1001, new int[0]);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PlaidSearch(null, settings).candidates(tooMany, 1001, 10, null))
			.withMessageContaining("1001 vectors");
	}

	@Test
	void settingsRefuseBadValuesNamingThem() {
		assertThatIllegalArgumentException().isThrownBy(() -> new OpenSearchPlaidSettings(3, 4, 0))
			.withMessageContaining("nbits must be 1, 2 or 4");
		assertThatIllegalArgumentException().isThrownBy(() -> new OpenSearchPlaidSettings(2, 0, 0))
			.withMessageContaining("ncells");
		assertThatIllegalArgumentException().isThrownBy(() -> new OpenSearchPlaidSettings(2, 4, -1))
			.withMessageContaining("ndocs");
		OpenSearchPlaidSettings byK = OpenSearchPlaidSettings.defaults();
		assertThat(byK.rescored(10)).isEqualTo(64);
		assertThat(byK.rescored(100)).isEqualTo(256);
		assertThat(byK.rescored(2000)).isEqualTo(2000);
		assertThat(new OpenSearchPlaidSettings(2, 4, 40).rescored(20)).isEqualTo(20);
	}

	@Test
	void plaidSourcesCarryTermsAndBlobButNoFloatVectors() {
		DocumentSources sources = new DocumentSources(DIM, CandidateGeneration.PLAID);
		IndexDocument document = new IndexDocument("a", "text", Map.of("k", "v"),
				unitRows(new float[] { 1, 0, 0, 0, 0, 0, 0, 0 }));
		Map<String, Object> source = sources.source(document,
				new PlaidCodec.Compressed("AAEC", List.of("0"), 1));
		assertThat(source).containsEntry("codes", "AAEC")
			.containsEntry("centroids", List.of("0"))
			.containsEntry("token_count", 1)
			.doesNotContainKeys("vectors", "tokens", "pooled_vector");
		assertThatIllegalStateException().isThrownBy(() -> sources.source(document));
	}

}
