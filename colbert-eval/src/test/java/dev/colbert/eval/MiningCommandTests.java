package dev.colbert.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.testing.ReferenceMaxSim;
import dev.colbert.training.TrainingExample;
import dev.colbert.training.data.ColbertTriplesSource;
import dev.colbert.training.data.MiningContext;
import dev.colbert.training.data.TextFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code bin/colbert-mine}: PLAID-mined negatives that exclude positives and excluded passages, exact float MaxSim
 * teacher scores, a file {@code bin/colbert-train --triples} reads, and a rerun that continues where a crash stopped.
 */
class MiningCommandTests {

	private static final String MODEL = "embedded:bge-small-en-v1.5";

	private static final String[] TOPICS = { "apple orchard harvest", "stock market crash", "violin concert",
			"football league title", "valley flood rain", "village bakery bread", "mountain glacier melting",
			"railway station timetable", "chess tournament opening", "coral reef fishes" };

	private static ColbertEncoder encoder;

	@TempDir
	Path directory;

	@BeforeAll
	static void loadModel() {
		encoder = ColbertEncoders.load(MODEL, EncoderOptions.builder().intraOpThreads(1).build());
	}

	@AfterAll
	static void closeModel() {
		encoder.close();
	}

	@Test
	void minesPlaidNegativesWithExactTeacherScoresThatTheTrainerReads() throws IOException {
		Path beir = writeBeir(this.directory.resolve("beir"));
		Path output = this.directory.resolve("triples.jsonl");
		Files.writeString(this.directory.resolve("exclude.txt"), "d0-1\nd2-1\n");
		MiningCommand.run(options(beir, output));

		List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
		assertThat(lines).hasSize(TOPICS.length);
		Map<String, String> texts = TextFiles.readCollection(beir.resolve("corpus.jsonl"));
		Map<String, String> queries = TextFiles.readQueries(beir.resolve("queries.jsonl"));
		for (String line : lines) {
			JsonArray row = JsonParser.parseString(line).getAsJsonArray();
			String queryId = row.get(0).getAsString();
			String positive = "d" + queryId.substring(1) + "-0";
			assertThat(row.get(1).getAsJsonArray().get(0).getAsString()).isEqualTo(positive);
			assertThat(row.size()).isEqualTo(1 + 1 + 4);
			TokenVectors query = encoder.encodeQuery(queries.get(queryId));
			for (int i = 1; i < row.size(); i++) {
				JsonArray entry = row.get(i).getAsJsonArray();
				String id = entry.get(0).getAsString();
				if (i > 1) {
					assertThat(id).isNotEqualTo(positive).isNotIn("d0-1", "d2-1");
				}
				TokenVectors document = encoder.encodeDocuments(List.of(texts.get(id))).get(0);
				assertThat(entry.get(1).getAsDouble()).as("teacher score of %s for %s", id, queryId)
					.isCloseTo(ReferenceMaxSim.maxSim(query, document), within(1e-3));
			}
		}
		List<TrainingExample> examples = new ColbertTriplesSource(output, beir.resolve("queries.jsonl"),
				beir.resolve("corpus.jsonl")).load(MiningContext.none());
		assertThat(examples).hasSize(TOPICS.length);
		assertThat(examples.get(0).teacherScores()).hasSize(5);
		assertThat(Files.readString(this.directory.resolve("triples.jsonl.summary.json"))).contains("queries_per_second");
	}

	@Test
	void aRerunSkipsMinedQueriesAndRedoesALineCutShortByACrash() throws IOException {
		Path beir = writeBeir(this.directory.resolve("beir"));
		Path output = this.directory.resolve("triples.jsonl");
		Files.writeString(this.directory.resolve("exclude.txt"), "");
		MiningCommand.run(options(beir, output));
		List<String> complete = Files.readAllLines(output, StandardCharsets.UTF_8);
		String cut = String.join("\n", complete.subList(0, 3)) + "\n" + complete.get(3).substring(0, 20);
		Files.writeString(output, cut);

		assertThat(MiningCommand.alreadyMined(output)).hasSize(3);
		assertThat(Files.readString(output)).endsWith("\n");
		MiningCommand.run(options(beir, output));
		List<String> resumed = Files.readAllLines(output, StandardCharsets.UTF_8);
		assertThat(resumed).hasSize(complete.size()).containsExactlyInAnyOrderElementsOf(complete);
		MiningCommand.run(options(beir, output));
		assertThat(Files.readAllLines(output, StandardCharsets.UTF_8)).hasSize(complete.size());
	}

	private Map<String, String> options(Path beir, Path output) {
		Map<String, String> options = new LinkedHashMap<>();
		options.put("beir", beir.toString());
		options.put("output", output.toString());
		options.put("depth", "4");
		options.put("batch", "3");
		options.put("threads", "2");
		options.put("exclude-docs", this.directory.resolve("exclude.txt").toString());
		options.put("cache-dir", this.directory.resolve("cache").toString());
		options.put("index-dir", this.directory.resolve("index").toString());
		return options;
	}

	/** Three passages per topic (d{topic}-{0,1,2}); query q{topic} asks about its topic, d{topic}-0 is relevant. */
	private static Path writeBeir(Path folder) throws IOException {
		Files.createDirectories(folder.resolve("qrels"));
		StringBuilder corpus = new StringBuilder();
		StringBuilder queries = new StringBuilder();
		StringBuilder qrels = new StringBuilder("query-id\tcorpus-id\tscore\n");
		Map<Integer, String> kinds = new HashMap<>(Map.of(0, "A report on the %s, with the figures of this year.", 1,
				"Old notes about the %s and what people said of it.", 2, "A short story where the %s plays a part."));
		for (int t = 0; t < TOPICS.length; t++) {
			for (int k = 0; k < 3; k++) {
				corpus.append("{\"_id\": \"d").append(t).append('-').append(k).append("\", \"title\": \"\", \"text\": \"")
					.append(String.format(kinds.get(k), TOPICS[t])).append("\"}\n");
			}
			queries.append("{\"_id\": \"q").append(t).append("\", \"text\": \"figures of the ").append(TOPICS[t])
				.append("\"}\n");
			qrels.append('q').append(t).append("\td").append(t).append("-0\t1\n");
		}
		Files.writeString(folder.resolve("corpus.jsonl"), corpus);
		Files.writeString(folder.resolve("queries.jsonl"), queries);
		Files.writeString(folder.resolve("qrels").resolve("train.tsv"), qrels);
		return folder;
	}

}
