package dev.colbert.training;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of a training job for monitoring (the actuator endpoint shows it as JSON).
 *
 * @param id the job id
 * @param state the life-cycle state
 * @param phase what the job is doing now ({@code loading model}, {@code loading data}, {@code training},
 * {@code writing checkpoint}, {@code re-encoding index}, ...)
 * @param phaseDone units of the current phase done (documents re-encoded, queries mined), or -1
 * @param phaseTotal units of the current phase in all, or -1
 * @param phaseRate units of the current phase done per second since the phase began, or 0
 * @param phaseEtaSeconds the estimated seconds to the end of the current phase, or -1
 * @param step optimizer steps done
 * @param totalSteps optimizer steps planned
 * @param examples training examples
 * @param lossHistory the loss of recent steps (at most the last 500), oldest first
 * @param recentLoss the mean loss of the last 20 steps, or NaN before the first step
 * @param learningRate the learning rate of the last step
 * @param gradientNorm the global gradient norm of the last step, before clipping
 * @param examplesPerSecond training examples (queries) per second since training started
 * @param etaSeconds the estimated seconds to the end of training, or -1
 * @param evaluation ranking metrics on the held-out examples by moment ({@code before}, {@code step-N},
 * {@code after}): {@code accuracy} (positive ranked first among its candidates) and {@code mrr}
 * @param source the training data
 * @param config the hyper-parameters, or {@code null} for a job that trains nothing (a swap of an existing checkpoint)
 * @param checkpoint the folder of the written checkpoint, or {@code null} until written
 * @param error why the job failed, or {@code null}
 * @param createdAt when the job was accepted
 * @param startedAt when it started running, or {@code null}
 * @param finishedAt when it ended, or {@code null}
 */
public record TrainingStatus(String id, TrainingState state, String phase, long phaseDone, long phaseTotal,
		double phaseRate, double phaseEtaSeconds, int step,
		int totalSteps, int examples, List<LossPoint> lossHistory, double recentLoss, double learningRate,
		double gradientNorm, double examplesPerSecond, double etaSeconds, Map<String, Map<String, Double>> evaluation,
		String source, TrainingConfig config, String checkpoint, String error, Instant createdAt, Instant startedAt,
		Instant finishedAt) {

	/**
	 * The loss of one step.
	 *
	 * @param step the step (1-based)
	 * @param loss the batch loss
	 */
	public record LossPoint(int step, double loss) {

	}

}
