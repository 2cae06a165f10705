package dev.colbert.training;

/**
 * A training job was started while another one is queued or running.
 */
public class TrainingJobConflictException extends IllegalStateException {

	public TrainingJobConflictException(String message) {
		super(message);
	}

}
