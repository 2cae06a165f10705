package dev.colbert.autoconfigure.training;

import java.nio.file.Path;
import java.time.Clock;
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
 * <p>What a request may make the application do is confined: input paths to {@code colbert.training.data-dir} and job
 * folders to {@code colbert.training.output-dir} (every file opened checked by its real path), the base model to the
 * {@link BaseModelPolicy}, a new job to a new folder ({@link JobFolders}), its size to the {@link TrainingLimits}.
 * Refused requests are answered with a problem detail ({@link TrainingBodies#problem}).
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

	private final BaseModelPolicy baseModels;

	private final JobFolders folders;

	private final LiveModelSwapper swapper;

	/** Held from the check that no job runs to the job's start, so that concurrent starts cannot share a folder. */
	private final Object starting = new Object();

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
		String configured = (properties.getBaseModel() != null) ? properties.getBaseModel() : defaultBaseModel;
		this.baseModels = new BaseModelPolicy(configured, () -> servingModel(swapper, defaultBaseModel),
				properties.getAllowedBaseModels(), this.outputs);
		this.folders = new JobFolders(this.outputs, Clock.systemDefaultZone());
		this.swapper = swapper;
	}

	private static String servingModel(LiveModelSwapper swapper, String configuredModel) {
		Object serving = swapper.serving().get("model");
		return (serving != null) ? serving.toString() : configuredModel;
	}

	/**
	 * The current or last job; {@code state} is {@code IDLE} before the first one. {@code serving} names the model and
	 * index that serve now.
	 */
	@ReadOperation
	public Map<String, Object> status() {
		Map<String, Object> body = this.runner.current()
			.map((job) -> TrainingBodies.describe(job.status()))
			.orElseGet(TrainingBodies::idle);
		body.put("serving", this.swapper.serving());
		return body;
	}

	/**
	 * Starts a job from the request body (see {@link TrainingRequest} for the fields).
	 * @param swap whether to swap the trained checkpoint into the running application when training succeeds
	 * @param resume whether to continue the cancelled job of the folder {@code output}
	 * @return 200 with the job's status; 400 with a problem detail for an invalid request, a path outside the data or
	 * output directory, a base model that is not allowed, an existing output folder or a value over a bound; 409 while
	 * another job runs
	 */
	@WriteOperation
	public WebEndpointResponse<Map<String, Object>> start(String input, @Nullable String triples,
			@Nullable String queries, @Nullable String collection, @Nullable String folder, @Nullable String split,
			@Nullable String output, @Nullable String baseModel, @Nullable String loss, @Nullable String layers,
			@Nullable Integer dim, @Nullable Integer steps, @Nullable Double epochs, @Nullable Double learningRate,
			@Nullable Integer warmupSteps, @Nullable Integer batchSize, @Nullable Integer nway,
			@Nullable Integer negatives, @Nullable Long seed, @Nullable Integer documentMaxLength,
			@Nullable Integer evaluationExamples, @Nullable Boolean swap, @Nullable Boolean resume) {
		TrainingRequest request = new TrainingRequest(input, triples, queries, collection, folder, split, output,
				baseModel, loss, layers, dim, steps, epochs, learningRate, warmupSteps, batchSize, nway, negatives,
				seed, documentMaxLength, evaluationExamples);
		return start(request, Boolean.TRUE.equals(swap), Boolean.TRUE.equals(resume));
	}

	WebEndpointResponse<Map<String, Object>> start(TrainingRequest request) {
		return start(request, false, false);
	}

	WebEndpointResponse<Map<String, Object>> start(TrainingRequest request, boolean swap) {
		return start(request, swap, false);
	}

	/**
	 * Starts a training job: checks the request (bounds, base model), reserves its folder, builds the job and starts
	 * it, releasing the folder again when it does not start.
	 * @param swap whether to swap the trained checkpoint into the running application
	 * @param resume whether to continue the cancelled job of the request's output folder
	 */
	WebEndpointResponse<Map<String, Object>> start(TrainingRequest request, boolean swap, boolean resume) {
		synchronized (this.starting) {
			Optional<TrainingJob> running = this.runner.current().filter((job) -> !job.state().isFinished());
			if (running.isPresent()) {
				return conflict(running.get());
			}
			String unsupported = this.swapper.unsupportedReason();
			if (swap && unsupported != null) {
				return problem(WebEndpointResponse.STATUS_BAD_REQUEST, "swap: " + unsupported);
			}
			JobFolders.JobFolder jobFolder;
			String baseModel;
			try {
				request.checkLimits(this.properties);
				baseModel = this.baseModels.resolve(request.baseModel());
				jobFolder = resume ? this.folders.resume(request.output()) : this.folders.create(request.output());
			}
			catch (IllegalArgumentException ex) {
				return badRequest(ex);
			}
			boolean started = false;
			try {
				TrainingJobSpec spec = request.toSpec(this.properties, this.data, baseModel,
						this.baseModels.confinement(baseModel), jobFolder.path(), resume,
						new StoredCollection(this.swapper.store(), this.swapper.encoder()));
				TrainingJob job = this.runner.start(spec, swap ? List.of(this.swapper.followUp()) : List.of());
				started = true;
				return new WebEndpointResponse<>(TrainingBodies.describe(job.status()), WebEndpointResponse.STATUS_OK);
			}
			catch (IllegalArgumentException ex) {
				return badRequest(ex);
			}
			catch (TrainingJobConflictException ex) {
				return problem(STATUS_CONFLICT, ex.getMessage());
			}
			finally {
				if (!started) {
					this.folders.release(jobFolder);
				}
			}
		}
	}

	/**
	 * Swaps an existing checkpoint into the running application ({@code POST /actuator/colberttraining/swap}): a job of
	 * its own that re-encodes the index with the checkpoint's model while the current model serves.
	 * @param action must be {@code swap}
	 * @param checkpoint the checkpoint folder, relative to {@code colbert.training.output-dir} (for example
	 * {@code job-20250101-120000/checkpoint}) or else to {@code colbert.training.data-dir}
	 * @return 200 with the job's status; 400 when swaps are not supported (OpenSearch), or the folder is missing,
	 * outside both directories or holds a file that leads outside; 404 for another action; 409 while another job runs
	 */
	@WriteOperation
	public WebEndpointResponse<Map<String, Object>> swap(@Selector String action, String checkpoint) {
		if (!"swap".equals(action)) {
			return problem(WebEndpointResponse.STATUS_NOT_FOUND, "unknown operation '" + action + "': POST "
					+ "/actuator/colberttraining/swap with {\"checkpoint\": \"<folder>\"} swaps a checkpoint in");
		}
		synchronized (this.starting) {
			Optional<TrainingJob> running = this.runner.current().filter((job) -> !job.state().isFinished());
			if (running.isPresent()) {
				return conflict(running.get());
			}
			String unsupported = this.swapper.unsupportedReason();
			if (unsupported != null) {
				return problem(WebEndpointResponse.STATUS_BAD_REQUEST, "swap: " + unsupported);
			}
			Path folder;
			try {
				folder = checkpointFolder(checkpoint);
			}
			catch (IllegalArgumentException ex) {
				return badRequest(ex);
			}
			try {
				TrainingJob job = this.runner.startWithCheckpoint("swap in the checkpoint " + folder, folder,
						List.of(this.swapper.followUp()));
				return new WebEndpointResponse<>(TrainingBodies.describe(job.status()), WebEndpointResponse.STATUS_OK);
			}
			catch (TrainingJobConflictException ex) {
				return problem(STATUS_CONFLICT, ex.getMessage());
			}
		}
	}

	/** The checkpoint folder in the output directory, else in the data directory, with every file confined there. */
	private Path checkpointFolder(String checkpoint) {
		String what = "checkpoint '" + checkpoint + "'";
		try {
			Path folder = this.outputs.resolveExisting(checkpoint, "checkpoint");
			return CheckpointFolders.requireConfined(this.outputs, folder, what);
		}
		catch (IllegalArgumentException ex) {
			Path folder;
			try {
				folder = this.data.resolveExisting(checkpoint, "checkpoint");
			}
			catch (IllegalArgumentException again) {
				throw new IllegalArgumentException(ex.getMessage() + "; nor is it in " + this.data, again);
			}
			return CheckpointFolders.requireConfined(this.data, folder, what);
		}
	}

	/**
	 * Cancels the running job.
	 * @return 200 with the job's status (it stops at its next step); 404 with a problem detail when no job runs
	 */
	@DeleteOperation
	public WebEndpointResponse<Map<String, Object>> cancel() {
		if (!this.runner.cancel()) {
			return problem(WebEndpointResponse.STATUS_NOT_FOUND, "no training job is running");
		}
		return new WebEndpointResponse<>(status(), WebEndpointResponse.STATUS_OK);
	}

	private WebEndpointResponse<Map<String, Object>> conflict(TrainingJob job) {
		TrainingStatus status = job.status();
		return problem(STATUS_CONFLICT, "training job " + status.id() + " is running (" + status.phase() + ", step "
				+ status.step() + " of " + status.totalSteps() + "); only one job runs at a time: wait for it to end "
				+ "or cancel it with DELETE /actuator/colberttraining");
	}

	private static WebEndpointResponse<Map<String, Object>> badRequest(IllegalArgumentException ex) {
		Map<String, Object> body = TrainingBodies.problem(WebEndpointResponse.STATUS_BAD_REQUEST, ex.getMessage());
		if (ex instanceof TrainingLimitException limit) {
			body.put("bound", limit.bound());
			body.put("limit", limit.limit());
		}
		return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_BAD_REQUEST);
	}

	private static WebEndpointResponse<Map<String, Object>> problem(int status, String message) {
		return new WebEndpointResponse<>(TrainingBodies.problem(status, message), status);
	}

}
