package dev.colbert.opensearch.codes;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MaxSimScriptTests {

	@Test
	void queryVectorsTravelAsBase64Float32AndComeBackExactly() {
		float[] query = { 0.5f, -0.25f, 1e-7f, -0f, 3.4e38f, 0.1f };
		Map<String, Object> params = MaxSimScript.params(query, 2, 3, "i-colbert-codec", "abc", "codes");
		assertThat(params).containsEntry(MaxSimScript.QUERY_VECTORS, 2)
			.containsEntry(MaxSimScript.DIM, 3)
			.containsEntry(MaxSimScript.CODEC_INDEX, "i-colbert-codec")
			.containsEntry(MaxSimScript.CODEC_SHA256, "abc")
			.containsEntry(MaxSimScript.FIELD, "codes");
		assertThat(MaxSimScript.decodeQuery((String) params.get(MaxSimScript.QUERY), 2, 3)).containsExactly(query);
		assertThat(MaxSimScript.shardScore(-1.5, 2)).isEqualTo(0.5);
	}

	@Test
	void aQueryOfTheWrongShapeOrWithNonFiniteValuesIsRefused() {
		String encoded = MaxSimScript.encodeQuery(new float[] { 1, 2, 3, 4 }, 2, 2);
		assertThatIllegalArgumentException().isThrownBy(() -> MaxSimScript.decodeQuery(encoded, 1, 2))
			.withMessageContaining("16 bytes, not 1 x 2 float32");
		assertThatIllegalArgumentException().isThrownBy(() -> MaxSimScript.decodeQuery(encoded, 0, 2))
			.withMessageContaining("expected 1 to 1024 vectors");
		String nan = MaxSimScript.encodeQuery(new float[] { 1, Float.NaN }, 1, 2);
		assertThatIllegalArgumentException().isThrownBy(() -> MaxSimScript.decodeQuery(nan, 1, 2))
			.withMessageContaining("coordinate 1 is NaN");
	}

}
