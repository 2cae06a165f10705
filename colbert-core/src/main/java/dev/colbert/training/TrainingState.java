package dev.colbert.training;

/**
 * The life cycle of a training job: {@code QUEUED -> RUNNING -> SUCCEEDED | FAILED | CANCELLED}.
 */
public enum TrainingState {

	/** Accepted, not started yet. */
	QUEUED,

	/** Loading, mining, training, writing or swapping. */
	RUNNING,

	/** The checkpoint was written (and swapped in, when asked). */
	SUCCEEDED,

	/** Stopped by an error; see the status's error. */
	FAILED,

	/** Stopped on request between steps; the last resumable checkpoint is kept. */
	CANCELLED;

	/** Whether the job has ended. */
	public boolean isFinished() {
		return this == SUCCEEDED || this == FAILED || this == CANCELLED;
	}

}
