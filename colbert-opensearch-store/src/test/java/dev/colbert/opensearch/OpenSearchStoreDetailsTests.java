package dev.colbert.opensearch;

import org.junit.jupiter.api.Test;

import dev.colbert.store.StoreStats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@link OpenSearchStoreDetails}: the PLAID codec's figures and when the collection has outgrown the codec. */
class OpenSearchStoreDetailsTests {

	@Test
	void theCodecIsOutgrownBeyondFourTimesItsPlannedVectorsAndTheReasonNamesTheFix() {
		assertThat(OpenSearchStoreDetails.CodecState.of(256, 2, 10_000, 40_000, 4.0).retrainReason()).isNull();
		OpenSearchStoreDetails.CodecState outgrown = OpenSearchStoreDetails.CodecState.of(256, 2, 10_000, 40_001, 4.0);
		assertThat(outgrown.retrainReason()).contains("trained for 10000 token vectors (256 centroids)")
			.contains("now holds 40001")
			.contains("trainCodec before the first add");
	}

	@Test
	void figuresShowTheCodecAndTheBytesPerVectorOfThePrimaries() {
		OpenSearchStoreDetails.CodecState codec = OpenSearchStoreDetails.CodecState.of(1024, 2, 1_000, 9_000, 4.0);
		StoreStats.IndexFigures figures = details(codec).figures(9_000, 9_000 * 40L);
		assertThat(figures.dim()).isEqualTo(128);
		assertThat(figures.centroids()).isEqualTo(1024);
		assertThat(figures.nbits()).isEqualTo(2);
		assertThat(figures.bytesPerVector()).isCloseTo(40.0, within(1e-9));
		assertThat(figures.compressionRatioVsFp16()).isCloseTo(6.4, within(1e-9));
		assertThat(figures.reclusterAdvisable()).isTrue();
		assertThat(figures.reclusterReason()).isEqualTo(codec.retrainReason());
		assertThat(details(codec).asMap()).containsEntry("codecCentroids", 1024).containsEntry("codecPlannedVectors", 1_000L)
			.containsKey("codecRetrainReason");
		StoreStats.IndexFigures noCodec = details(null).figures(0, -1);
		assertThat(noCodec.centroids()).isNull();
		assertThat(noCodec.bytesPerVector()).isNull();
		assertThat(noCodec.reclusterAdvisable()).isNull();
	}

	private static OpenSearchStoreDetails details(OpenSearchStoreDetails.CodecState codec) {
		return new OpenSearchStoreDetails("passages", "model", 128, CandidateGeneration.PLAID, 64, 256, 64, null, null,
				codec);
	}

}
