package dev.colbert.benchmarks.encoder;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.EncoderInfo;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.encoder.tokenize.ColbertTokenizer;
import dev.colbert.encoder.tokenize.TokenizedText;

/**
 * The benchmark's peer: the same ColBERT pipeline as the PyTorch encoder (same tokenizer and rules, same length
 * sorting and batch boundaries, L2 normalization, punctuation dropped), with the BERT forward pass run by ONNX Runtime
 * (DJL's OnnxRuntime engine) on the original ONNX file. Single-threaded use only.
 */
final class OnnxRuntimeColbertEncoder implements ColbertEncoder {

	private final ZooModel<NDList, NDList> model;

	private final Predictor<NDList, NDList> predictor;

	private final NDManager manager;

	private final ColbertTokenizer tokenizer;

	private final EncoderInfo info;

	private final int batchSize;

	OnnxRuntimeColbertEncoder(Path onnxFile, ColbertTokenizer tokenizer, EncoderInfo info, int threads)
			throws IOException, ModelNotFoundException, MalformedModelException {
		Criteria.Builder<NDList, NDList> criteria = Criteria.builder()
			.setTypes(NDList.class, NDList.class)
			.optModelPath(onnxFile)
			.optEngine("OnnxRuntime")
			.optOption("interOpNumThreads", "1");
		if (threads > 0) {
			criteria.optOption("intraOpNumThreads", String.valueOf(threads));
		}
		this.model = criteria.build().loadModel();
		this.predictor = this.model.newPredictor();
		this.manager = NDManager.newBaseManager("OnnxRuntime");
		this.tokenizer = tokenizer;
		this.info = info;
		this.batchSize = info.batchSize();
	}

	@Override
	public TokenVectors encodeQuery(String query) {
		TokenizedText[] texts = { this.tokenizer.query(query) };
		TokenVectors[] out = new TokenVectors[1];
		run(texts, new int[] { 0 }, 0, 1, out);
		return out[0];
	}

	@Override
	public List<TokenVectors> encodeDocuments(List<String> documents) {
		TokenizedText[] texts = this.tokenizer.documents(documents);
		int[] order = IntStream.range(0, texts.length)
			.boxed()
			.sorted(Comparator.comparingInt((Integer i) -> texts[i].length()).reversed())
			.mapToInt(Integer::intValue)
			.toArray();
		TokenVectors[] out = new TokenVectors[texts.length];
		for (int from = 0; from < order.length; from += this.batchSize) {
			run(texts, order, from, Math.min(from + this.batchSize, order.length), out);
		}
		return Arrays.asList(out);
	}

	private void run(TokenizedText[] texts, int[] order, int from, int to, TokenVectors[] out) {
		int batch = to - from;
		int length = 0;
		for (int i = from; i < to; i++) {
			length = Math.max(length, texts[order[i]].length());
		}
		long[] ids = new long[batch * length];
		long[] mask = new long[batch * length];
		for (int b = 0; b < batch; b++) {
			TokenizedText text = texts[order[from + b]];
			System.arraycopy(text.ids(), 0, ids, b * length, text.length());
			System.arraycopy(text.attention(), 0, mask, b * length, text.length());
		}
		try (NDManager scope = this.manager.newSubManager()) {
			Shape shape = new Shape(batch, length);
			NDArray inputIds = scope.create(ids, shape);
			inputIds.setName("input_ids");
			NDArray attention = scope.create(mask, shape);
			attention.setName("attention_mask");
			NDArray types = scope.zeros(shape, DataType.INT64);
			types.setName("token_type_ids");
			NDList output = this.predictor.predict(new NDList(inputIds, attention, types));
			int dim = (int) output.get(0).getShape().get(2);
			FloatBuffer hidden = output.get(0).toByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer();
			for (int b = 0; b < batch; b++) {
				TokenizedText text = texts[order[from + b]];
				out[order[from + b]] = normalizedKeptRows(text, hidden, b * length, dim);
			}
			output.close();
		}
		catch (TranslateException ex) {
			throw new IllegalStateException("ONNX Runtime failed on a batch of " + batch + " x " + length, ex);
		}
	}

	private static TokenVectors normalizedKeptRows(TokenizedText text, FloatBuffer hidden, int firstRow, int dim) {
		float[] data = new float[text.keptCount() * dim];
		int[] ids = new int[text.keptCount()];
		int[] starts = new int[text.keptCount()];
		int[] ends = new int[text.keptCount()];
		int row = 0;
		for (int t = 0; t < text.length(); t++) {
			if (!text.kept()[t]) {
				continue;
			}
			hidden.get((firstRow + t) * dim, data, row * dim, dim);
			double norm = 0;
			for (int d = 0; d < dim; d++) {
				norm += data[row * dim + d] * data[row * dim + d];
			}
			float scale = (float) (1.0 / Math.max(Math.sqrt(norm), 1e-12));
			for (int d = 0; d < dim; d++) {
				data[row * dim + d] *= scale;
			}
			ids[row] = (int) text.ids()[t];
			starts[row] = text.charStart()[t];
			ends[row] = text.charEnd()[t];
			row++;
		}
		return new TokenVectors(data, row, dim, ids, starts, ends);
	}

	@Override
	public EncoderInfo info() {
		return this.info;
	}

	@Override
	public void close() {
		this.predictor.close();
		this.model.close();
		this.manager.close();
	}

}
