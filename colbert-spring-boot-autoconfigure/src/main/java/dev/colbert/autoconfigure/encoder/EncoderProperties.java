package dev.colbert.autoconfigure.encoder;

import java.util.Locale;

import org.springframework.boot.context.properties.NestedConfigurationProperty;

import dev.colbert.autoconfigure.PropertyChecks;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.QueryEngine;

/** How queries and documents are encoded ({@code colbert.encoder.*}). */
public class EncoderProperties {

	/**
	 * Query length in tokens (query_maxlen), [CLS], marker and [SEP] included; longer queries are truncated. At most
	 * the model's max_position_embeddings. Defaults to the model's value (artifact.metadata, or 128 for the embedded
	 * model).
	 */
	private Integer queryMaxLength;

	/**
	 * Document length in tokens (doc_maxlen), [CLS], marker and [SEP] included; longer documents are truncated. At
	 * most the model's max_position_embeddings. Defaults to the model's value (artifact.metadata, or 300 for the
	 * embedded model).
	 */
	private Integer documentMaxLength;

	/**
	 * Whether queries are padded with [MASK] to the query length (ColBERT's query augmentation). Defaults to the
	 * model's setting: on for ColBERT checkpoints, off for backbones never trained as ColBERT (the embedded model).
	 */
	private Boolean queryAugmentation;

	/**
	 * The token-vector dimension the application expects. When set, start-up fails if the model produces vectors
	 * of another dimension (for example after a model change that would not match an existing index).
	 */
	private Integer dim;

	/** Documents per encoder forward pass; texts of similar length are batched together. */
	private int batchSize = EncoderOptions.DEFAULT_BATCH_SIZE;

	/**
	 * Encoder worker threads, 1 to 1024: the document batches of one add run on up to this many threads at once,
	 * and queries run on a pool of the same size of their own. Defaults to the number of available processors.
	 */
	private Integer workerThreads;

	/**
	 * libtorch intra-op threads of each worker thread, 0 (keep the process-wide setting) to 1024. Defaults to 1:
	 * one single-threaded worker per core encodes faster than fewer workers with more threads, above all on cores
	 * shared with other work.
	 */
	private Integer threads;

	/**
	 * libtorch intra-op threads of each query worker thread, 0 (keep the process-wide setting) to 1024. More lowers
	 * the latency of one query on idle cores; 1 gives the most queries per second under load. Defaults to
	 * colbert.encoder.threads.
	 */
	private Integer queryThreads;

	/**
	 * The engine that encodes single queries (searches): "auto" runs them on ONNX Runtime, on the same weights and
	 * with the same tokens and vectors, when the model is an ONNX file from the classpath with no trained layers (the
	 * embedded model), the device is the CPU and DJL's ONNX Runtime engine is on the class path (a dependency of the
	 * starter), else on PyTorch; "pytorch" always uses PyTorch; "onnxruntime" fails at start-up where ONNX Runtime does
	 * not apply. Documents are always encoded on PyTorch.
	 */
	private QueryEngine queryEngine = QueryEngine.AUTO;

	/** Where the model runs: "cpu", or "cuda" / "cuda:N" when a CUDA build of libtorch is on the class path. */
	private String device = EncoderOptions.DEFAULT_DEVICE;

	@NestedConfigurationProperty
	private final HubProperties hub = new HubProperties();

	public Integer getQueryMaxLength() {
		return this.queryMaxLength;
	}

	public void setQueryMaxLength(Integer queryMaxLength) {
		this.queryMaxLength = queryMaxLength;
	}

	public Integer getDocumentMaxLength() {
		return this.documentMaxLength;
	}

	public void setDocumentMaxLength(Integer documentMaxLength) {
		this.documentMaxLength = documentMaxLength;
	}

	public Boolean getQueryAugmentation() {
		return this.queryAugmentation;
	}

	public void setQueryAugmentation(Boolean queryAugmentation) {
		this.queryAugmentation = queryAugmentation;
	}

	public Integer getDim() {
		return this.dim;
	}

	public void setDim(Integer dim) {
		this.dim = dim;
	}

	public int getBatchSize() {
		return this.batchSize;
	}

	public void setBatchSize(int batchSize) {
		this.batchSize = batchSize;
	}

	public Integer getWorkerThreads() {
		return this.workerThreads;
	}

	public void setWorkerThreads(Integer workerThreads) {
		this.workerThreads = workerThreads;
	}

	public Integer getQueryThreads() {
		return this.queryThreads;
	}

	public void setQueryThreads(Integer queryThreads) {
		this.queryThreads = queryThreads;
	}

	public Integer getThreads() {
		return this.threads;
	}

	public void setThreads(Integer threads) {
		this.threads = threads;
	}

	public QueryEngine getQueryEngine() {
		return this.queryEngine;
	}

	public void setQueryEngine(QueryEngine queryEngine) {
		this.queryEngine = queryEngine;
	}

	public String getDevice() {
		return this.device;
	}

	public void setDevice(String device) {
		this.device = device;
	}

	public HubProperties getHub() {
		return this.hub;
	}

	/** Checks every value of this group and of {@code hub}. */
	public void validate(PropertyChecks checks) {
		checks.range("queryMaxLength", this.queryMaxLength, 4, Integer.MAX_VALUE);
		checks.range("documentMaxLength", this.documentMaxLength, 4, Integer.MAX_VALUE);
		checks.range("dim", this.dim, 1, 65536);
		checks.range("batchSize", this.batchSize, 1, EncoderOptions.MAX_BATCH_SIZE);
		checks.range("workerThreads", this.workerThreads, 1, EncoderOptions.MAX_THREADS);
		checks.range("threads", this.threads, 0, EncoderOptions.MAX_THREADS);
		checks.range("queryThreads", this.queryThreads, 0, EncoderOptions.MAX_THREADS);
		checks.require(this.device != null && this.device.trim().toLowerCase(Locale.ROOT).matches("cpu|cuda(:\\d+)?"),
				"device", "must be cpu, cuda or cuda:N but was '" + this.device + "'");
		checks.require(this.queryEngine != null, "queryEngine", "must be auto, pytorch or onnxruntime");
		this.hub.validate(checks.at("hub"));
	}

}
