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
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import dev.colbert.encoder.QueryEngine;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.encoder.model.ColbertModel;
import dev.colbert.encoder.model.NativeArrays;
import dev.colbert.encoder.tokenize.ColbertTokenizer;
import dev.colbert.encoder.tokenize.TokenizedText;
import dev.colbert.util.TaskGroup;

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
 * <p>Forward passes run on worker threads: a call's document batches are spread over {@code workerThreads} threads,
 * and queries run on a separate pool of the same size so that they never queue behind document batches. Each document
 * worker uses {@code intraOpThreads} libtorch threads and each query worker {@code queryIntraOpThreads} (set on that
 * thread only). Thread-safe: any number of threads may encode at once; {@link #close()} waits for running calls to
 * finish, and a call returns only once none of its batches runs, also when one of them failed (the others not started
 * are skipped), so close() never frees the weights under a forward pass.
 *
 * <p>Single queries ({@link #encodeQuery}) may run on ONNX Runtime instead ({@link OnnxRuntimeBert}, on the same
 * ONNX weights, see {@link dev.colbert.encoder.QueryEngine}): the same tokens and rows kept, L2-normalized, on the
 * calling thread; batched queries and documents stay on PyTorch.
 *
 * <p>{@link #warmUp()} starts every worker thread and runs a short forward pass on it, so that the first searches do
 * not pay for thread start, libtorch's per-thread set-up and the JIT ({@link dev.colbert.encoder.ColbertEncoders}
 * calls it at load).
 */
public final class TorchColbertEncoder implements ColbertEncoder {

	private static final Logger logger = LoggerFactory.getLogger(TorchColbertEncoder.class);

	private static final long PROGRESS_INTERVAL_NANOS = 10_000_000_000L;

	private final ColbertModel model;

	private final ColbertTokenizer tokenizer;

	private final EncoderInfo info;

	private final int batchSize;

	private final int workerThreads;

	private final int intraOpThreads;

	private final int queryIntraOpThreads;

	private final OnnxRuntimeBert queryBert;

	private volatile ExecutorService documentWorkers;

	private volatile ExecutorService queryWorkers;

	private final ConcurrentLinkedQueue<InputStaging> stagingPool = new ConcurrentLinkedQueue<>();

	private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();

	private volatile boolean closed;

	/**
	 * @param model the model; owned by the encoder from now on (closed with it)
	 * @param tokenizer the tokenizer with the model's ColBERT rules; owned by the encoder
	 * @param info what the encoder is; its batch size is used
	 */
	public TorchColbertEncoder(ColbertModel model, ColbertTokenizer tokenizer, EncoderInfo info) {
		this(model, tokenizer, info, 1, 0, 0);
	}

	/**
	 * @param model the model; owned by the encoder from now on (closed with it)
	 * @param tokenizer the tokenizer with the model's ColBERT rules; owned by the encoder
	 * @param info what the encoder is; its batch size is used
	 * @param workerThreads threads for document batches (one call spreads its batches over them), and as many for
	 * queries
	 * @param intraOpThreads libtorch intra-op threads of each worker thread, or 0 for the process-wide setting
	 */
	public TorchColbertEncoder(ColbertModel model, ColbertTokenizer tokenizer, EncoderInfo info, int workerThreads,
			int intraOpThreads) {
		this(model, tokenizer, info, workerThreads, intraOpThreads, intraOpThreads);
	}

	/**
	 * @param model the model; owned by the encoder from now on (closed with it)
	 * @param tokenizer the tokenizer with the model's ColBERT rules; owned by the encoder
	 * @param info what the encoder is; its batch size is used
	 * @param workerThreads threads for document batches (one call spreads its batches over them), and as many for
	 * queries
	 * @param intraOpThreads libtorch intra-op threads of each document worker thread, or 0 for the process-wide
	 * setting
	 * @param queryIntraOpThreads libtorch intra-op threads of each query worker thread, or 0 for the process-wide
	 * setting
	 */
	public TorchColbertEncoder(ColbertModel model, ColbertTokenizer tokenizer, EncoderInfo info, int workerThreads,
			int intraOpThreads, int queryIntraOpThreads) {
		this(model, tokenizer, info, workerThreads, intraOpThreads, queryIntraOpThreads, null);
	}

	/**
	 * @param model the model; owned by the encoder from now on (closed with it)
	 * @param tokenizer the tokenizer with the model's ColBERT rules; owned by the encoder
	 * @param info what the encoder is; its batch size is used
	 * @param workerThreads threads for document batches (one call spreads its batches over them), and as many for
	 * queries
	 * @param intraOpThreads libtorch intra-op threads of each document worker thread, or 0 for the process-wide
	 * setting
	 * @param queryIntraOpThreads libtorch intra-op threads of each query worker thread, or 0 for the process-wide
	 * setting
	 * @param queryBert ONNX Runtime on the same weights for single queries, or {@code null} for PyTorch; owned by the
	 * encoder (closed with it)
	 */
	public TorchColbertEncoder(ColbertModel model, ColbertTokenizer tokenizer, EncoderInfo info, int workerThreads,
			int intraOpThreads, int queryIntraOpThreads, OnnxRuntimeBert queryBert) {
		if (workerThreads < 1 || intraOpThreads < 0 || queryIntraOpThreads < 0) {
			throw new IllegalArgumentException("workerThreads must be at least 1, intraOpThreads and "
					+ "queryIntraOpThreads at least 0, were " + workerThreads + ", " + intraOpThreads + " and "
					+ queryIntraOpThreads);
		}
		this.workerThreads = workerThreads;
		this.intraOpThreads = intraOpThreads;
		this.queryIntraOpThreads = queryIntraOpThreads;
		this.queryBert = queryBert;
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
			if (this.queryBert != null) {
				this.queryBert.encode(new TokenizedText[] { tokens }, new int[] { 0 }, 0, 1, out);
				return out[0];
			}
			TaskGroup.start(workers(true),
					List.of(batch(new TokenizedText[] { tokens }, new int[] { 0 }, 0, 1, out, true)),
					"the encoder")
				.await(0);
			return out[0];
		});
	}

	/**
	 * Encodes the queries in batches of {@code batchSize} (grouped by length) on the query workers, on PyTorch: the same
	 * vectors as one {@link #encodeQuery(String)} call per query (to float rounding where single queries run on ONNX
	 * Runtime), since each text attends only to itself in a packed batch.
	 */
	@Override
	public List<TokenVectors> encodeQueries(List<String> queries) {
		Objects.requireNonNull(queries, "queries");
		if (queries.isEmpty()) {
			return List.of();
		}
		return withOpenEncoder(() -> {
			TokenizedText[] texts = new TokenizedText[queries.size()];
			for (int i = 0; i < texts.length; i++) {
				texts[i] = this.tokenizer.query(queries.get(i));
			}
			return runBatches(texts, true);
		});
	}

	@Override
	public List<TokenVectors> encodeDocuments(List<String> documents) {
		Objects.requireNonNull(documents, "documents");
		if (documents.isEmpty()) {
			return List.of();
		}
		return withOpenEncoder(() -> runBatches(this.tokenizer.documents(documents), false));
	}

	/** Runs the texts in batches sorted by length on the query or document workers; results in input order. */
	private List<TokenVectors> runBatches(TokenizedText[] texts, boolean queries) {
		int[] order = IntStream.range(0, texts.length)
			.boxed()
			.sorted(Comparator.comparingInt((Integer i) -> texts[i].length()).reversed())
			.mapToInt(Integer::intValue)
			.toArray();
		TokenVectors[] out = new TokenVectors[texts.length];
		long start = System.nanoTime();
		long lastLog = start;
		long tokens = 0;
		List<Callable<Void>> batches = new ArrayList<>();
		for (int from = 0; from < order.length; from += this.batchSize) {
			batches.add(batch(texts, order, from, Math.min(from + this.batchSize, order.length), out, queries));
		}
		// returns (and so releases the lifecycle lock to close()) only once no batch of the call runs, even on failure
		TaskGroup<Void> running = TaskGroup.start(workers(queries), batches, "the encoder");
		for (int batch = 0, from = 0; from < order.length; batch++, from += this.batchSize) {
			int to = Math.min(from + this.batchSize, order.length);
			running.await(batch);
			for (int i = from; i < to; i++) {
				tokens += texts[order[i]].length();
			}
			long now = System.nanoTime();
			if (now - lastLog >= PROGRESS_INTERVAL_NANOS && to < order.length) {
				lastLog = now;
				logProgress(queries, to, order.length, tokens, now - start);
			}
		}
		if (System.nanoTime() - start >= PROGRESS_INTERVAL_NANOS) {
			logProgress(queries, order.length, order.length, tokens, System.nanoTime() - start);
		}
		return Arrays.asList(out);
	}

	/**
	 * Starts every query and document worker thread and runs a short forward pass on each, so that later calls do not
	 * pay for thread start, libtorch's per-thread set-up (OpenMP, MKL) and JIT compilation of the Java side. Takes a
	 * few forward passes of a short text per worker.
	 */
	public void warmUp() {
		withOpenEncoder(() -> {
			long start = System.nanoTime();
			TokenizedText[] texts = { this.tokenizer.query("warm up"),
					this.tokenizer.documents(List.of("Warm up, the encoder."))[0] };
			for (int round = 0; round < 3; round++) {
				List<TaskGroup<Void>> pending = new ArrayList<>();
				for (boolean queries : new boolean[] { true, false }) {
					int[] order = { queries ? 0 : 1 };
					// A fixed pool starts a new thread for each task until all its threads run.
					List<Callable<Void>> batches = new ArrayList<>();
					for (int i = 0; i < this.workerThreads; i++) {
						batches.add(batch(texts, order, 0, 1, new TokenVectors[texts.length], queries));
					}
					pending.add(TaskGroup.start(workers(queries), batches, "the encoder"));
				}
				try {
					pending.forEach(TaskGroup::awaitAll);
				}
				finally {
					pending.forEach(TaskGroup::stop);
				}
			}
			if (this.queryBert != null) {
				TokenizedText query = this.tokenizer.query("what is late interaction?");
				this.queryBert.requireAgreement(query, runBatches(new TokenizedText[] { query }, true).get(0));
			}
			logger.debug("Warmed up {} query and {} document worker threads in {} ms", this.workerThreads,
					this.workerThreads, (System.nanoTime() - start) / 1_000_000);
			return null;
		});
	}

	/** One batch as a task: encodes {@code order[from..to)} into {@code out} with the query or document tower. */
	private Callable<Void> batch(TokenizedText[] texts, int[] order, int from, int to, TokenVectors[] out,
			boolean queries) {
		return () -> {
			runBatch(texts, order, from, to, out, queries ? this.model : this.model.documents());
			return null;
		};
	}

	private ExecutorService workers(boolean queries) {
		ExecutorService executor = queries ? this.queryWorkers : this.documentWorkers;
		if (executor != null) {
			return executor;
		}
		synchronized (this) {
			executor = queries ? this.queryWorkers : this.documentWorkers;
			if (executor == null) {
				String prefix = queries ? "colbert-encoder-query-" : "colbert-encoder-documents-";
				AtomicInteger counter = new AtomicInteger();
				int threads = queries ? this.queryIntraOpThreads : this.intraOpThreads;
				executor = Executors.newFixedThreadPool(this.workerThreads, (task) -> {
					Thread thread = new Thread(() -> {
						EngineSupport.useIntraOpThreadsOnCurrentThread(threads);
						task.run();
					}, prefix + counter.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
				if (queries) {
					this.queryWorkers = executor;
				}
				else {
					this.documentWorkers = executor;
				}
			}
			return executor;
		}
	}

	private static void logProgress(boolean queries, int done, int total, long tokens, long elapsedNanos) {
		double seconds = elapsedNanos / 1e9;
		double rate = done / seconds;
		logger.info("Encoded {} of {} {} ({} per s, {} tokens/s, ETA {} s)", done, total,
				queries ? "queries" : "documents",
				String.format(Locale.ROOT, "%.1f", rate), String.format(Locale.ROOT, "%.0f", tokens / seconds),
				String.format(Locale.ROOT, "%.0f", (total - done) / Math.max(rate, 1e-9)));
	}

	/**
	 * Encodes the texts {@code order[from..to)} in one forward pass of {@code tower} (the model, or its document tower)
	 * over their packed tokens and stores their vectors in {@code out}.
	 */
	private void runBatch(TokenizedText[] texts, int[] order, int from, int to, TokenVectors[] out,
			ColbertModel tower) {
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
			int dim = tower.dim();
			try (NDManager scope = tower.bert().manager().newSubManager()) {
				Shape shape = new Shape(tokens);
				NDArray ids = NativeArrays.view(scope, staging.ids(), shape, DataType.INT64);
				NDArray positions = NativeArrays.view(scope, staging.positions(), shape, DataType.INT64);
				NDArray vectors = tower.forwardPacked(ids, positions, lengths, attended, false)
					.normalize(2, -1, 1e-12);
				FloatBuffer data = vectors.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
				int offset = 0;
				for (int b = 0; b < batch; b++) {
					TokenizedText text = texts[order[from + b]];
					out[order[from + b]] = KeptRows.copy(text, data, offset, dim);
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

	/** The engine that runs {@link #encodeQuery}: {@code ONNXRUNTIME} or {@code PYTORCH}. */
	public QueryEngine queryEngine() {
		return (this.queryBert != null) ? QueryEngine.ONNXRUNTIME : QueryEngine.PYTORCH;
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
			for (ExecutorService executor : new ExecutorService[] { this.documentWorkers, this.queryWorkers }) {
				if (executor != null) {
					executor.shutdownNow();
				}
			}
			this.stagingPool.clear();
			this.tokenizer.close();
			this.model.close();
			if (this.queryBert != null) {
				this.queryBert.close();
			}
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
