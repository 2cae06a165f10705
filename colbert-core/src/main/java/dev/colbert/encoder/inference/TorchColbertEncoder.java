package dev.colbert.encoder.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.EncoderInfo;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.encoder.model.ColbertModel;
import dev.colbert.encoder.model.NativeArrays;
import dev.colbert.encoder.tokenize.ColbertTokenizer;
import dev.colbert.encoder.tokenize.TokenizedText;

/**
 * The {@link ColbertEncoder} on DJL's PyTorch engine: ColBERT tokenization, a BERT forward pass, the projection and L2
 * normalization, batched by length.
 *
 * <p>Documents are tokenized first, then sorted by token count and cut into batches of {@code batchSize} texts. A
 * batch runs as one forward pass over its packed tokens (no padding; attention per text, see
 * {@link dev.colbert.encoder.model.BertModel#forwardPacked}). Each batch runs in its own NDManager scope that is closed
 * afterwards, and inputs are staged in reused direct buffers, so native memory does not grow over long runs. Results
 * come back in input order.
 *
 * <p>Thread-safe: any number of threads may encode at once (each forward pass uses libtorch's intra-op threads).
 * {@link #close()} waits for running calls to finish.
 */
public final class TorchColbertEncoder implements ColbertEncoder {

	private static final Logger logger = LoggerFactory.getLogger(TorchColbertEncoder.class);

	private static final long PROGRESS_INTERVAL_NANOS = 10_000_000_000L;

	private final ColbertModel model;

	private final ColbertTokenizer tokenizer;

	private final EncoderInfo info;

	private final int batchSize;

	private final int parallelBatches;

	private volatile ExecutorService batchExecutor;

	private final ConcurrentLinkedQueue<InputStaging> stagingPool = new ConcurrentLinkedQueue<>();

	private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();

	private volatile boolean closed;

	/**
	 * @param model the model; owned by the encoder from now on (closed with it)
	 * @param tokenizer the tokenizer with the model's ColBERT rules; owned by the encoder
	 * @param info what the encoder is; its batch size is used
	 */
	public TorchColbertEncoder(ColbertModel model, ColbertTokenizer tokenizer, EncoderInfo info) {
		this(model, tokenizer, info, 1);
	}

	/**
	 * @param model the model; owned by the encoder from now on (closed with it)
	 * @param tokenizer the tokenizer with the model's ColBERT rules; owned by the encoder
	 * @param info what the encoder is; its batch size is used
	 * @param parallelBatches how many document batches one call encodes at the same time, each on its own thread
	 */
	public TorchColbertEncoder(ColbertModel model, ColbertTokenizer tokenizer, EncoderInfo info, int parallelBatches) {
		if (parallelBatches < 1) {
			throw new IllegalArgumentException("parallelBatches must be at least 1, was " + parallelBatches);
		}
		this.parallelBatches = parallelBatches;
		this.model = Objects.requireNonNull(model, "model");
		this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
		this.info = Objects.requireNonNull(info, "info");
		this.batchSize = info.batchSize();
		if (model.dim() != info.dim()) {
			throw new IllegalArgumentException("info says dim " + info.dim() + " but the model has " + model.dim());
		}
	}

	@Override
	public TokenVectors encodeQuery(String query) {
		return withOpenEncoder(() -> {
			TokenizedText tokens = this.tokenizer.query(query);
			TokenVectors[] out = new TokenVectors[1];
			runBatch(new TokenizedText[] { tokens }, new int[] { 0 }, 0, 1, out);
			return out[0];
		});
	}

	@Override
	public List<TokenVectors> encodeDocuments(List<String> documents) {
		Objects.requireNonNull(documents, "documents");
		if (documents.isEmpty()) {
			return List.of();
		}
		return withOpenEncoder(() -> {
			TokenizedText[] texts = this.tokenizer.documents(documents);
			int[] order = IntStream.range(0, texts.length)
				.boxed()
				.sorted(Comparator.comparingInt((Integer i) -> texts[i].length()).reversed())
				.mapToInt(Integer::intValue)
				.toArray();
			TokenVectors[] out = new TokenVectors[texts.length];
			long start = System.nanoTime();
			long lastLog = start;
			long tokens = 0;
			int batches = (order.length + this.batchSize - 1) / this.batchSize;
			List<Future<?>> pending = new ArrayList<>();
			if (this.parallelBatches > 1 && batches > 1) {
				ExecutorService executor = batchExecutor();
				for (int from = 0; from < order.length; from += this.batchSize) {
					int batchStart = from;
					int batchEnd = Math.min(from + this.batchSize, order.length);
					pending.add(executor.submit(() -> runBatch(texts, order, batchStart, batchEnd, out)));
				}
			}
			try {
				for (int batch = 0, from = 0; from < order.length; batch++, from += this.batchSize) {
					int to = Math.min(from + this.batchSize, order.length);
					if (pending.isEmpty()) {
						runBatch(texts, order, from, to, out);
					}
					else {
						await(pending.get(batch));
					}
					for (int i = from; i < to; i++) {
						tokens += texts[order[i]].length();
					}
					long now = System.nanoTime();
					if (now - lastLog >= PROGRESS_INTERVAL_NANOS && to < order.length) {
						lastLog = now;
						logProgress(to, order.length, tokens, now - start);
					}
				}
			}
			finally {
				pending.forEach((future) -> future.cancel(false));
			}
			if (System.nanoTime() - start >= PROGRESS_INTERVAL_NANOS) {
				logProgress(order.length, order.length, tokens, System.nanoTime() - start);
			}
			return Arrays.asList(out);
		});
	}

	private static void await(Future<?> future) {
		try {
			future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while encoding documents", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

	private ExecutorService batchExecutor() {
		ExecutorService executor = this.batchExecutor;
		if (executor == null) {
			synchronized (this) {
				executor = this.batchExecutor;
				if (executor == null) {
					AtomicInteger counter = new AtomicInteger();
					executor = Executors.newFixedThreadPool(this.parallelBatches, (task) -> {
						Thread thread = new Thread(task, "colbert-encoder-" + counter.incrementAndGet());
						thread.setDaemon(true);
						return thread;
					});
					this.batchExecutor = executor;
				}
			}
		}
		return executor;
	}

	private static void logProgress(int done, int total, long tokens, long elapsedNanos) {
		double seconds = elapsedNanos / 1e9;
		double rate = done / seconds;
		logger.info("Encoded {} of {} documents ({} docs/s, {} tokens/s, ETA {} s)", done, total,
				String.format(Locale.ROOT, "%.1f", rate), String.format(Locale.ROOT, "%.0f", tokens / seconds),
				String.format(Locale.ROOT, "%.0f", (total - done) / Math.max(rate, 1e-9)));
	}

	/**
	 * Encodes the texts {@code order[from..to)} in one forward pass over their packed tokens and stores their vectors
	 * in {@code out}.
	 */
	private void runBatch(TokenizedText[] texts, int[] order, int from, int to, TokenVectors[] out) {
		int batch = to - from;
		int[] lengths = new int[batch];
		int[] attended = new int[batch];
		int tokens = 0;
		for (int b = 0; b < batch; b++) {
			TokenizedText text = texts[order[from + b]];
			lengths[b] = text.length();
			attended[b] = attendedPrefix(text);
			tokens += lengths[b];
		}
		InputStaging staging = borrowStaging(tokens);
		try {
			staging.fill(texts, order, from, to);
			int dim = this.model.dim();
			try (NDManager scope = this.model.bert().manager().newSubManager()) {
				Shape shape = new Shape(tokens);
				NDArray ids = NativeArrays.view(scope, staging.ids(), shape, DataType.INT64);
				NDArray positions = NativeArrays.view(scope, staging.positions(), shape, DataType.INT64);
				NDArray vectors = this.model.forwardPacked(ids, positions, lengths, attended, false)
					.normalize(2, -1, 1e-12);
				FloatBuffer data = vectors.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
				int offset = 0;
				for (int b = 0; b < batch; b++) {
					TokenizedText text = texts[order[from + b]];
					out[order[from + b]] = toVectors(text, data, offset, dim);
					offset += lengths[b];
				}
			}
		}
		finally {
			this.stagingPool.offer(staging);
		}
	}

	/** How many leading tokens are attended; the tokenizer only ever leaves a suffix unattended. */
	private static int attendedPrefix(TokenizedText text) {
		long[] attention = text.attention();
		int attended = 0;
		while (attended < attention.length && attention[attended] != 0) {
			attended++;
		}
		for (int t = attended; t < attention.length; t++) {
			if (attention[t] != 0) {
				throw new IllegalStateException("attention mask " + Arrays.toString(attention)
						+ " is not a prefix of attended tokens");
			}
		}
		return attended;
	}

	private static TokenVectors toVectors(TokenizedText text, FloatBuffer data, int firstRow, int dim) {
		int count = text.keptCount();
		float[] vectors = new float[count * dim];
		int[] tokenIds = new int[count];
		int[] charStart = new int[count];
		int[] charEnd = new int[count];
		int row = 0;
		for (int t = 0; t < text.length(); t++) {
			if (!text.kept()[t]) {
				continue;
			}
			data.get((firstRow + t) * dim, vectors, row * dim, dim);
			tokenIds[row] = (int) text.ids()[t];
			charStart[row] = text.charStart()[t];
			charEnd[row] = text.charEnd()[t];
			row++;
		}
		return new TokenVectors(vectors, count, dim, tokenIds, charStart, charEnd);
	}

	private InputStaging borrowStaging(int elements) {
		InputStaging staging = this.stagingPool.poll();
		if (staging == null) {
			staging = new InputStaging();
		}
		staging.ensureCapacity(elements);
		return staging;
	}

	private <T> T withOpenEncoder(java.util.function.Supplier<T> work) {
		this.lifecycle.readLock().lock();
		try {
			if (this.closed) {
				throw new IllegalStateException("the encoder is closed");
			}
			return work.get();
		}
		finally {
			this.lifecycle.readLock().unlock();
		}
	}

	@Override
	public EncoderInfo info() {
		return this.info;
	}

	/** The model (for training and tests); owned by this encoder. */
	public ColbertModel model() {
		return this.model;
	}

	/** The tokenizer with this encoder's ColBERT rules; owned by this encoder. */
	public ColbertTokenizer tokenizer() {
		return this.tokenizer;
	}

	@Override
	public void close() {
		this.lifecycle.writeLock().lock();
		try {
			if (this.closed) {
				return;
			}
			this.closed = true;
			if (this.batchExecutor != null) {
				this.batchExecutor.shutdownNow();
			}
			this.stagingPool.clear();
			this.tokenizer.close();
			this.model.close();
		}
		finally {
			this.lifecycle.writeLock().unlock();
		}
	}

	/** Reused direct buffers for a batch's packed token ids and positions (int64, native order). */
	private static final class InputStaging {

		private ByteBuffer ids = ByteBuffer.allocateDirect(0);

		private ByteBuffer positions = ByteBuffer.allocateDirect(0);

		void ensureCapacity(int elements) {
			int bytes = elements * Long.BYTES;
			if (this.ids.capacity() < bytes) {
				int capacity = Math.max(bytes, this.ids.capacity() * 2);
				this.ids = ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
				this.positions = ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
			}
		}

		void fill(TokenizedText[] texts, int[] order, int from, int to) {
			this.ids.clear();
			this.positions.clear();
			for (int i = from; i < to; i++) {
				TokenizedText text = texts[order[i]];
				for (int t = 0; t < text.length(); t++) {
					this.ids.putLong(text.ids()[t]);
					this.positions.putLong(t);
				}
			}
			this.ids.flip();
			this.positions.flip();
		}

		ByteBuffer ids() {
			return this.ids;
		}

		ByteBuffer positions() {
			return this.positions;
		}

	}

}
