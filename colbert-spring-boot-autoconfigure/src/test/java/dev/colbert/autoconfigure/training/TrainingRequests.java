package dev.colbert.autoconfigure.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.context.ApplicationContext;

import dev.colbert.training.TrainingJob;
import dev.colbert.training.TrainingRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** Training requests for tests, built field by field, and the small text-triples data set they train on. */
final class TrainingRequests {

	static final String TRIPLES = """
			apple orchard harvest\tthe apple orchard had a great harvest this autumn\tthe stock market fell sharply
			stock market crash\tthe stock market fell sharply on monday\tthe apple orchard had a great harvest
			violin concert vienna\tthe orchestra played a violin concert in vienna\tthe football team won the league
			football league title\tthe football team won the league title\tthe orchestra played a violin concert
			""";

	private String input;

	private String triples;

	private String folder;

	private String output;

	private String baseModel;

	private Integer steps;

	private Double epochs;

	private Integer batchSize;

	private Integer nway;

	private Integer negatives;

	private TrainingRequests(String input) {
		this.input = input;
	}

	static TrainingRequests textTriples(String path) {
		TrainingRequests request = new TrainingRequests("text-triples");
		request.triples = path;
		return request;
	}

	static TrainingRequests beir(String folder) {
		TrainingRequests request = new TrainingRequests("beir");
		request.folder = folder;
		return request;
	}

	static TrainingRequests pseudoQueries() {
		return new TrainingRequests("pseudo-queries");
	}

	TrainingRequests output(String output) {
		this.output = output;
		return this;
	}

	TrainingRequests baseModel(String baseModel) {
		this.baseModel = baseModel;
		return this;
	}

	TrainingRequests steps(Integer steps) {
		this.steps = steps;
		return this;
	}

	TrainingRequests epochs(Double epochs) {
		this.epochs = epochs;
		return this;
	}

	TrainingRequests batchSize(Integer batchSize) {
		this.batchSize = batchSize;
		return this;
	}

	TrainingRequests nway(Integer nway) {
		this.nway = nway;
		return this;
	}

	TrainingRequests negatives(Integer negatives) {
		this.negatives = negatives;
		return this;
	}

	TrainingRequest build() {
		return new TrainingRequest(this.input, this.triples, null, null, this.folder, null, this.output,
				this.baseModel, null, null, null, this.steps, this.epochs, null, null, this.batchSize, this.nway,
				this.negatives, null, null, 0);
	}

	/** Writes {@link #TRIPLES} to {@code data/triples.tsv}. */
	static void writeTriples(Path data) throws IOException {
		Files.createDirectories(data);
		Files.writeString(data.resolve("triples.tsv"), TRIPLES);
	}

	/** Waits for the current job to end and returns it. */
	static TrainingJob awaitJob(ApplicationContext context) throws InterruptedException {
		TrainingJob job = context.getBean(TrainingRunner.class).current().orElseThrow();
		assertThat(job.awaitCompletion(Duration.ofMinutes(5))).as("job %s ended", job.id()).isTrue();
		return job;
	}

}
