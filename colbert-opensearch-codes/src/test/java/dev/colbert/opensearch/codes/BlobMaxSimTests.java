package dev.colbert.opensearch.codes;

import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.codec.ResidualCodec;
import dev.colbert.testing.ClusteredTokenGenerator;
import dev.colbert.testing.ReferenceMaxSim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What a shard computes: exact MaxSim over a passage's code blob, in plain Java, equals MaxSim over the decompressed
 * vectors computed the slow way (decompress, normalize, dot products).
 */
class BlobMaxSimTests {

	private static final int DIM = 32;

	private final ClusteredTokenGenerator generator = new ClusteredTokenGenerator(11, DIM, 6, 40);

	@Test
	void maxSimOverABlobEqualsMaxSimOverTheDecompressedVectors() {
		for (int nbits : new int[] { 1, 2, 4 }) {
			ResidualCodec codec = codec(nbits);
			for (int q = 0; q < 5; q++) {
				TokenVectors query = this.generator.query(q * 7, 3 + 5 * q, 100 + q);
				BlobMaxSim scorer = new BlobMaxSim(codec, query.data(), query.count());
				for (int d = 0; d < 20; d++) {
					TokenVectors document = this.generator.document(d);
					byte[] blob = blob(codec, document);
					byte[] padded = new byte[blob.length + 7];
					System.arraycopy(blob, 0, padded, 3, blob.length);
					double expected = ReferenceMaxSim.maxSim(query, decompressed(codec, blob));
					assertThat((double) scorer.maxSim("d" + d, padded, 3, blob.length)).as("nbits %d, query %d, doc %d",
							nbits, q, d)
						.isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4 * query.count()));
				}
			}
		}
	}

	/** The compact score matrix grows past its first 1,024 rows and scores only the centroids the passages use. */
	@Test
	void scoresOnlyTheCentroidsThePassagesUseAndGrowsItsMatrixAsNewOnesAppear() {
		Random random = new Random(5);
		int count = 3000;
		float[] centroids = new float[count * DIM];
		for (int i = 0; i < centroids.length; i++) {
			centroids[i] = (float) random.nextGaussian();
		}
		for (int c = 0; c < count; c++) {
			double norm = 0;
			for (int d = 0; d < DIM; d++) {
				norm += centroids[c * DIM + d] * centroids[c * DIM + d];
			}
			for (int d = 0; d < DIM; d++) {
				centroids[c * DIM + d] /= (float) Math.sqrt(norm);
			}
		}
		ResidualCodec codec = ResidualCodec.fromCentroids(DIM, 2, count, 8, centroids,
				new float[] { -0.04f, 0f, 0.04f }, new float[] { -0.06f, -0.02f, 0.02f, 0.06f }, 10_000, 9_000);
		TokenVectors query = this.generator.query(3, 16, 7);
		BlobMaxSim scorer = new BlobMaxSim(codec, query.data(), query.count());
		java.util.Set<Integer> used = new java.util.HashSet<>();
		for (int d = 0; d < 150; d++) {
			TokenVectors document = randomUnitRows(random, 40);
			byte[] blob = blob(codec, document);
			for (int code : CodeBlob.decode(codec, "x", blob, 0, blob.length).codes()) {
				used.add(code);
			}
			assertThat((double) scorer.maxSim("d" + d, blob, 0, blob.length)).as("doc %d", d)
				.isCloseTo(ReferenceMaxSim.maxSim(query, decompressed(codec, blob)),
						org.assertj.core.data.Offset.offset(1e-4 * query.count()));
		}
		assertThat(used.size()).as("distinct centroids of the passages").isGreaterThan(1024).isLessThan(count);
		assertThat(scorer.scoredCentroids()).isEqualTo(used.size());
	}

	private static TokenVectors randomUnitRows(Random random, int n) {
		float[] data = new float[n * DIM];
		for (int j = 0; j < n; j++) {
			double norm = 0;
			for (int d = 0; d < DIM; d++) {
				data[j * DIM + d] = (float) random.nextGaussian();
				norm += data[j * DIM + d] * data[j * DIM + d];
			}
			for (int d = 0; d < DIM; d++) {
				data[j * DIM + d] /= (float) Math.sqrt(norm);
			}
		}
		return TokenVectors.of(data, n, DIM);
	}

	@Test
	void refusesBlobsAndQueriesThatDoNotFitTheCodec() {
		ResidualCodec codec = codec(2);
		TokenVectors query = this.generator.query(1, 4, 1);
		BlobMaxSim scorer = new BlobMaxSim(codec, query.data(), query.count());
		byte[] blob = blob(codec, this.generator.document(1));
		assertThatIllegalStateException().isThrownBy(() -> scorer.maxSim("short", blob, 0, blob.length - 1))
			.withMessageContaining("'short'")
			.withMessageContaining("another codec");
		assertThatIllegalArgumentException().isThrownBy(() -> new BlobMaxSim(codec, new float[DIM * 2 + 1], 2))
			.withMessageContaining("codec's 32 dimensions");
	}

	/** 64 centroids drawn from the generator's documents, nbits-bit buckets around zero. */
	private ResidualCodec codec(int nbits) {
		Random random = new Random(nbits);
		float[] centroids = new float[64 * DIM];
		for (int c = 0; c < 64; c++) {
			TokenVectors source = this.generator.document(1000 + c);
			int row = random.nextInt(source.count());
			System.arraycopy(source.data(), row * DIM, centroids, c * DIM, DIM);
		}
		int buckets = 1 << nbits;
		float[] cutoffs = new float[buckets - 1];
		float[] weights = new float[buckets];
		for (int b = 0; b < buckets; b++) {
			weights[b] = (b - (buckets - 1) / 2f) * 0.08f;
			if (b > 0) {
				cutoffs[b - 1] = (weights[b - 1] + weights[b]) / 2;
			}
		}
		return ResidualCodec.fromCentroids(DIM, nbits, 64, 8, centroids, cutoffs, weights, 1000, 900);
	}

	/** The blob of {@code document}: nearest centroid by brute force, residual, inverse norm. */
	static byte[] blob(ResidualCodec codec, TokenVectors document) {
		int n = document.count();
		int codeBytes = CodeBlob.codeBytes(codec.numCentroids());
		int bpv = codec.bytesPerVector();
		byte[] blob = new byte[n * CodeBlob.bytesPerVector(codec)];
		float[] centroids = codec.centroids();
		for (int j = 0; j < n; j++) {
			int best = 0;
			double bestDot = Double.NEGATIVE_INFINITY;
			for (int c = 0; c < codec.numCentroids(); c++) {
				double dot = 0;
				for (int d = 0; d < DIM; d++) {
					dot += centroids[c * DIM + d] * document.data()[j * DIM + d];
				}
				if (dot > bestDot) {
					bestDot = dot;
					best = c;
				}
			}
			CodeBlob.writeCode(blob, j * codeBytes, best, codeBytes);
			int residualAt = n * codeBytes + j * bpv;
			codec.encodeResidual(document.data(), j * DIM, best, blob, residualAt);
			CodeBlob.writeFloat(blob, n * (codeBytes + bpv) + j * CodeBlob.NORM_BYTES,
					codec.inverseNorm(best, blob, residualAt));
		}
		return blob;
	}

	/** The blob's vectors decompressed and normalized, the slow way. */
	private static TokenVectors decompressed(ResidualCodec codec, byte[] blob) {
		CodeBlob.Decoded decoded = CodeBlob.decode(codec, "x", blob, 0, blob.length);
		float[] data = new float[decoded.length() * DIM];
		for (int j = 0; j < decoded.length(); j++) {
			codec.decompress(decoded.codes()[j], decoded.residuals(), j * codec.bytesPerVector(), data, j * DIM);
			double norm = 0;
			for (int d = 0; d < DIM; d++) {
				norm += data[j * DIM + d] * data[j * DIM + d];
			}
			for (int d = 0; d < DIM; d++) {
				data[j * DIM + d] /= (float) Math.sqrt(norm);
			}
		}
		return TokenVectors.of(data, decoded.length(), DIM);
	}

}
