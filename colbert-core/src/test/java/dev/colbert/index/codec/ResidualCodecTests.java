package dev.colbert.index.codec;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.testing.SyntheticCorpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class ResidualCodecTests {

	private static final int DIM = 128;

	/** Trains on all but the last {@value #HELD_BACK} documents. */
	private static ResidualCodec train(SyntheticCorpus corpus, int nbits, int centroidBits) {
		CodecTrainingOptions options = new CodecTrainingOptions(nbits, 0, 4, 256, centroidBits, 0.05, 50_000, 1, 8);
		List<TokenVectors> vectors = training(corpus);
		long total = vectors.stream().mapToLong(TokenVectors::count).sum();
		return new CodecTrainer(options).train(vectors, total);
	}

	private static final int HELD_BACK = 60;

	private static List<TokenVectors> training(SyntheticCorpus corpus) {
		List<TokenVectors> all = corpus.vectors();
		return all.subList(0, all.size() - HELD_BACK);
	}

	/** Documents the codec never saw. */
	private static List<TokenVectors> fresh(SyntheticCorpus corpus) {
		List<TokenVectors> all = corpus.vectors();
		return all.subList(all.size() - HELD_BACK, all.size());
	}

	@Test
	void referenceFormulas() {
		assertThat(CodecTrainer.referenceCentroidCount(1_000_000)).isEqualTo(8192);
		assertThat(CodecTrainer.referenceCentroidCount(10_000_000)).isEqualTo(32768);
		assertThat(CodecTrainer.referenceCentroidCount(1_390_000)).isEqualTo(16384);
		assertThat(CodecTrainer.referenceCentroidCount(1)).isEqualTo(16);
		assertThat(CodecTrainer.referenceSampleDocuments(100_000)).isEqualTo(1 + (int) (16 * Math.sqrt(12_000_000.0)));
		assertThat(CodecTrainer.referenceSampleDocuments(50)).isEqualTo(50);
	}

	@Test
	void quantileInterpolatesLinearlyLikeTorch() {
		float[] sorted = { 0f, 1f, 2f, 3f, 10f };
		assertThat(CodecTrainer.quantile(sorted, 0.5)).isEqualTo(2f);
		assertThat(CodecTrainer.quantile(sorted, 0.875)).isCloseTo(6.5f, within(1e-6f)); // position 3.5
		assertThat(CodecTrainer.quantile(sorted, 0.0)).isEqualTo(0f);
		assertThat(CodecTrainer.quantile(sorted, 1.0)).isEqualTo(10f);
	}

	@Test
	void bucketsSplitHeldOutResidualsIntoEqualShares() {
		SyntheticCorpus corpus = SyntheticCorpus.generate(3, 400, 20, 40, DIM);
		ResidualCodec codec = train(corpus, 2, 8);
		assertThat(codec.numCentroids()).isEqualTo(CodecTrainer
			.referenceCentroidCount(training(corpus).stream().mapToLong(TokenVectors::count).sum()));
		// fresh vectors from the same distribution fall into the four buckets about equally often (a little less
		// often into the inner ones: residuals of unseen documents are a bit larger than held-out ones)
		int[] counts = new int[4];
		long total = 0;
		try (CentroidMatrix matrix = CentroidMatrix.of(codec.centroids(), codec.numCentroids(), DIM)) {
			for (TokenVectors v : fresh(corpus)) {
				int[] codes = matrix.nearest(v.data(), 0, v.count());
				for (int j = 0; j < v.count(); j++) {
					for (int d = 0; d < DIM; d++) {
						counts[codec.bucket(v.data()[j * DIM + d] - codec.centroids()[codes[j] * DIM + d])]++;
						total++;
					}
				}
			}
		}
		for (int b = 0; b < 4; b++) {
			assertThat(counts[b] / (double) total).as("share of bucket %d", b).isCloseTo(0.25, within(0.07));
		}
		float[] w = codec.bucketWeights();
		float[] c = codec.bucketCutoffs();
		assertThat(w[0]).isLessThan(c[0]);
		assertThat(c[0]).isLessThan(w[1]);
		assertThat(w[1]).isLessThan(c[1]);
		assertThat(c[1]).isLessThan(w[2]);
		assertThat(w[2]).isLessThan(c[2]);
		assertThat(c[2]).isLessThan(w[3]);
	}

	@Test
	void decompressionErrorStaysWithinTheBoundTheBucketsImply() {
		SyntheticCorpus corpus = SyntheticCorpus.generate(5, 360, 20, 40, DIM);
		double[] rmsByBits = new double[5];
		for (int nbits : new int[] { 1, 2, 4 }) {
			ResidualCodec codec = train(corpus, nbits, 6);
			byte[] packed = new byte[codec.bytesPerVector()];
			float[] decompressed = new float[DIM];
			double sumSquaredError = 0;
			long coordinates = 0;
			try (CentroidMatrix matrix = CentroidMatrix.of(codec.centroids(), codec.numCentroids(), DIM)) {
				for (TokenVectors v : fresh(corpus)) {
					int[] codes = matrix.nearest(v.data(), 0, v.count());
					for (int j = 0; j < v.count(); j++) {
						int offset = j * DIM;
						codec.encodeResidual(v.data(), offset, codes[j], packed, 0);
						codec.decompress(codes[j], packed, 0, decompressed, 0);
						double errorBound = 0;
						double distance = 0;
						for (int d = 0; d < DIM; d++) {
							float residual = v.data()[offset + d] - codec.centroids()[codes[j] * DIM + d];
							int bucket = codec.bucket(residual);
							float reconstructed = codec.bucketWeights()[bucket];
							float error = Math.abs(residual - reconstructed);
							float inner = codec.innerBucketErrorBound(bucket);
							if (Float.isFinite(inner)) {
								assertThat(error).as("inner bucket %d error", bucket).isLessThanOrEqualTo(inner + 1e-6f);
								errorBound += inner * (double) inner;
							}
							else {
								errorBound += error * (double) error;
							}
							sumSquaredError += error * (double) error;
							coordinates++;
							double diff = v.data()[offset + d] - decompressed[d];
							distance += diff * diff;
						}
						// |v - normalize(c + w)| <= 2 |r - w| <= 2 sqrt(sum of per-coordinate bounds^2)
						assertThat(Math.sqrt(distance)).isLessThanOrEqualTo(2 * Math.sqrt(errorBound) + 1e-5);
					}
				}
			}
			rmsByBits[nbits] = Math.sqrt(sumSquaredError / coordinates);
		}
		// more bits, less error
		assertThat(rmsByBits[2]).isLessThan(0.75 * rmsByBits[1]);
		assertThat(rmsByBits[4]).isLessThan(0.7 * rmsByBits[2]);
	}

	@Test
	void centroidQuantizationIsAbsorbedByTheResiduals() {
		SyntheticCorpus corpus = SyntheticCorpus.generate(11, 360, 20, 40, DIM);
		double[] cosines = new double[2];
		int[] bits = { 6, 16 };
		for (int i = 0; i < bits.length; i++) {
			ResidualCodec codec = train(corpus, 2, bits[i]);
			byte[] packed = new byte[codec.bytesPerVector()];
			float[] out = new float[DIM];
			double sum = 0;
			long n = 0;
			try (CentroidMatrix matrix = CentroidMatrix.of(codec.centroids(), codec.numCentroids(), DIM)) {
				for (TokenVectors v : fresh(corpus)) {
					int[] codes = matrix.nearest(v.data(), 0, v.count());
					for (int j = 0; j < v.count(); j++) {
						codec.encodeResidual(v.data(), j * DIM, codes[j], packed, 0);
						codec.decompress(codes[j], packed, 0, out, 0);
						double dot = 0;
						for (int d = 0; d < DIM; d++) {
							dot += out[d] * v.data()[j * DIM + d];
						}
						sum += dot;
						n++;
					}
				}
			}
			cosines[i] = sum / n;
		}
		// 6-bit centroids reconstruct as well as 16-bit ones (mean cosine to the original)
		assertThat(cosines[0]).isGreaterThan(0.9).isCloseTo(cosines[1], within(0.002));
	}

	@Test
	void rejectsInvalidParameters() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CodecTrainingOptions(3, 0, 4, 256, 8, 0.05, 50_000, 1, 8))
			.withMessageContaining("nbits must be 1, 2 or 4, was 3");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CodecTrainingOptions(2, 0, 4, 256, 3, 0.05, 50_000, 1, 8))
			.withMessageContaining("centroidBits must be between 4 and 16, was 3");
		assertThatIllegalArgumentException().isThrownBy(() -> new CodecTrainer(CodecTrainingOptions.defaults())
			.train(List.of(), 10)).withMessageContaining("sample is empty");
		List<TokenVectors> vectors = SyntheticCorpus.generate(1, 20, 5, 10, DIM).vectors();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CodecTrainer(CodecTrainingOptions.defaults()).train(vectors, 100, 96))
			.withMessageContaining("sample[0] has dim 128, expected 96 (the index's dimension)");
		// a lazy sample must produce the same documents on both passes
		int[] passes = new int[1];
		Iterable<TokenVectors> shrinking = () -> {
			passes[0]++;
			return vectors.subList(0, (passes[0] == 1) ? 20 : 10).iterator();
		};
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CodecTrainer(CodecTrainingOptions.defaults()).train(shrinking, 100))
			.withMessageContaining("changed between its two passes");
	}

	@Test
	void lazySampleTrainsTheSameCodecAsAList() {
		SyntheticCorpus corpus = SyntheticCorpus.generate(12, 200, 10, 30, DIM);
		List<TokenVectors> list = corpus.vectors();
		CodecTrainingOptions options = new CodecTrainingOptions(2, 256, 2, 256, 6, 0.05, 50_000, 3, 8);
		ResidualCodec fromList = new CodecTrainer(options).train(list, 10_000);
		ResidualCodec fromIterable = new CodecTrainer(options).train(() -> list.stream().iterator(), 10_000);
		assertThat(fromIterable.quantizedCentroids()).isEqualTo(fromList.quantizedCentroids());
		assertThat(fromIterable.bucketWeights()).isEqualTo(fromList.bucketWeights());
	}

}
