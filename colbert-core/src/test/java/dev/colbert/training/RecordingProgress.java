package dev.colbert.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Records losses and evaluations of a run. */
final class RecordingProgress implements TrainingProgress {

	final List<Double> losses = new ArrayList<>();

	final Map<String, Map<String, Double>> evaluations = new LinkedHashMap<>();

	final List<String> phases = new ArrayList<>();

	volatile int cancelAtStep = -1;

	@Override
	public void phase(String phase, long total) {
		this.phases.add(phase);
	}

	@Override
	public void phaseProgress(long done) {
	}

	@Override
	public void trainingStarted(int step, int totalSteps, int examples) {
	}

	@Override
	public void stepFinished(int step, double loss, double learningRate, double gradientNorm) {
		this.losses.add(loss);
	}

	@Override
	public void evaluated(String moment, Map<String, Double> metrics) {
		this.evaluations.put(moment, metrics);
	}

	@Override
	public boolean cancelRequested() {
		return this.cancelAtStep >= 0 && this.losses.size() >= this.cancelAtStep;
	}

	double meanLoss(int from, int to) {
		return this.losses.subList(from, to).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
	}

}
