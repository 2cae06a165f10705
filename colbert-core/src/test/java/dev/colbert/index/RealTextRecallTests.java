package dev.colbert.index;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.search.SearchParams;
import dev.colbert.testing.ReferenceMaxSim;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PLAID against exhaustive MaxSim on real encoded text: 133 passages of United States founding documents (public
 * domain, {@code founding-documents.txt}) and 40 questions, encoded by the embedded default model (bge-small-en-v1.5,
 * from the model jar on the test classpath; no network).
 */
class RealTextRecallTests {

	static final String MODEL = "embedded:bge-small-en-v1.5";

	static final List<String> QUESTIONS = List.of("Who has the power to declare war?",
			"How old must a senator be?", "What is the minimum age to be President?",
			"Can soldiers be quartered in private houses in peacetime?", "right to keep and bear arms",
			"freedom of speech and of the press", "protection against unreasonable searches and seizures",
			"Who presides when the President is impeached?", "How many witnesses are needed to convict of treason?",
			"Which house originates bills for raising revenue?", "How can the Constitution be amended?",
			"When does the term of the President end?", "Who can vote at eighteen?", "income tax without apportionment",
			"prohibition of intoxicating liquors", "repeal of prohibition", "How many times can a President be elected?",
			"abolition of slavery", "equal protection of the laws", "women's right to vote",
			"What happens if the President dies or resigns?", "poll tax in federal elections",
			"Who commands the army and navy?", "who makes treaties with foreign nations",
			"the king imposed taxes without consent", "trial by jury was denied to the colonists",
			"the king kept standing armies in times of peace", "life liberty and the pursuit of happiness",
			"governments derive their powers from the consent of the governed",
			"pledge our lives, fortunes and sacred honor", "a new nation conceived in liberty",
			"government of the people, by the people, for the people", "the honored dead of the battlefield",
			"patents and copyrights for authors and inventors", "coining money and weights and measures",
			"post offices and post roads", "habeas corpus suspended in rebellion", "no titles of nobility",
			"cruel and unusual punishment", "double jeopardy and self-incrimination");

	static ColbertEncoder encoder;

	static List<String> passages;

	static List<TokenVectors> documentVectors;

	static List<TokenVectors> queryVectors;

	@TempDir
	Path dir;

	@BeforeAll
	static void encode() {
		passages = FoundingDocuments.passages();
		encoder = ColbertEncoders.load(MODEL, EncoderOptions.defaults());
		documentVectors = encoder.encodeDocuments(passages);
		queryVectors = QUESTIONS.stream().map(encoder::encodeQuery).toList();
	}

	@AfterAll
	static void close() {
		if (encoder != null) {
			encoder.close();
		}
	}

	/**
	 * The index is built the way an application fills it, ten passages per commit (adaptive training retrains the
	 * codec as it grows). With the reference parameters for k = 10 (ncells 1, threshold 0.5, ndocs 256) stage 1 is
	 * skipped on a collection this small (ndocs covers all 133 passages), but stages 2 and 3 still prune: only
	 * ndocs / 4 = 64 passages are scored exactly. A second configuration (ndocs 128) makes stage 1 prune too; it scores
	 * 32 passages exactly, half the reference's 64, so its recall is reported and only checked loosely.
	 */
	@Test
	void plaidTop10MatchesExhaustiveMaxSimOnRealText() {
		IndexSettings settings = IndexSettings.defaults();
		try (ColbertIndex index = ColbertIndex.open(this.dir, settings, encoder.info().fingerprint(),
				encoder.info().dim())) {
			for (int from = 0; from < passages.size(); from += 10) {
				List<IndexDocument> batch = new ArrayList<>();
				for (int i = from; i < Math.min(passages.size(), from + 10); i++) {
					batch.add(new IndexDocument("p" + i, passages.get(i), Map.of("line", i), documentVectors.get(i)));
				}
				index.add(batch);
				index.commit();
			}
			IndexStats stats = index.stats();
			assertThat(stats.documents()).isEqualTo(passages.size());
			assertThat(stats.codecPlannedVectors()).isGreaterThanOrEqualTo(stats.tokenVectors() / 2);

			Recall reference = recall(index, SearchParams.forK(10));
			Recall pruned = recall(index, SearchParams.forK(10).withNdocs(128));
			int agreeWithFloat = 0;
			for (TokenVectors query : queryVectors) {
				Set<String> exhaustive = ids(index.search(query, SearchParams.exhaustive(10)));
				agreeWithFloat += (int) exactTop10(query).stream().filter(exhaustive::contains).count();
			}
			double compressedVsFloat = agreeWithFloat / (10.0 * queryVectors.size());
			System.out.printf("Real text: %d passages, %d token vectors, %d centroids; PLAID recall@10 vs exhaustive: "
					+ "reference parameters %.4f (%d exactly scored), ndocs 128 %.4f (mean %d stage-1 candidates, %d "
					+ "exactly scored); 2-bit exhaustive top 10 vs uncompressed float top 10 %.3f%n", stats.documents(),
					stats.tokenVectors(), stats.centroids(), reference.recall(), reference.exactlyScored(),
					pruned.recall(), pruned.candidates(), pruned.exactlyScored(), compressedVsFloat);
			assertThat(reference.exactlyScored()).isLessThanOrEqualTo(64);
			assertThat(reference.recall()).isGreaterThanOrEqualTo(0.99);
			// stage 1 really pruned in the second configuration
			assertThat(pruned.candidates()).isLessThan(passages.size());
			assertThat(pruned.recall()).isGreaterThanOrEqualTo(0.9);
			// compression keeps the ranking of the uncompressed vectors closely
			assertThat(compressedVsFloat).isGreaterThanOrEqualTo(0.85);
		}
	}

	private static Recall recall(ColbertIndex index, SearchParams params) {
		int found = 0;
		long candidates = 0;
		long exactlyScored = 0;
		for (TokenVectors query : queryVectors) {
			SearchResponse response = index.searchWithTrace(query, params, null);
			candidates += response.trace().candidates();
			exactlyScored += response.trace().exactlyScored();
			Set<String> exhaustive = ids(index.search(query, SearchParams.exhaustive(10)));
			found += (int) response.hits().stream().filter((hit) -> exhaustive.contains(hit.id())).count();
		}
		int n = queryVectors.size();
		return new Recall(found / (10.0 * n), (int) (candidates / n), (int) (exactlyScored / n));
	}

	record Recall(double recall, int candidates, int exactlyScored) {
	}

	@Test
	void questionsFindTheirPassage() {
		try (ColbertIndex index = ColbertIndex.open(this.dir, IndexSettings.defaults(), encoder.info().fingerprint(),
				encoder.info().dim())) {
			List<IndexDocument> documents = IntStream.range(0, passages.size())
				.mapToObj((i) -> new IndexDocument("p" + i, passages.get(i), Map.of(), documentVectors.get(i)))
				.toList();
			index.add(documents);
			index.commit();
			Map<String, String> expected = Map.of("How old must a senator be?", "attained to the Age of thirty Years",
					"Who commands the army and navy?", "Commander in Chief", "prohibition of intoxicating liquors",
					"intoxicating liquors within", "a new nation conceived in liberty", "Four score and seven years ago");
			for (Map.Entry<String, String> entry : expected.entrySet()) {
				List<SearchHit> hits = index.search(encoder.encodeQuery(entry.getKey()), SearchParams.forK(3));
				assertThat(hits).as(entry.getKey()).extracting(SearchHit::text)
					.anySatisfy((text) -> assertThat(text).contains(entry.getValue()));
			}
		}
	}

	private static List<String> exactTop10(TokenVectors query) {
		return ReferenceMaxSim.ranking(query, documentVectors)
			.stream()
			.limit(10)
			.map((i) -> "p" + i)
			.collect(Collectors.toList());
	}

	private static Set<String> ids(List<SearchHit> hits) {
		return new HashSet<>(hits.stream().map(SearchHit::id).toList());
	}

}
