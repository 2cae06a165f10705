package dev.colbert.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.TestModels;
import dev.colbert.training.data.TrainingDataSource;

/**
 * A tiny random checkpoint and a few training triples whose positives share the query's words.
 */
final class TrainingFixtures {

	/** query, positive, negative. */
	static final List<String[]> TRIPLES = List.of(
			new String[] { "apple orchard harvest", "the apple orchard had a great harvest this autumn",
					"the stock market fell sharply on monday morning" },
			new String[] { "stock market crash", "the stock market fell sharply on monday morning",
					"the apple orchard had a great harvest this autumn" },
			new String[] { "violin concert vienna", "the orchestra played a violin concert in vienna",
					"the football team won the league title" },
			new String[] { "football league title", "the football team won the league title",
					"the orchestra played a violin concert in vienna" });

	private TrainingFixtures() {
	}

	/** A tiny random ColBERT checkpoint (2 layers, hidden 32, dim 8). */
	static Path baseCheckpoint(Path directory) throws IOException {
		return TestModels.writeCheckpoint(directory.resolve("base"), TestModels.colbertSettings(8), 7);
	}

	/**
	 * Sets the checkpoint's dropout probabilities to 0: dropout's random masks are not part of a resumable state, so a
	 * resumed job matches one never stopped only without them.
	 */
	static void disableDropout(Path base) throws IOException {
		Path config = base.resolve("config.json");
		Files.writeString(config, Files.readString(config)
			.replaceAll("\"hidden_dropout_prob\":\\s*[0-9.]+", "\"hidden_dropout_prob\": 0.0")
			.replaceAll("\"attention_probs_dropout_prob\":\\s*[0-9.]+", "\"attention_probs_dropout_prob\": 0.0"));
	}

	/** The triples as a text-triples TSV. */
	static Path textTriples(Path directory) throws IOException {
		StringBuilder tsv = new StringBuilder();
		for (String[] triple : TRIPLES) {
			tsv.append(String.join("\t", triple)).append('\n');
		}
		Path file = directory.resolve("triples.tsv");
		Files.writeString(file, tsv, StandardCharsets.UTF_8);
		return file;
	}

	/** Encoder options for tests: one thread, small batches. */
	static EncoderOptions options() {
		return EncoderOptions.builder().intraOpThreads(1).batchSize(4).build();
	}

	static TrainingJobSpec spec(String baseModel, TrainingDataSource source, TrainingConfig config, Path output) {
		return new TrainingJobSpec(baseModel, options(), source, config, output, 1, 2, false);
	}

}
