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
			.withMessageContaining("--mode takes plaid, exhaustive, float, bm25, hybrid-rrf").withMessageContaining("'fast'");
		assertThatIllegalArgumentException().isThrownBy(() -> parse("--mode", "solr:plaid"))
			.withMessageContaining("'solr:plaid'");
		assertThatIllegalArgumentException().isThrownBy(() -> parse("--mode", "embedded:float"))
			.withMessageContaining("float uses no store");
	}


	@Test
	void lexicalAndHybridModesTakeTheirParameters() {
		EvaluationOptions options = parse("--mode", "bm25,plaid,hybrid-rrf,hybrid-sum,hybrid-candidates",
				"--hybrid-candidates", "200", "--rrf-k", "30", "--lexical-weight", "0.3", "--bm25-k1", "1.2", "--bm25-b",
				"0.75", "--analyzer", "standard");
		assertThat(options.modes()).containsExactly("bm25", "plaid", "hybrid-rrf", "hybrid-sum", "hybrid-candidates");
		assertThat(options.usesLexicalIndex()).isTrue();
		assertThat(LexicalBackends.hybridParams("hybrid-sum", options)).satisfies((params) -> {
			assertThat(params.fusion()).isEqualTo(dev.colbert.hybrid.FusionMode.WEIGHTED_SUM);
			assertThat(params.candidates()).isEqualTo(200);
			assertThat(params.rrfK()).isEqualTo(30);
			assertThat(params.lexicalWeight()).isEqualTo(0.3);
		});
		assertThat(options.bm25K1()).isEqualTo(1.2f);
		assertThat(options.bm25B()).isEqualTo(0.75f);
		assertThat(options.analyzer()).isEqualTo("standard");
		EvaluationOptions defaults = parse("--mode", "embedded:bm25", "--store", "opensearch");
		assertThat(defaults.modes()).containsExactly("embedded:bm25");
		assertThat(defaults.hybridCandidates()).isEqualTo(dev.colbert.hybrid.HybridParams.DEFAULT_CANDIDATES);
		assertThat(defaults.rrfK()).isEqualTo(dev.colbert.hybrid.HybridParams.DEFAULT_RRF_K);
		assertThat(defaults.lexicalWeight()).isEqualTo(dev.colbert.hybrid.HybridParams.DEFAULT_LEXICAL_WEIGHT);
		assertThat(defaults.bm25K1()).isEqualTo(0.9f);
		assertThat(defaults.bm25B()).isEqualTo(0.4f);
		assertThat(parse("--mode", "plaid").usesLexicalIndex()).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> parse("--lexical-weight", "2"))
			.withMessageContaining("--lexical-weight must be between 0");
	}

}
