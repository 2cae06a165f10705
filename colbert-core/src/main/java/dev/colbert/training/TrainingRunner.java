package dev.colbert.training;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs training jobs one at a time on a background thread. Starting a job while another is queued or running is
 * refused with {@link TrainingJobConflictException}. The last job stays available for its status after it ends.
 */
public final class TrainingRunner implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(TrainingRunner.class);

	private final ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "colbert-training");
		thread.setDaemon(true);
		return thread;
	});

	private TrainingJob current;

	private boolean closed;

	/**
	 * Starts a job in the background.
	 * @param followUps work after the checkpoint is written (for example a model swap)
	 * @return the queued job
	 * @throws TrainingJobConflictException if a job is queued or running
	 * @throws IllegalStateException if the runner is closed
	 */
	public synchronized TrainingJob start(TrainingJobSpec spec, List<TrainingJob.FollowUp> followUps) {
		checkIdle();
		TrainingJob job = new TrainingJob(UUID.randomUUID().toString(), spec, followUps);
		logger.info("Training job {} queued: {} from {}, output {}", job.id(), spec.source().describe(),
				spec.baseModel(), spec.outputDirectory());
		return submit(job);
	}

	/**
	 * Starts a job that trains nothing and runs {@code followUps} on an existing checkpoint (for example swapping it
	 * into the application); it counts as the one job that may run.
	 * @param description what the job does, for its status
	 * @throws TrainingJobConflictException if a job is queued or running
	 * @throws IllegalStateException if the runner is closed
	 */
	public synchronized TrainingJob startWithCheckpoint(String description, Path checkpoint,
			List<TrainingJob.FollowUp> followUps) {
		checkIdle();
		TrainingJob job = new TrainingJob(UUID.randomUUID().toString(), description, checkpoint, followUps);
		logger.info("Job {} queued: {} ({})", job.id(), description, checkpoint);
		return submit(job);
	}

	private void checkIdle() {
		if (this.closed) {
			throw new IllegalStateException("the training runner is closed");
		}
		if (this.current != null && !this.current.state().isFinished()) {
			TrainingStatus status = this.current.status();
			throw new TrainingJobConflictException("training job " + status.id() + " is " + status.state() + " ("
					+ status.phase() + ", step " + status.step() + " of " + status.totalSteps()
					+ "); only one job runs at a time: wait for it to end or cancel it first");
		}
	}

	private TrainingJob submit(TrainingJob job) {
		this.current = job;
		this.executor.execute(job::run);
		return job;
	}

	/** The running job, or the last one that ended. */
	public synchronized Optional<TrainingJob> current() {
		return Optional.ofNullable(this.current);
	}

	/**
	 * Cancels the current job if it is queued or running.
	 * @return whether a job was asked to stop
	 */
	public synchronized boolean cancel() {
		return this.current != null && this.current.cancel();
	}

	/** Cancels the current job and waits up to a minute for it to stop. */
	@Override
	public void close() {
		synchronized (this) {
			this.closed = true;
			cancel();
		}
		this.executor.shutdown();
		try {
			if (!this.executor.awaitTermination(1, TimeUnit.MINUTES)) {
				logger.warn("The training job did not stop within a minute of the shutdown");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
