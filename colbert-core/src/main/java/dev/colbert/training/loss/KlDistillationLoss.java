package dev.colbert.training.loss;

import ai.djl.ndarray.NDArray;

import dev.colbert.encoder.model.NativeArrays;

/**
 * Distillation from a teacher's scores (ColBERTv2): {@code KL(softmax(teacher) || softmax(student))} over each
 * query's own documents, averaged over the queries (PyTorch's {@code KLDivLoss(reduction="batchmean",
 * log_target=True)} on log-softmaxed scores).
 */
public final class KlDistillationLoss implements RankingLoss {

	@Override
	public NDArray compute(NDArray scores, int docsPerQuery, NDArray teacherScores) {
		long batch = scores.getShape().get(0);
		RankingLoss.checkTeacher(teacherScores, batch, docsPerQuery);
		NDArray student = RankingLoss.ownScores(scores, docsPerQuery).logSoftmax(1);
		NDArray teacher = teacherScores.logSoftmax(1);
		return NativeArrays.times(teacher.exp().mul(teacher.sub(student)).sum(), 1f / batch);
	}

}
