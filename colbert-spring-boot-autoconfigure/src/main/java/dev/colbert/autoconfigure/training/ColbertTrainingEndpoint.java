package dev.colbert.autoconfigure.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import dev.colbert.autoconfigure.swap.LiveModelSwapper;
import dev.colbert.training.DataDirectory;
import dev.colbert.training.TrainingJob;
import dev.colbert.training.TrainingJobConflictException;
import dev.colbert.training.TrainingJobSpec;
import dev.colbert.training.TrainingRunner;
import dev.colbert.training.TrainingState;
import dev.colbert.training.TrainingStatus;

/**
 * The {@code colberttraining} actuator endpoint: {@code GET} shows the current or last training job, {@code POST}
 * starts one (one at a time: a second start while a job runs is answered with 409 Conflict), {@code DELETE} cancels
 * the running job (it stops at its next step and keeps a resumable state).
 *
 * <p>Model swaps (embedded store only): a start request with {@code "swap": true} swaps the trained checkpoint into
 * the running application when training succeeds, and {@code POST /actuator/colberttraining/swap} with
 * {@code {"checkpoint": "<folder>"}} swaps in an existing checkpoint (a job of its own, followed and cancelled like a
 * training job). The index is re-encoded with the new model in the background, with progress in the status, while the
 * current model serves; see {@link LiveModelSwapper}.
 *
 * <p>Write and delete operations start and stop CPU-heavy jobs that read files. They are off unless the application
 * opts in with {@code management.endpoint.colberttraining.access=unrestricted} (the endpoint's default access is
 * read-only, so exposing it only shows the status); secure them before opting in (see
 * {@link ColbertTrainingProperties}).
 */
@Endpoint(id = "colberttraining", defaultAccess = Access.READ_ONLY)
public class ColbertTrainingEndpoint {

	static final int STATUS_CONFLICT = 409;

	private final TrainingRunner runner;

	private final ColbertTrainingProperties properties;

	private final DataDirectory data;

	private final DataDirectory outputs;

	private final String defaultBaseModel;

	private final LiveModelSwapper swapper;

	/**
	 * @param runner runs the jobs
	 * @param properties the training settings
	 * @param defaultBaseModel the model a job starts from when neither the request nor the settings name one
	 * @param swapper swaps checkpoints into the running application
	 */
	public ColbertTrainingEndpoint(TrainingRunner runner, ColbertTrainingProperties properties,
			String defaultBaseModel, LiveModelSwapper swapper) {
		this.runner = runner;
		this.properties = properties;
		this.data = new DataDirectory(properties.getDataDir(), ColbertTrainingProperties.PREFIX + ".data-dir");
		this.outputs = new DataDirectory(properties.getOutputDir(), ColbertTrainingProperties.PREFIX + ".output-dir");
		this.defaultBaseModel = defaultBaseModel;
		this.swapper = swapper;
	}

	/**
	 * The current or last job; {@code state} is {@code IDLE} before the first one. {@code serving} names the model and
	 * index that serve now.
	 */
	@ReadOperation
	public Map<String, Object> status() {
		Map<String, Object> body = this.runner.current()
			.map((job) -> describe(job.status()))
			.orElseGet(ColbertTrainingEndpoint::idle);
		body.put("serving", this.swapper.serving());
		return body;
	}

	/**
	 * Starts a job from the request body (see {@link TrainingRequest} for the fields).
	 * @return 200 with the job's status; 400 with {@code error} for an invalid request or a path outside the data
	 * directory; 409 with {@code error} while another job runs
	 */
	@WriteOperation
	public WebEndpointResponse<Map<String, Object>> start(String input, @Nullable String triples,
			@Nullable String queries, @Nullable String collection, @Nullable String folder, @Nullable String split,
			@Nullable String output, @Nullable String baseModel, @Nullable String loss, @Nullable String layers,
			@Nullable Integer dim, @Nullable Integer steps, @Nullable Double epochs, @Nullable Double learningRate,
			@Nullable Integer warmupSteps, @Nullable Integer batchSize, @Nullable Integer nway,
			@Nullable Integer negatives, @Nullable Long seed, @Nullable Integer documentMaxLength,
			@Nullable Integer evaluationExamples, @Nullable Boolean swap) {
		TrainingRequest request = new TrainingRequest(input, triples, queries, collection, folder, split, output,
				baseModel, loss, layers, dim, steps, epochs, learningRate, warmupSteps, batchSize, nway, negatives,
				seed, documentMaxLength, evaluationExamples);
		return start(request, Boolean.TRUE.equals(swap));
	}

	WebEndpointResponse<Map<String, Object>> start(TrainingRequest request) {
		return start(request, false);
	}

	/**
	 * Starts a training job.
	 * @param swap whether to swap the trained checkpoint into the running application
	 */
	WebEndpointResponse<Map<String, Object>> start(TrainingRequest request, boolean swap) {
		Optional<TrainingJob> running = this.runner.current().filter((job) -> !job.state().isFinished());
		if (running.isPresent()) {
			return conflict(running.get());
		}
		String unsupported = this.swapper.unsupportedReason();
		if (swap && unsupported != null) {
			return error(WebEndpointResponse.STATUS_BAD_REQUEST, "swap: " + unsupported);
		}
		TrainingJobSpec spec;
		try {
			spec = request.toSpec(this.properties, this.data, this.outputs, this.defaultBaseModel,
					new StoredCollection(this.swapper.store()));
		}
		catch (IllegalArgumentException ex) {
			return error(WebEndpointResponse.STATUS_BAD_REQUEST, ex.getMessage());
		}
		try {
			TrainingJob job = this.runner.start(spec, swap ? List.of(this.swapper.followUp()) : List.of());
			return new WebEndpointResponse<>(describe(job.status()), WebEndpointResponse.STATUS_OK);
		}
		catch (TrainingJobConflictException ex) {
			return error(STATUS_CONFLICT, ex.getMessage());
		}
	}

	/**
	 * Swaps an existing checkpoint into the running application ({@code POST /actuator/colberttraining/swap}): a job of
	 * its own that re-encodes the index with the checkpoint's model while the current model serves.
	 * @param action must be {@code swap}
	 * @param checkpoint the checkpoint folder, relative to {@code colbert.training.output-dir} (for example
	 * {@code job-20250101-120000/checkpoint}) or else to {@code colbert.training.data-dir}
	 * @return 200 with the job's status; 400 with {@code error} when swaps are not supported (OpenSearch) or the
	 * folder is missing or outside both directories; 404 for another action; 409 while another job runs
	 */
	@WriteOperation
	public WebEndpointResponse<Map<String, Object>> swap(@Selector String action, String checkpoint) {
		if (!"swap".equals(action)) {
			return error(WebEndpointResponse.STATUS_NOT_FOUND, "unknown operation '" + action + "': POST "
					+ "/actuator/colberttraining/swap with {\"checkpoint\": \"<folder>\"} swaps a checkpoint in");
		}
		Optional<TrainingJob> running = this.runner.current().filter((job) -> !job.state().isFinished());
		if (running.isPresent()) {
			return conflict(running.get());
		}
		String unsupported = this.swapper.unsupportedReason();
		if (unsupported != null) {
			return error(WebEndpointResponse.STATUS_BAD_REQUEST, "swap: " + unsupported);
		}
		Path folder;
		try {
			folder = checkpointFolder(checkpoint);
		}
		catch (IllegalArgumentException ex) {
			return error(WebEndpointResponse.STATUS_BAD_REQUEST, ex.getMessage());
		}
		try {
			TrainingJob job = this.runner.startWithCheckpoint("swap in the checkpoint " + folder, folder,
					List.of(this.swapper.followUp()));
			return new WebEndpointResponse<>(describe(job.status()), WebEndpointResponse.STATUS_OK);
		}
		catch (TrainingJobConflictException ex) {
			return error(STATUS_CONFLICT, ex.getMessage());
		}
	}

	private Path checkpointFolder(String checkpoint) {
		Path folder;
		try {
			folder = this.outputs.resolveExisting(checkpoint, "checkpoint");
		}
		catch (IllegalArgumentException ex) {
			try {
				folder = this.data.resolveExisting(checkpoint, "checkpoint");
			}
			catch (IllegalArgumentException again) {
				throw new IllegalArgumentException(ex.getMessage() + "; nor is it in " + this.data, again);
			}
		}
		if (!Files.isRegularFile(folder.resolve("config.json"))) {
			throw new IllegalArgumentException("checkpoint '" + checkpoint + "' (" + folder
					+ ") is not a checkpoint folder: it has no config.json");
		}
		return folder;
	}

	/**
	 * Cancels the running job.
	 * @return 200 with the job's status (it stops at its next step); 404 with {@code error} when no job runs
	 */
	@DeleteOperation
	public WebEndpointResponse<Map<String, Object>> cancel() {
		if (!this.runner.cancel()) {
			return error(WebEndpointResponse.STATUS_NOT_FOUND, "no training job is running");
		}
		return new WebEndpointResponse<>(status(), WebEndpointResponse.STATUS_OK);
	}

	private WebEndpointResponse<Map<String, Object>> conflict(TrainingJob job) {
		TrainingStatus status = job.status();
		return error(STATUS_CONFLICT, "training job " + status.id() + " is running (" + status.phase() + ", step "
				+ status.step() + " of " + status.totalSteps() + "); only one job runs at a time: wait for it to end "
				+ "or cancel it with DELETE /actuator/colberttraining");
	}

	private static WebEndpointResponse<Map<String, Object>> error(int status, String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", message);
		return new WebEndpointResponse<>(body, status);
	}

	private static Map<String, Object> idle() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("state", "IDLE");
		for (String key : List.of("jobId", "phase", "phaseDone", "phaseTotal", "phaseRate", "phaseEtaSeconds", "step",
				"totalSteps", "epoch", "examplesPerSecond", "etaSeconds",
				"loss", "evaluation", "checkpoint", "error", "startedAt", "finishedAt")) {
			body.put(key, null);
		}
		return body;
	}

	/** The JSON of a status (docs/actuator contract: field names may grow, never shrink). */
	static Map<String, Object> describe(TrainingStatus status) {
		Map<String, Object> body = new LinkedHashMap<>();
		TrainingState state = status.state();
		body.put("state", (state == TrainingState.QUEUED) ? TrainingState.RUNNING.name() : state.name());
		body.put("jobId", status.id());
		body.put("phase", status.phase());
		body.put("phaseDone", (status.phaseDone() >= 0) ? status.phaseDone() : null);
		body.put("phaseTotal", (status.phaseTotal() >= 0) ? status.phaseTotal() : null);
		body.put("phaseRate", (status.phaseRate() > 0) ? status.phaseRate() : null);
		body.put("phaseEtaSeconds", (status.phaseEtaSeconds() >= 0) ? Math.round(status.phaseEtaSeconds()) : null);
		body.put("step", status.step());
		body.put("totalSteps", status.totalSteps());
		body.put("examples", status.examples());
		int batch = (status.config() != null) ? Math.min(status.config().batchSize(), Math.max(1, status.examples()))
				: 1;
		body.put("epoch", (status.examples() > 0)
				? Math.max(1, (int) Math.ceil((double) status.step() * batch / status.examples())) : null);
		body.put("examplesPerSecond", finite(status.examplesPerSecond()));
		body.put("etaSeconds", (status.etaSeconds() >= 0) ? Math.round(status.etaSeconds()) : null);
		List<Map<String, Object>> losses = new ArrayList<>(status.lossHistory().size());
		for (TrainingStatus.LossPoint point : status.lossHistory()) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("step", point.step());
			entry.put("loss", finite(point.loss()));
			losses.add(entry);
		}
		body.put("loss", losses);
		body.put("recentLoss", finite(status.recentLoss()));
		body.put("learningRate", finite(status.learningRate()));
		body.put("gradientNorm", finite(status.gradientNorm()));
		Map<String, Object> evaluation = new LinkedHashMap<>();
		evaluation.put("before", null);
		evaluation.put("after", null);
		evaluation.putAll(status.evaluation());
		body.put("evaluation", evaluation);
		body.put("source", status.source());
		body.put("config", (status.config() != null) ? status.config().toString() : null);
		body.put("checkpoint", status.checkpoint());
		body.put("error", status.error());
		body.put("createdAt", text(status.createdAt()));
		body.put("startedAt", text(status.startedAt()));
		body.put("finishedAt", text(status.finishedAt()));
		return body;
	}

	private static @Nullable Double finite(double value) {
		return Double.isFinite(value) ? value : null;
	}

	private static @Nullable String text(@Nullable Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

}
