package dev.colbert.encoder.onnx;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.ModelSource;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.FoundingDocuments;
import dev.colbert.testing.ReferenceMaxSim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * The shipped trained model, {@code embedded:colbert-bge-small}: its head passes its checksum and loads on the
 * bge-small backbone of the model jar (no network) as a dim-128 asymmetric encoder with a fingerprint of its own, and
 * it finds the answers to questions about text it was never trained on (passages of United States founding
 * documents, public domain, shared with the index tests).
 */
class ColbertBgeSmallTests {

	/** Questions and a phrase found only in the passage that answers each (worded unlike the question where possible). */
	static final Map<String, String> ANSWERS = answers();

	static ColbertEncoder encoder;

	static List<String> passages;

	@BeforeAll
	static void load() {
		passages = FoundingDocuments.passages();
		encoder = ColbertEncoders.load("embedded:colbert-bge-small", EncoderOptions.defaults());
	}

	@AfterAll
	static void close() {
		if (encoder != null) {
			encoder.close();
		}
	}

	@Test
	void loadsAsADim128EncoderWithItsOwnFingerprint() {
		assertThat(encoder.info().source()).isEqualTo("embedded:colbert-bge-small");
		assertThat(encoder.info().dim()).isEqualTo(128);
		assertThat(encoder.info().backbone()).startsWith("BAAI/bge-small-en-v1.5");
		assertThat(encoder.info().queryAugmentation()).isFalse();
		assertThat(encoder.info().queryMaxLength()).isEqualTo(128);
		try (ColbertEncoder raw = ColbertEncoders.load(ModelSource.DEFAULT, EncoderOptions.defaults())) {
			assertThat(encoder.info().fingerprint()).isNotEqualTo(raw.info().fingerprint());
		}
		TokenVectors query = encoder.encodeQuery("Who has the power to declare war?");
		assertThat(query.dim()).isEqualTo(128);
		for (int i = 0; i < query.count(); i++) {
			assertThat(norm(query, i)).isCloseTo(1.0, offset(1e-3));
		}
	}

	@Test
	void queriesAndDocumentsGoThroughTheirOwnTowers() {
		String text = "No Person shall be a Senator who shall not have attained to the Age of thirty Years";
		TokenVectors asQuery = encoder.encodeQuery(text);
		TokenVectors asDocument = encoder.encodeDocuments(List.of(text)).get(0);
		assertThat(asQuery.count()).isEqualTo(asDocument.count());
		float[] queryFirst = asQuery.vector(0);
		float[] documentFirst = asDocument.vector(0);
		double cosine = 0;
		for (int d = 0; d < queryFirst.length; d++) {
			cosine += queryFirst[d] * documentFirst[d];
		}
		assertThat(cosine).as("the same text's first vector from both towers").isLessThan(0.999);
	}

	@Test
	void findsTheAnswerPassagesOfTextItWasNotTrainedOn() {
		List<TokenVectors> documents = encoder.encodeDocuments(passages);
		int first = 0;
		for (Map.Entry<String, String> entry : ANSWERS.entrySet()) {
			int answer = answerOf(entry.getValue());
			TokenVectors query = encoder.encodeQuery(entry.getKey());
			List<Integer> ranking = ReferenceMaxSim.ranking(query, documents);
			assertThat(ranking.subList(0, 3)).as(entry.getKey()).contains(answer);
			first += (ranking.get(0) == answer) ? 1 : 0;
		}
		assertThat(first).as("answers ranked first").isGreaterThanOrEqualTo(ANSWERS.size() - 2);
	}

	private static int answerOf(String phrase) {
		List<Integer> matches = IntStream.range(0, passages.size())
			.filter((i) -> passages.get(i).contains(phrase))
			.boxed()
			.toList();
		assertThat(matches).as(phrase).hasSize(1);
		return matches.get(0);
	}

	private static double norm(TokenVectors vectors, int row) {
		double sum = 0;
		for (float value : vectors.vector(row)) {
			sum += value * value;
		}
		return Math.sqrt(sum);
	}

	private static Map<String, String> answers() {
		Map<String, String> answers = new LinkedHashMap<>();
		answers.put("How old must a senator be?", "thirty Years");
		answers.put("What is the minimum age to be President?", "thirty five Years");
		answers.put("Which branch can start a war?", "declare War");
		answers.put("How many people must testify to convict someone of treason?", "two Witnesses");
		answers.put("Can citizens own guns?", "keep and bear Arms");
		answers.put("When did women get the right to vote?", "on account of sex");
		answers.put("Which amendment ended the ban on alcohol?", "hereby repealed");
		answers.put("Who can vote at eighteen?", "eighteen years of age");
		answers.put("Are harsh punishments and excessive bail allowed?", "cruel and unusual");
		answers.put("When may habeas corpus be suspended?", "Habeas Corpus");
		return answers;
	}

}
