package dev.colbert.encoder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.encoder.inference.TorchColbertEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The query engine choice ({@link EncoderOptions#queryEngine()}): ONNX Runtime for the embedded ONNX default gives the
 * PyTorch path's query vectors (same rows, same token ids, values within 1e-5) and the same fingerprint; a checkpoint
 * stays on PyTorch under AUTO and is refused under ONNXRUNTIME.
 */
class QueryEngineTests {

	private static final List<String> QUERIES = List.of("what is late interaction?",
			"Does vitamin D supplementation reduce the risk of fractures in elderly women, and by how much, compared "
					+ "with calcium alone or with a placebo, in randomized controlled trials of more than a year?",
			"BRCA1", "a", "0-dimensional biomaterials show inductive properties.", "¿Qué es ColBERT? (late-interaction)");

	private static TorchColbertEncoder ort;

	private static TorchColbertEncoder torch;

	@TempDir
	Path temporary;

	@BeforeAll
	static void load() {
		EncoderOptions options = EncoderOptions.builder().workerThreads(2).queryIntraOpThreads(1).build();
		ort = (TorchColbertEncoder) ColbertEncoders.load(ModelSource.DEFAULT, options);
		torch = (TorchColbertEncoder) ColbertEncoders.load(ModelSource.DEFAULT,
				options.toBuilder().queryEngine(QueryEngine.PYTORCH).build());
	}

	@AfterAll
	static void close() {
		if (ort != null) {
			ort.close();
		}
		if (torch != null) {
			torch.close();
		}
	}

	@Test
	void autoRunsTheEmbeddedModelsQueriesOnOnnxRuntime() {
		assertThat(EncoderOptions.defaults().queryEngine()).isEqualTo(QueryEngine.AUTO);
		assertThat(ort.queryEngine()).isEqualTo(QueryEngine.ONNXRUNTIME);
		assertThat(torch.queryEngine()).isEqualTo(QueryEngine.PYTORCH);
	}

	@Test
	void onnxRuntimeQueryVectorsAreThePyTorchOnes() {
		for (String query : QUERIES) {
			assertSameVectors(query, ort.encodeQuery(query), torch.encodeQuery(query));
		}
	}

	@Test
	void theFingerprintDoesNotDependOnTheQueryEngine() {
		assertThat(ort.info()).isEqualTo(torch.info());
		assertThat(ort.info().fingerprint()).isEqualTo(torch.info().fingerprint());
	}

	@Test
	void concurrentQueriesGetTheirOwnVectors() throws Exception {
		List<TokenVectors> expected = new ArrayList<>();
		for (String query : QUERIES) {
			expected.add(torch.encodeQuery(query));
		}
		ExecutorService pool = Executors.newFixedThreadPool(6);
		try {
			List<Future<TokenVectors>> results = new ArrayList<>();
			for (int i = 0; i < 60; i++) {
				String query = QUERIES.get(i % QUERIES.size());
				results.add(pool.submit(() -> ort.encodeQuery(query)));
			}
			for (int i = 0; i < results.size(); i++) {
				assertSameVectors(QUERIES.get(i % QUERIES.size()), results.get(i).get(),
						expected.get(i % QUERIES.size()));
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void autoKeepsACheckpointOnPyTorchAndOnnxRuntimeRefusesIt() throws Exception {
		Path folder = TestModels.writeCheckpoint(this.temporary.resolve("checkpoint"), TestModels.colbertSettings(16),
				1);
		EncoderOptions options = EncoderOptions.builder().workerThreads(1).build();
		try (TorchColbertEncoder encoder = (TorchColbertEncoder) ColbertEncoders.load(folder.toString(), options)) {
			assertThat(encoder.queryEngine()).isEqualTo(QueryEngine.PYTORCH);
		}
		assertThatThrownBy(() -> ColbertEncoders.load(folder.toString(),
				options.toBuilder().queryEngine(QueryEngine.ONNXRUNTIME).build()))
			.isInstanceOf(ModelLoadException.class)
			.hasMessageContaining("queryEngine ONNXRUNTIME does not apply to")
			.hasMessageContaining("checkpoint")
			.hasMessageContaining("AUTO or PYTORCH");
	}

	@Test
	void theOptionIsKeptByTheBuilder() {
		EncoderOptions options = EncoderOptions.builder().queryEngine(QueryEngine.ONNXRUNTIME).build();
		assertThat(options.queryEngine()).isEqualTo(QueryEngine.ONNXRUNTIME);
		assertThat(options.toBuilder().build().queryEngine()).isEqualTo(QueryEngine.ONNXRUNTIME);
		assertThat(options.toString()).contains("queryEngine=ONNXRUNTIME");
	}

	private static void assertSameVectors(String query, TokenVectors actual, TokenVectors expected) {
		assertThat(actual.count()).as(query).isEqualTo(expected.count());
		assertThat(actual.dim()).as(query).isEqualTo(expected.dim()).isEqualTo(384);
		assertThat(actual.tokenIds()).as(query).containsExactly(expected.tokenIds());
		assertThat(actual.charStart()).as(query).containsExactly(expected.charStart());
		assertThat(actual.charEnd()).as(query).containsExactly(expected.charEnd());
		float[] a = actual.data();
		float[] b = expected.data();
		double worst = 0;
		for (int i = 0; i < a.length; i++) {
			worst = Math.max(worst, Math.abs(a[i] - b[i]));
		}
		assertThat(worst).as("largest difference of %s", query).isLessThanOrEqualTo(1e-5);
	}

}
