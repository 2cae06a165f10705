package dev.colbert.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.testing.ReferenceMaxSim;
import dev.colbert.training.data.ColbertTriplesSource;
import dev.colbert.training.data.TextTriplesSource;
import dev.colbert.training.data.TrainingDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tiny random model trained on four triples with each loss: the loss falls, and afterwards the written checkpoint
 * ranks every training positive above its negative (the random model does not).
 */
class TrainingLossesTests {

	@TempDir
	Path directory;

	@ParameterizedTest
	@EnumSource(LossType.class)
	void lossFallsAndTrainingPairsAreRankedRight(LossType loss) throws IOException {
		Path base = TrainingFixtures.baseCheckpoint(this.directory);
		TrainingDataSource source = (loss == LossType.KL_DISTILLATION) ? scoredTriples() : new TextTriplesSource(
				TrainingFixtures.textTriples(this.directory));
		TrainingConfig config = TrainingConfig.builder()
			.loss(loss)
			.inBatchNegatives(loss == LossType.NWAY_CROSS_ENTROPY)
			.trainableLayers(TrainableLayers.all())
			.learningRate(2e-3)
			.warmupSteps(2)
			.totalSteps(60)
			.batchSize(4)
			.nway(2)
			.checkpointEverySteps(0)
			.build();
		assertThat(wronglyRanked(base)).as("the random model ranks some pair wrong").isGreaterThan(0);
		RecordingProgress progress = new RecordingProgress();
		Path checkpoint = ColbertTrainer.train(
				TrainingFixtures.spec(base.toString(), source, config, this.directory.resolve("out")), progress);
		assertThat(progress.losses).hasSize(60);
		// single batches are noisy (sampled negatives, in-batch negatives): compare means of 10 steps
		double first = progress.meanLoss(0, 10);
		double last = progress.meanLoss(50, 60);
		assertThat(last).as("mean loss of the last 10 steps vs the first 10 (%s)", progress.losses)
			.isLessThan(first * 0.6);
		assertThat(wronglyRanked(checkpoint)).as("training pairs ranked wrong after training").isZero();
	}

	/** How many training triples the model at {@code folder} ranks wrong (negative >= positive). */
	private static int wronglyRanked(Path folder) {
		int wrong = 0;
		try (ColbertEncoder encoder = ColbertEncoders.load(folder.toString(), TrainingFixtures.options())) {
			for (String[] triple : TrainingFixtures.TRIPLES) {
				var query = encoder.encodeQuery(triple[0]);
				var documents = encoder.encodeDocuments(java.util.List.of(triple[1], triple[2]));
				if (ReferenceMaxSim.maxSim(query, documents.get(1)) >= ReferenceMaxSim.maxSim(query,
						documents.get(0))) {
					wrong++;
				}
			}
		}
		return wrong;
	}

	/** The triples as ColBERT JSONL with teacher scores (positive 10, negative 0), queries and collection TSV. */
	private TrainingDataSource scoredTriples() throws IOException {
		StringBuilder queries = new StringBuilder();
		StringBuilder collection = new StringBuilder();
		StringBuilder triples = new StringBuilder();
		java.util.Map<String, Integer> pids = new java.util.LinkedHashMap<>();
		for (int q = 0; q < TrainingFixtures.TRIPLES.size(); q++) {
			String[] triple = TrainingFixtures.TRIPLES.get(q);
			queries.append(q).append('\t').append(triple[0]).append('\n');
			int positive = pids.computeIfAbsent(triple[1], (text) -> pids.size());
			int negative = pids.computeIfAbsent(triple[2], (text) -> pids.size());
			triples.append("[").append(q).append(", [").append(positive).append(", 10.0], [").append(negative)
				.append(", 0.0]]\n");
		}
		pids.forEach((text, pid) -> collection.append(pid).append('\t').append(text).append('\n'));
		Path queriesFile = Files.writeString(this.directory.resolve("queries.tsv"), queries, StandardCharsets.UTF_8);
		Path collectionFile = Files.writeString(this.directory.resolve("collection.tsv"), collection,
				StandardCharsets.UTF_8);
		Path triplesFile = Files.writeString(this.directory.resolve("triples.jsonl"), triples,
				StandardCharsets.UTF_8);
		return new ColbertTriplesSource(triplesFile, queriesFile, collectionFile);
	}

}
