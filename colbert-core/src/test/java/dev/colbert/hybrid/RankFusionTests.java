package dev.colbert.hybrid;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class RankFusionTests {

	private static final List<Ranked> LATE = List.of(new Ranked("a", 30), new Ranked("b", 20), new Ranked("c", 10));

	private static final List<Ranked> LEXICAL = List.of(new Ranked("c", 9), new Ranked("d", 3), new Ranked("a", 1));

	@Test
	void reciprocalRankFusionSumsOneOverKPlusRankScaledToOne() {
		List<Ranked> fused = RankFusion.reciprocalRank(LATE, LEXICAL, 60);
		double max = 2.0 / 61;
		assertThat(fused).extracting(Ranked::id).containsExactly("a", "c", "b", "d");
		assertThat(fused.get(0).score()).isCloseTo((1.0 / 61 + 1.0 / 63) / max, within(1e-12));
		assertThat(fused.get(1).score()).isCloseTo((1.0 / 63 + 1.0 / 61) / max, within(1e-12));
		assertThat(RankFusion.reciprocalRank(List.of(new Ranked("x", 1)), List.of(new Ranked("x", 1)), 60).get(0).score())
			.isCloseTo(1.0, within(1e-12));
	}

	@Test
	void tiesGoToTheBetterLateInteractionRankThenTheBetterBm25Rank() {
		List<Ranked> fused = RankFusion.reciprocalRank(List.of(new Ranked("late", 5)), List.of(new Ranked("bm25", 5)),
				60);
		assertThat(fused).extracting(Ranked::id).containsExactly("late", "bm25");
	}

	@Test
	void weightedSumNormalizesEachRankingToZeroOne() {
		List<Ranked> fused = RankFusion.weightedSum(LATE, LEXICAL, 0.5);
		// late: a 1, b 0.5, c 0; bm25: c 1, d 0.25, a 0
		assertThat(fused).extracting(Ranked::id).containsExactly("a", "c", "b", "d");
		assertThat(fused).extracting(Ranked::score).containsExactly(0.5, 0.5, 0.25, 0.125);
		assertThat(RankFusion.weightedSum(LATE, LEXICAL, 1.0)).extracting(Ranked::id).startsWith("c", "d");
		assertThat(RankFusion.weightedSum(LATE, LEXICAL, 0.0)).extracting(Ranked::id).startsWith("a", "b");
		assertThat(RankFusion.weightedSum(List.of(new Ranked("only", 3)), List.of(), 0.3).get(0).score())
			.isCloseTo(0.7, within(1e-12));
		assertThatIllegalArgumentException().isThrownBy(() -> RankFusion.weightedSum(LATE, LEXICAL, 1.5));
	}

	@Test
	void fusionModesParseTheirNames() {
		assertThat(FusionMode.parse("RRF")).isEqualTo(FusionMode.RRF);
		assertThat(FusionMode.parse("weighted_sum")).isEqualTo(FusionMode.WEIGHTED_SUM);
		assertThat(FusionMode.parse("sum")).isEqualTo(FusionMode.WEIGHTED_SUM);
		assertThat(FusionMode.WEIGHTED_SUM.externalName()).isEqualTo("weighted-sum");
		assertThatIllegalArgumentException().isThrownBy(() -> FusionMode.parse("max"))
			.withMessageContaining("rrf, weighted-sum or candidates");
		assertThatIllegalArgumentException().isThrownBy(() -> HybridParams.of(FusionMode.RRF).withCandidates(0));
	}

}
