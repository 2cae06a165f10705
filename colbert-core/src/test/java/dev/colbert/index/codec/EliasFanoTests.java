package dev.colbert.index.codec;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EliasFanoTests {

	@Test
	void roundTripsSortedValuesWithDuplicatesForManyShapes() {
		Random random = new Random(7);
		int[] universes = { 1, 2, 3, 17, 256, 8192, 32768, 131072 };
		for (int universe : universes) {
			for (int n : new int[] { 0, 1, 2, 5, 31, 100, 300, 1000 }) {
				int[] values = new int[n];
				for (int i = 0; i < n; i++) {
					values[i] = random.nextInt(universe);
				}
				Arrays.sort(values);
				BitWriter writer = new BitWriter(16);
				writer.write(0b101, 3); // a document before this one
				writer.alignToByte();
				EliasFano.encode(values, 0, n, universe, writer);
				byte[] bytes = writer.toByteArray();
				assertThat(bytes.length).isEqualTo(1 + EliasFano.byteSize(n, universe));
				int[] decoded = new int[n + 2];
				assertThat(EliasFano.decode(bytes, 1, n, universe, decoded, 1)).isTrue();
				assertThat(Arrays.copyOfRange(decoded, 1, n + 1)).as("universe %d n %d", universe, n).isEqualTo(values);
			}
		}
	}

	@Test
	void sizeIsAboutTwoPlusLogOfDensityBitsPerValue() {
		// 100 vectors per document over 32,768 centroids: L = 8, 100 + 128 + 1 high bits, 800 low bits
		assertThat(EliasFano.lowBits(100, 32768)).isEqualTo(8);
		assertThat(EliasFano.byteSize(100, 32768)).isEqualTo((800 + 100 + 128 + 1 + 7) / 8);
		assertThat(EliasFano.byteSize(100, 8192) * 8.0 / 100).isLessThan(8.4);
	}

	@Test
	void detectsInconsistentBits() {
		int[] values = { 3, 9, 9, 200 };
		BitWriter writer = new BitWriter(16);
		EliasFano.encode(values, 0, values.length, 256, writer);
		byte[] bytes = writer.toByteArray();
		byte[] zeroed = new byte[bytes.length];
		assertThat(EliasFano.decode(zeroed, 0, values.length, 256, new int[4], 0)).isFalse();
	}

}
