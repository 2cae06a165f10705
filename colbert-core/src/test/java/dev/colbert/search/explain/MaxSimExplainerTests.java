package dev.colbert.search.explain;

import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.colbert.encoder.TokenVectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class MaxSimExplainerTests {

	private final MaxSimExplainer explainer = new MaxSimExplainer();

	@Test
	void eachQueryTokenMatchesTheDocumentTokenWithTheLargestDotProduct() {
		// query "red car": tokens [CLS] red car, document "a blue car, red": [CLS] a blue car red [SEP]
		String queryText = "red car";
		TokenVectors query = new TokenVectors(new float[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 }, 3, 3, new int[] { 101, 7, 8 },
				new int[] { -1, 0, 4 }, new int[] { -1, 3, 7 });
		String documentText = "a blue car, red";
		float s = (float) Math.sqrt(0.5);
		TokenVectors document = new TokenVectors(new float[] { 0.8f, 0.6f, 0, // [CLS]
				0, 0, -1, // a
				0, s, s, // blue
				0, 0.6f, 0.8f, // car
				0, 1, 0, // red
				0.6f, 0.8f, 0 }, // [SEP]
				6, 3, new int[] { 101, 9, 10, 8, 7, 102 }, new int[] { -1, 0, 2, 7, 12, -1 },
				new int[] { -1, 1, 6, 10, 15, -1 });

		MaxSimExplanation explanation = this.explainer.explain(query, queryText, document, documentText);

		assertThat(explanation.matches()).hasSize(3);
		TokenMatch cls = explanation.matches().get(0);
		assertThat(cls.query()).isEqualTo(new TokenRef(0, 101, null, -1, -1));
		assertThat(cls.document().index()).isZero();
		assertThat(cls.similarity()).isCloseTo(0.8, within(1e-6));
		TokenMatch red = explanation.matches().get(1);
		assertThat(red.query().text()).isEqualTo("red");
		assertThat(red.document()).isEqualTo(new TokenRef(4, 7, "red", 12, 15));
		assertThat(red.similarity()).isCloseTo(1.0, within(1e-6));
		TokenMatch car = explanation.matches().get(2);
		assertThat(car.query().text()).isEqualTo("car");
		assertThat(car.document()).isEqualTo(new TokenRef(3, 8, "car", 7, 10));
		assertThat(car.similarity()).isCloseTo(0.8, within(1e-6));
		assertThat(explanation.maxSim()).isCloseTo(2.6, within(1e-6));
		assertThat(explanation.score()).isCloseTo(2.6 / 3, within(1e-6));
	}

	@Test
	void maxSimEqualsABruteForceMaxSimOnRandomVectors() {
		Random random = new Random(42);
		int dim = 16;
		TokenVectors query = randomUnitVectors(random, 32, dim);
		TokenVectors document = randomUnitVectors(random, 120, dim);

		MaxSimExplanation explanation = this.explainer.explain(query, null, document, null);

		double expected = 0;
		for (int i = 0; i < query.count(); i++) {
			double best = Double.NEGATIVE_INFINITY;
			int bestRow = -1;
			for (int j = 0; j < document.count(); j++) {
				double dot = 0;
				for (int k = 0; k < dim; k++) {
					dot += (double) query.data()[i * dim + k] * document.data()[j * dim + k];
				}
				if (dot > best) {
					best = dot;
					bestRow = j;
				}
			}
			expected += best;
			assertThat(explanation.matches().get(i).document().index()).as("query token %d", i).isEqualTo(bestRow);
			assertThat(explanation.matches().get(i).similarity()).isCloseTo(best, within(1e-5));
		}
		assertThat(explanation.maxSim()).isCloseTo(expected, within(1e-4));
	}

	@Test
	void tiesGoToTheFirstDocumentToken() {
		TokenVectors query = TokenVectors.of(new float[] { 1, 0 }, 1, 2);
		TokenVectors document = TokenVectors.of(new float[] { 0, 1, 1, 0, 1, 0 }, 3, 2);

		MaxSimExplanation explanation = this.explainer.explain(query, null, document, null);

		assertThat(explanation.matches().get(0).document().index()).isEqualTo(1);
	}

	@Test
	void specialTokensAreNamedThroughTheVocabularyWhenOneIsGiven() {
		MaxSimExplainer named = new MaxSimExplainer((id) -> (id == 101) ? "[CLS]" : "[unused" + id + "]");
		TokenVectors query = new TokenVectors(new float[] { 1, 0 }, 1, 2, new int[] { 101 }, new int[] { -1 },
				new int[] { -1 });
		TokenVectors document = new TokenVectors(new float[] { 1, 0 }, 1, 2, new int[] { 2 }, new int[] { -1 },
				new int[] { -1 });

		MaxSimExplanation explanation = named.explain(query, "q", document, "d");

		assertThat(explanation.matches().get(0).query().text()).isEqualTo("[CLS]");
		assertThat(explanation.matches().get(0).query().inText()).isFalse();
		assertThat(explanation.matches().get(0).document().text()).isEqualTo("[unused2]");
	}

	@Test
	void vectorsWithoutOffsetsExplainWithoutTexts() {
		TokenVectors query = TokenVectors.of(new float[] { 1, 0 }, 1, 2);
		TokenVectors document = TokenVectors.of(new float[] { 0, 1 }, 1, 2);

		MaxSimExplanation explanation = this.explainer.explain(query, "query", document, "document");

		assertThat(explanation.matches().get(0).document()).isEqualTo(new TokenRef(0, -1, null, -1, -1));
		assertThat(explanation.maxSim()).isZero();
	}

	@Test
	void differentDimensionsAreRefused() {
		TokenVectors query = TokenVectors.of(new float[] { 1, 0 }, 1, 2);
		TokenVectors document = TokenVectors.of(new float[] { 1, 0, 0 }, 1, 3);

		assertThatIllegalArgumentException().isThrownBy(() -> this.explainer.explain(query, null, document, null))
			.withMessage("Query vectors have 2 dimensions but document vectors have 3: both must come from the same encoder");
	}

	@Test
	void aDocumentWithoutVectorsIsRefused() {
		TokenVectors query = TokenVectors.of(new float[] { 1, 0 }, 1, 2);
		TokenVectors document = TokenVectors.of(new float[0], 0, 2);

		assertThatIllegalArgumentException().isThrownBy(() -> this.explainer.explain(query, null, document, null))
			.withMessageContaining("no token vectors");
	}

	private static TokenVectors randomUnitVectors(Random random, int count, int dim) {
		float[] data = new float[count * dim];
		for (int i = 0; i < count; i++) {
			double norm = 0;
			for (int k = 0; k < dim; k++) {
				float value = (float) random.nextGaussian();
				data[i * dim + k] = value;
				norm += value * value;
			}
			for (int k = 0; k < dim; k++) {
				data[i * dim + k] /= (float) Math.sqrt(norm);
			}
		}
		return TokenVectors.of(data, count, dim);
	}

}
