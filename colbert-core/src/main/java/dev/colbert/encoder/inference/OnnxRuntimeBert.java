package dev.colbert.encoder.inference;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.encoder.tokenize.TokenizedText;

/**
 * A BERT ONNX export run by ONNX Runtime through DJL's OnnxRuntime engine: padded batches of tokenized texts in; out,
 * per text, the kept rows of the first output (the last hidden state), L2-normalized, as {@link TokenVectors}. No
 * projection: for ONNX-origin models without a trained head only.
 *
 * <p>ONNX Runtime's natives come from the {@code com.microsoft.onnxruntime:onnxruntime} jar; nothing is downloaded.
 * Thread-safe: up to {@code concurrency} calls run at once (each with a predictor of its own, on the calling thread
 * and the session's intra-op threads), further callers wait.
 */
public final class OnnxRuntimeBert implements AutoCloseable {

	/** DJL's name of the ONNX Runtime engine. */
	public static final String ENGINE = "OnnxRuntime";

	/** Largest difference per value from the PyTorch path's vectors accepted by {@link #requireAgreement}. */
	public static final double AGREEMENT = 1e-4;

	private static final String INPUT_IDS = "input_ids";

	private static final String ATTENTION_MASK = "attention_mask";

	private static final String TOKEN_TYPE_IDS = "token_type_ids";

	private static final Set<String> KNOWN_INPUTS = Set.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS);

	private final Model model;

	private final List<String> inputs;

	private final int dim;

	private final BlockingQueue<Predictor<NDList, NDList>> predictors;

	private OnnxRuntimeBert(Model model, List<String> inputs, int dim, int concurrency) {
		this.model = model;
		this.inputs = inputs;
		this.dim = dim;
		this.predictors = new ArrayBlockingQueue<>(concurrency);
		for (int i = 0; i < concurrency; i++) {
			this.predictors.add(model.newPredictor(new NoopTranslator()));
		}
	}

	/** Whether DJL's OnnxRuntime engine ({@code ai.djl.onnxruntime:onnxruntime-engine}) is on the classpath. */
	public static boolean available() {
		return Engine.hasEngine(ENGINE);
	}

	/**
	 * Creates an ONNX Runtime session over an ONNX BERT export.
	 * @param onnx the ONNX file (ONNX Runtime reads it natively, not through the Java heap; it may be deleted once this
	 * returns)
	 * @param name the model's name, for messages
	 * @param dim the hidden size the last hidden state must have
	 * @param intraOpThreads the session's intra-op threads, or 0 for ONNX Runtime's default (one per core)
	 * @param concurrency how many calls may run at once
	 * @throws IOException if the stream cannot be read
	 * @throws MalformedModelException if ONNX Runtime refuses the file
	 * @throws IllegalArgumentException if the graph's inputs are not BERT's {@code input_ids}, {@code attention_mask}
	 * and (optionally) {@code token_type_ids}
	 */
	public static OnnxRuntimeBert load(Path onnx, String name, int dim, int intraOpThreads, int concurrency)
			throws IOException, MalformedModelException {
		if (concurrency < 1 || intraOpThreads < 0) {
			throw new IllegalArgumentException("concurrency must be at least 1 and intraOpThreads at least 0, were "
					+ concurrency + " and " + intraOpThreads);
		}
		Model model = Model.newInstance(name, Device.cpu(), ENGINE);
		try {
			String file = onnx.getFileName().toString();
			model.load(onnx, file.endsWith(".onnx") ? file.substring(0, file.length() - 5) : file, (intraOpThreads > 0)
					? Map.of("interOpNumThreads", "1", "intraOpNumThreads", String.valueOf(intraOpThreads))
					: Map.of("interOpNumThreads", "1"));
			List<String> inputs = new ArrayList<>(model.describeInput().keys());
			if (!inputs.contains(INPUT_IDS) || !inputs.contains(ATTENTION_MASK) || !KNOWN_INPUTS.containsAll(inputs)) {
				throw new IllegalArgumentException(name + " has the inputs " + inputs + ", expected " + INPUT_IDS
						+ ", " + ATTENTION_MASK + " and optionally " + TOKEN_TYPE_IDS);
			}
			return new OnnxRuntimeBert(model, List.copyOf(inputs), dim, concurrency);
		}
		catch (IOException | MalformedModelException | RuntimeException ex) {
			model.close();
			throw ex;
		}
	}

	/**
	 * Encodes the texts {@code order[from..to)} as one batch padded to the longest and stores their vectors in
	 * {@code out} at the same positions.
	 * @throws IllegalStateException if ONNX Runtime fails or its output is not {@code [batch, length, dim]}
	 */
	public void encode(TokenizedText[] texts, int[] order, int from, int to, TokenVectors[] out) {
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
		Predictor<NDList, NDList> predictor = borrow();
		try (NDManager scope = this.model.getNDManager().newSubManager()) {
			Shape shape = new Shape(batch, length);
			NDList input = new NDList();
			for (String name : this.inputs) {
				NDArray array = switch (name) {
					case INPUT_IDS -> scope.create(ids, shape);
					case ATTENTION_MASK -> scope.create(mask, shape);
					default -> scope.zeros(shape, DataType.INT64);
				};
				array.setName(name);
				input.add(array);
			}
			try (NDList output = predictor.predict(input)) {
				NDArray hidden = output.get(0);
				if (!hidden.getShape().equals(new Shape(batch, length, this.dim))) {
					throw new IllegalStateException(this.model.getName() + ": ONNX Runtime's first output has the shape "
							+ hidden.getShape() + ", expected the last hidden state " + new Shape(batch, length, this.dim));
				}
				FloatBuffer data = hidden.toByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer();
				for (int b = 0; b < batch; b++) {
					out[order[from + b]] = KeptRows.normalized(texts[order[from + b]], data, b * length, this.dim);
				}
			}
		}
		catch (TranslateException ex) {
			throw new IllegalStateException(this.model.getName() + ": ONNX Runtime failed on a batch of " + batch
					+ " x " + length + " tokens", ex);
		}
		finally {
			this.predictors.add(predictor);
		}
	}

	/**
	 * Encodes {@code text} and checks that every value is within {@value #AGREEMENT} of the PyTorch path's vectors for
	 * it: the ONNX graph computes what the imported weights do (catches an export whose first output is not the last
	 * hidden state, or whose graph differs from the BERT the weights were imported into).
	 * @throws IllegalStateException naming the largest difference if not
	 */
	public void requireAgreement(TokenizedText text, TokenVectors reference) {
		TokenVectors[] out = new TokenVectors[1];
		encode(new TokenizedText[] { text }, new int[] { 0 }, 0, 1, out);
		float[] actual = out[0].data();
		float[] expected = reference.data();
		if (out[0].count() != reference.count() || actual.length != expected.length) {
			throw new IllegalStateException(this.model.getName() + ": ONNX Runtime gives " + out[0].count()
					+ " query vectors where PyTorch gives " + reference.count());
		}
		double worst = 0;
		for (int i = 0; i < actual.length; i++) {
			worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
		}
		if (!(worst <= AGREEMENT)) {
			throw new IllegalStateException(this.model.getName() + ": ONNX Runtime's query vectors differ from "
					+ "PyTorch's on the same weights by up to " + worst + " (allowed " + AGREEMENT + "); the ONNX graph "
					+ "is not the BERT its weights were imported into; set the query engine to PYTORCH");
		}
	}

	private Predictor<NDList, NDList> borrow() {
		try {
			return this.predictors.take();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for an ONNX Runtime predictor", ex);
		}
	}

	/** Closes the predictors and the ONNX Runtime session; the caller makes sure no call runs. */
	@Override
	public void close() {
		Predictor<NDList, NDList> predictor;
		while ((predictor = this.predictors.poll()) != null) {
			predictor.close();
		}
		this.model.close();
	}

}
