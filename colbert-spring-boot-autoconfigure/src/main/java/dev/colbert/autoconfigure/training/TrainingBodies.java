package dev.colbert.autoconfigure.training;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.colbert.training.TrainingState;
import dev.colbert.training.TrainingStatus;

/**
 * The JSON bodies of the {@code colberttraining} endpoint: a job's status, and the problem details of a refused
 * request (RFC 9457 members {@code type}, {@code title}, {@code status} and {@code detail}, plus {@code error}, the
 * field this endpoint always answered with, and for a bound {@code bound} and {@code limit}).
 */
final class TrainingBodies {

	private TrainingBodies() {
	}

	/**
	 * A refused request.
	 * @param status the HTTP status
	 * @param detail what is wrong
	 */
	static Map<String, Object> problem(int status, String detail) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "about:blank");
		body.put("title", switch (status) {
			case 400 -> "Bad Request";
			case 404 -> "Not Found";
			case 409 -> "Conflict";
			default -> "Error";
		});
		body.put("status", status);
		body.put("detail", detail);
		body.put("error", detail);
		return body;
	}

	static Map<String, Object> idle() {
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
