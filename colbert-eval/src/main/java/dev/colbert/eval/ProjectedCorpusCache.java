package dev.colbert.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.encoder.checkpoint.CheckpointFiles;
import dev.colbert.encoder.checkpoint.Safetensors;
import dev.colbert.encoder.model.ColbertModel;
import dev.colbert.eval.EncodedCorpusCache.EncodedCorpus;
import dev.colbert.util.ProgressLog;

/**
 * Derives the encoded corpus of a checkpoint that differs from its base model only by a new projection, from the
 * base model's cached vectors: the base model (no projection) gives {@code h / |h|} per kept token, the checkpoint
 * gives {@code P h / |P h|}, which equals {@code P (h / |h|)} normalized. The result is checked against the
 * checkpoint's own encoder on sample documents before it is written, so evaluating such a checkpoint does not encode
 * the corpus again.
 */
final class ProjectedCorpusCache {

	private static final Logger logger = LoggerFactory.getLogger(ProjectedCorpusCache.class);

	private static final int BLOCK_ROWS = 1 << 16;

	private static final double TOLERANCE = 1e-3;

	private ProjectedCorpusCache() {
	}

	/**
	 * @param base the base model's encoded corpus (normalized last hidden states)
	 * @param checkpoint the checkpoint folder (its {@code model.safetensors} holds the projection)
	 * @param encoder the checkpoint's encoder, to check sample documents
	 * @param texts document id to encoded text, for the check
	 * @param samples documents checked
	 * @throws IllegalStateException if a checked document differs from the checkpoint's own encoding
	 */
	static EncodedCorpus derive(EncodedCorpus base, Path checkpoint, ColbertEncoder encoder, Map<String, String> texts,
			int samples) {
		long start = System.nanoTime();
		List<TokenVectors> projected = new ArrayList<>(base.ids().size());
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			NDArray projection = Safetensors
				.read(checkpoint.resolve(CheckpointFiles.WEIGHTS), manager,
						(name) -> name.equals(ColbertModel.PROJECTION_NAME), null)
				.get(ColbertModel.PROJECTION_NAME);
			if (projection == null) {
				throw new IllegalArgumentException(checkpoint + " has no projection " + ColbertModel.PROJECTION_NAME);
			}
			NDArray transposed = projection.transpose();
			int hidden = (int) projection.getShape().get(1);
			int dim = (int) projection.getShape().get(0);
			if (base.vectors().get(0).dim() != hidden) {
				throw new IllegalArgumentException("the cached vectors have dim " + base.vectors().get(0).dim()
						+ " but the projection of " + checkpoint + " expects " + hidden);
			}
			ProgressLog progress = new ProgressLog(logger, "Projecting cached vectors", "docs", base.ids().size());
			int from = 0;
			while (from < base.ids().size()) {
				int to = from;
				int rows = 0;
				while (to < base.ids().size() && (rows == 0 || rows + base.vectors().get(to).count() <= BLOCK_ROWS)) {
					rows += base.vectors().get(to).count();
					to++;
				}
				float[] block = new float[rows * hidden];
				int offset = 0;
				for (int d = from; d < to; d++) {
					float[] data = base.vectors().get(d).data();
					System.arraycopy(data, 0, block, offset, data.length);
					offset += data.length;
				}
				try (NDManager scope = manager.newSubManager()) {
					NDArray out = scope.create(block, new Shape(rows, hidden)).matMul(transposed);
					NDArray norms = out.norm(new int[] { 1 }, true).clip(1e-12f, Float.MAX_VALUE);
					float[] values = out.div(norms).toFloatArray();
					int row = 0;
					for (int d = from; d < to; d++) {
						int count = base.vectors().get(d).count();
						float[] data = new float[count * dim];
						System.arraycopy(values, row * dim, data, 0, data.length);
						projected.add(TokenVectors.of(data, count, dim));
						row += count;
					}
				}
				progress.update(to);
				from = to;
			}
			progress.done();
		}
		check(base, projected, encoder, texts, samples);
		double seconds = (System.nanoTime() - start) / 1e9;
		logger.info("Derived {} documents of {} from the cached base vectors in {} s", projected.size(), checkpoint,
				String.format("%.1f", seconds));
		return new EncodedCorpus(base.ids(), projected, base.encodeSeconds() + seconds);
	}

	private static void check(EncodedCorpus base, List<TokenVectors> projected, ColbertEncoder encoder,
			Map<String, String> texts, int samples) {
		int step = Math.max(1, base.ids().size() / Math.max(1, samples));
		double worst = 0;
		int checked = 0;
		for (int d = 0; d < base.ids().size() && checked < samples; d += step) {
			TokenVectors expected = encoder.encodeDocuments(List.of(texts.get(base.ids().get(d)))).get(0);
			TokenVectors derived = projected.get(d);
			if (expected.count() != derived.count() || expected.dim() != derived.dim()) {
				throw new IllegalStateException("document " + base.ids().get(d) + ": the checkpoint encodes "
						+ expected.count() + " x " + expected.dim() + " vectors but the derived cache has "
						+ derived.count() + " x " + derived.dim() + "; the checkpoint is not the base model with a "
						+ "new projection");
			}
			for (int i = 0; i < expected.data().length; i++) {
				worst = Math.max(worst, Math.abs(expected.data()[i] - derived.data()[i]));
			}
			checked++;
		}
		if (worst > TOLERANCE) {
			throw new IllegalStateException("derived vectors differ from the checkpoint's own encoding by up to "
					+ worst + " on " + checked + " documents; encode the corpus instead");
		}
		logger.info("Derived vectors match the checkpoint's own encoding on {} documents (max abs difference {})",
				checked, String.format("%.2e", worst));
	}

}
