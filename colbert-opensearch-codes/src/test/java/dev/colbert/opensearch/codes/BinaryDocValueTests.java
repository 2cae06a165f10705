package dev.colbert.opensearch.codes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class BinaryDocValueTests {

	@Test
	void findsTheOneValueAfterItsCountAndLength() {
		byte[] value = new byte[300];
		value[0] = 42;
		value[299] = 7;
		// 300 = 0b10_0101100: vint 0xAC 0x02
		byte[] stored = new byte[2 + 3 + 300];
		stored[2] = 1;
		stored[3] = (byte) 0xAC;
		stored[4] = 0x02;
		System.arraycopy(value, 0, stored, 5, 300);
		BinaryDocValue.Range range = BinaryDocValue.single(stored, 2, stored.length - 2);
		assertThat(range.offset()).isEqualTo(5);
		assertThat(range.length()).isEqualTo(300);
		assertThat(stored[range.offset()]).isEqualTo((byte) 42);
		assertThat(stored[range.offset() + range.length() - 1]).isEqualTo((byte) 7);
	}

	@Test
	void refusesAnythingButExactlyOneCompleteValue() {
		assertThatIllegalStateException().isThrownBy(() -> BinaryDocValue.single(new byte[] { 2, 1, 9, 1, 9 }, 0, 5))
			.withMessageContaining("2 values, expected 1");
		assertThatIllegalStateException().isThrownBy(() -> BinaryDocValue.single(new byte[] { 1, 5, 9 }, 0, 3))
			.withMessageContaining("declares 5 bytes but holds 1");
		assertThatIllegalStateException().isThrownBy(() -> BinaryDocValue.single(new byte[] { 1, (byte) 0x80 }, 0, 2))
			.withMessageContaining("ends inside a length");
	}

}
