package dev.colbert.eval;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link EvaluationOptions}: modes, optionally qualified by a store, measured in one run.
 */
class EvaluationOptionsTests {

	private static EvaluationOptions parse(String... extra) {
		List<String> args = new java.util.ArrayList<>(List.of("--dataset", "d", "--output", "o.json"));
		args.addAll(List.of(extra));
		return EvaluationOptions.parse(args.toArray(String[]::new));
	}

	@Test
	void unqualifiedModesUseTheStoreOption() {
		EvaluationOptions options = parse("--store", "opensearch", "--mode", "plaid,float");
		assertThat(options.modes()).containsExactly("plaid", "float");
		assertThat(options.storeOf("plaid")).isEqualTo("opensearch");
		assertThat(options.storeOf("float")).isNull();
	}

	@Test
	void aModeQualifiedWithTheOtherStoreMeasuresThatStoreInTheSameRun() {
		EvaluationOptions options = parse("--store", "opensearch", "--mode",
				"opensearch:plaid,Embedded:Exhaustive,float,plaid");
		assertThat(options.modes()).containsExactly("plaid", "embedded:exhaustive", "float");
		assertThat(options.storeOf("embedded:exhaustive")).isEqualTo("embedded");
		assertThat(EvaluationOptions.searchModeOf("embedded:exhaustive")).isEqualTo("exhaustive");
		assertThat(EvaluationOptions.searchModeOf("plaid")).isEqualTo("plaid");
	}

	@Test
	void unknownModesAndStoresAreRefusedWithTheAllowedValues() {
		assertThatIllegalArgumentException().isThrownBy(() -> parse("--mode", "fast"))
			.withMessageContaining("--mode takes plaid, exhaustive or float").withMessageContaining("'fast'");
		assertThatIllegalArgumentException().isThrownBy(() -> parse("--mode", "solr:plaid"))
			.withMessageContaining("'solr:plaid'");
		assertThatIllegalArgumentException().isThrownBy(() -> parse("--mode", "embedded:float"))
			.withMessageContaining("float uses no store");
	}

}
