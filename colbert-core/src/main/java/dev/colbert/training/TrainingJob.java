package dev.colbert.training;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training job: runs {@link ColbertTrainer} and its follow-up tasks (for example swapping the new model into a
 * running application), keeps a {@link TrainingStatus}, and stops between steps when cancelled.
 *
 * <p>States: {@code QUEUED -> RUNNING -> SUCCEEDED | FAILED | CANCELLED}. Thread-safe: the job runs on one thread,
 * status and cancel may be called from any.
 */
public final class TrainingJob implements TrainingProgress {

	private static final Logger logger = LoggerFactory.getLogger(TrainingJob.class);

	private static final int LOSS_HISTORY = 500;

	private static final int RECENT_STEPS = 20;

	/** Work that runs after the checkpoint is written, as part of the job. */
	@FunctionalInterface
	public interface FollowUp {

		/**
		 * @param checkpoint the written checkpoint
		 * @param job the job, to report phases and check {@link TrainingJob#cancelRequested()}
		 */
		void run(Path checkpoint, TrainingJob job) throws Exception;

	}

	private final String id;

	private final TrainingJobSpec spec;

	private final String description;

	private final Path existingCheckpoint;

	private final List<FollowUp> followUps;

	private final Instant createdAt = Instant.now();

	private final CountDownLatch finished = new CountDownLatch(1);

	private final Deque<TrainingStatus.LossPoint> losses = new ArrayDeque<>();

	private final Map<String, Map<String, Double>> evaluation = new LinkedHashMap<>();

	private volatile boolean cancelRequested;

	private TrainingState state = TrainingState.QUEUED;

	private String phase = "queued";

	private long phaseDone = -1;

	private long phaseTotal = -1;

	private long phaseStartNanos;

	private int step;

	private int totalSteps;

	private int examples;

	private int firstStep;

	private long trainingStartNanos;

	private double learningRate;

	private double gradientNorm;

	private Path checkpoint;

	private String error;

	private Instant startedAt;

	private Instant finishedAt;

	/**
	 * @param id the job id
	 * @param spec what to train
	 * @param followUps run in order after the checkpoint is written
	 */
	public TrainingJob(String id, TrainingJobSpec spec, List<FollowUp> followUps) {
		this.id = Objects.requireNonNull(id, "id");
		this.spec = Objects.requireNonNull(spec, "spec");
		this.description = spec.source().describe();
		this.existingCheckpoint = null;
		this.followUps = List.copyOf(followUps);
	}

	/**
	 * A job that trains nothing: it runs its follow-ups on a checkpoint that exists (for example swapping in the
	 * checkpoint of an earlier job).
	 * @param id the job id
	 * @param description what the job does, for its status
	 * @param checkpoint the existing checkpoint folder
	 * @param followUps run in order on the checkpoint
	 */
	public TrainingJob(String id, String description, Path checkpoint, List<FollowUp> followUps) {
		this.id = Objects.requireNonNull(id, "id");
		this.spec = null;
		this.description = Objects.requireNonNull(description, "description");
		this.existingCheckpoint = Objects.requireNonNull(checkpoint, "checkpoint");
		this.followUps = List.copyOf(followUps);
	}

	public String id() {
		return this.id;
	}

	/** What the job trains, or empty for a job that only runs follow-ups on an existing checkpoint. */
	public Optional<TrainingJobSpec> spec() {
		return Optional.ofNullable(this.spec);
	}

	/** Runs the job on the calling thread; never throws (failures end in {@link TrainingState#FAILED}). */
	public void run() {
		synchronized (this) {
			if (this.state != TrainingState.QUEUED) {
				this.finished.countDown();
				return;
			}
			this.state = TrainingState.RUNNING;
			this.startedAt = Instant.now();
		}
		try {
			Path written = (this.spec != null) ? ColbertTrainer.train(this.spec, this) : this.existingCheckpoint;
			synchronized (this) {
				this.checkpoint = written;
			}
			for (FollowUp followUp : this.followUps) {
				if (this.cancelRequested) {
					throw new CancellationException("cancelled after training; the checkpoint " + written
							+ " is kept");
				}
				followUp.run(written, this);
			}
			finish(TrainingState.SUCCEEDED, null);
		}
		catch (CancellationException ex) {
			logger.info("Training job {} cancelled: {}", this.id, ex.getMessage());
			finish(TrainingState.CANCELLED, ex.getMessage());
		}
		catch (Throwable ex) {
			logger.error("Training job {} failed", this.id, ex);
			finish(TrainingState.FAILED, (ex.getMessage() != null) ? ex.getMessage() : ex.toString());
			if (ex instanceof Error error) {
				throw error;
			}
		}
	}

	private synchronized void finish(TrainingState finalState, String message) {
		this.state = finalState;
		this.error = message;
		this.phase = finalState.name().toLowerCase(java.util.Locale.ROOT);
		this.phaseDone = -1;
		this.phaseTotal = -1;
		this.finishedAt = Instant.now();
		this.finished.countDown();
	}

	/**
	 * Asks the job to stop: a queued job is cancelled at once, a running one at its next step boundary (or between the
	 * documents of a follow-up).
	 * @return whether the job was still running or queued
	 */
	public boolean cancel() {
		synchronized (this) {
			if (this.state.isFinished()) {
				return false;
			}
			this.cancelRequested = true;
			if (this.state == TrainingState.QUEUED) {
				finish(TrainingState.CANCELLED, "cancelled before it started");
			}
			return true;
		}
	}

	/** Waits for the job to end. */
	public boolean awaitCompletion(Duration timeout) throws InterruptedException {
		return this.finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	public synchronized TrainingState state() {
		return this.state;
	}

	/** The written checkpoint, once written. */
	public synchronized Optional<Path> checkpoint() {
		return Optional.ofNullable(this.checkpoint);
	}

	/** A snapshot of the job. */
	public synchronized TrainingStatus status() {
		List<TrainingStatus.LossPoint> history = new ArrayList<>(this.losses);
		double recent = Double.NaN;
		if (!history.isEmpty()) {
			int from = Math.max(0, history.size() - RECENT_STEPS);
			recent = history.subList(from, history.size()).stream().mapToDouble(TrainingStatus.LossPoint::loss)
				.average()
				.orElse(Double.NaN);
		}
		double rate = 0;
		double eta = -1;
		int done = this.step - this.firstStep;
		if (done > 0 && this.trainingStartNanos > 0 && this.spec != null) {
			double seconds = (System.nanoTime() - this.trainingStartNanos) / 1e9;
			int batch = Math.min(this.spec.config().batchSize(), Math.max(1, this.examples));
			rate = done * (double) batch / seconds;
			eta = (this.totalSteps - this.step) * seconds / done;
		}
		double phaseRate = 0;
		double phaseEta = -1;
		if (this.phaseDone > 0 && this.phaseTotal > 0 && this.phaseStartNanos > 0) {
			double seconds = Math.max(1e-9, (System.nanoTime() - this.phaseStartNanos) / 1e9);
			phaseRate = this.phaseDone / seconds;
			phaseEta = Math.max(0, this.phaseTotal - this.phaseDone) / phaseRate;
		}
		Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
		this.evaluation.forEach((moment, values) -> metrics.put(moment, Map.copyOf(values)));
		return new TrainingStatus(this.id, this.state, this.phase, this.phaseDone, this.phaseTotal, phaseRate,
				this.state.isFinished() ? -1 : phaseEta, this.step, this.totalSteps, this.examples,
				List.copyOf(history), recent, this.learningRate, this.gradientNorm, rate,
				this.state.isFinished() ? 0 : eta, metrics, this.description,
				(this.spec != null) ? this.spec.config() : null,
				(this.checkpoint != null) ? this.checkpoint.toString() : null, this.error, this.createdAt,
				this.startedAt, this.finishedAt);
	}

	@Override
	public synchronized void phase(String phase, long total) {
		this.phase = phase;
		this.phaseTotal = total;
		this.phaseDone = (total >= 0) ? 0 : -1;
		this.phaseStartNanos = System.nanoTime();
	}

	@Override
	public synchronized void phaseProgress(long done) {
		this.phaseDone = done;
	}

	@Override
	public synchronized void trainingStarted(int step, int totalSteps, int examples) {
		this.step = step;
		this.firstStep = step;
		this.totalSteps = totalSteps;
		this.examples = examples;
		this.trainingStartNanos = System.nanoTime();
		this.phaseDone = step;
	}

	@Override
	public synchronized void stepFinished(int step, double loss, double learningRate, double gradientNorm) {
		this.step = step;
		this.phaseDone = step;
		this.learningRate = learningRate;
		this.gradientNorm = gradientNorm;
		this.losses.addLast(new TrainingStatus.LossPoint(step, loss));
		while (this.losses.size() > LOSS_HISTORY) {
			this.losses.removeFirst();
		}
	}

	@Override
	public synchronized void evaluated(String moment, Map<String, Double> metrics) {
		this.evaluation.put(moment, new LinkedHashMap<>(metrics));
	}

	@Override
	public boolean cancelRequested() {
		return this.cancelRequested;
	}

}
