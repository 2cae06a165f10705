package dev.colbert.encoder;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to run an encoder: engine settings, batch size, overrides of the model's ColBERT settings and where HuggingFace
 * hub models are downloaded from and cached. Immutable; create with {@link #builder()}.
 *
 * <p>Overrides left unset keep the model's values (artifact.metadata for a ColBERT checkpoint, the untrained-backbone
 * settings for an embedded ONNX backbone).
 */
public final class EncoderOptions {

	/**
	 * Default texts per forward pass. Measured here on bge-small with SciFact documents of 300 tokens (one thread,
	 * CPU time): 8 texts encode about 25% more tokens per second than 32, whose activations no longer fit the caches
	 * and allocator thresholds.
	 */
	public static final int DEFAULT_BATCH_SIZE = 8;

	/** Largest accepted batch size. */
	public static final int MAX_BATCH_SIZE = 4096;

	/** Largest accepted number of intra-op threads. */
	public static final int MAX_THREADS = 1024;

	/** The public HuggingFace hub. */
	public static final URI DEFAULT_HUB_ENDPOINT = URI.create("https://huggingface.co");

	/** The default device: the CPU. */
	public static final String DEFAULT_DEVICE = "cpu";

	/** The default timeout of hub downloads (to connect, for headers, between reads of a file). */
	public static final Duration DEFAULT_HUB_TIMEOUT = Duration.ofSeconds(60);

	private static final Pattern DEVICE = Pattern.compile("cpu|cuda(:\\d{1,3})?");

	private final int intraOpThreads;

	private final Integer queryIntraOpThreads;

	private final String device;

	private final int batchSize;

	private final int workerThreads;

	private final Integer queryMaxLength;

	private final Integer documentMaxLength;

	private final Boolean queryAugmentation;

	private final URI hubEndpoint;

	private final Path cacheDirectory;

	private final String hubToken;

	private final Duration hubTimeout;

	private final QueryEngine queryEngine;

	private EncoderOptions(Builder builder) {
		this.intraOpThreads = builder.intraOpThreads;
		this.queryIntraOpThreads = builder.queryIntraOpThreads;
		this.device = builder.device;
		this.batchSize = builder.batchSize;
		this.workerThreads = builder.workerThreads;
		this.queryMaxLength = builder.queryMaxLength;
		this.documentMaxLength = builder.documentMaxLength;
		this.queryAugmentation = builder.queryAugmentation;
		this.hubEndpoint = builder.hubEndpoint;
		this.cacheDirectory = builder.cacheDirectory;
		this.hubToken = builder.hubToken;
		this.hubTimeout = builder.hubTimeout;
		this.queryEngine = builder.queryEngine;
	}

	/** The defaults: one worker per core with one intra-op thread each, CPU, batch size 8, the model's settings, the public hub, the default cache. */
	public static EncoderOptions defaults() {
		return builder().build();
	}

	public static Builder builder() {
		return new Builder();
	}

	/** A builder starting from these options. */
	public Builder toBuilder() {
		Builder builder = new Builder();
		builder.intraOpThreads = this.intraOpThreads;
		builder.queryIntraOpThreads = this.queryIntraOpThreads;
		builder.device = this.device;
		builder.batchSize = this.batchSize;
		builder.workerThreads = this.workerThreads;
		builder.queryMaxLength = this.queryMaxLength;
		builder.documentMaxLength = this.documentMaxLength;
		builder.queryAugmentation = this.queryAugmentation;
		builder.hubEndpoint = this.hubEndpoint;
		builder.cacheDirectory = this.cacheDirectory;
		builder.hubToken = this.hubToken;
		builder.hubTimeout = this.hubTimeout;
		builder.queryEngine = this.queryEngine;
		return builder;
	}

	/**
	 * libtorch intra-op threads of each worker thread (set on the worker threads only; the process-wide setting is
	 * left alone); 0 keeps the process-wide setting.
	 */
	public int intraOpThreads() {
		return this.intraOpThreads;
	}

	/**
	 * libtorch intra-op threads of each query worker thread: the {@link Builder#queryIntraOpThreads override}, else
	 * {@link #intraOpThreads()}.
	 */
	public int queryIntraOpThreads() {
		return (this.queryIntraOpThreads != null) ? this.queryIntraOpThreads : this.intraOpThreads;
	}

	/** {@code cpu}, {@code cuda} or {@code cuda:N}. */
	public String device() {
		return this.device;
	}

	/** Texts per forward pass when encoding documents. */
	public int batchSize() {
		return this.batchSize;
	}

	/**
	 * Worker threads of the encoder: document batches run on up to this many threads at once, and queries run on
	 * threads of their own, up to this many at once.
	 */
	public int workerThreads() {
		return this.workerThreads;
	}

	/** Override of query_maxlen, or {@code null} for the model's. */
	public Integer queryMaxLength() {
		return this.queryMaxLength;
	}

	/** Override of doc_maxlen, or {@code null} for the model's. */
	public Integer documentMaxLength() {
		return this.documentMaxLength;
	}

	/** Override of [MASK] query augmentation, or {@code null} for the model's. */
	public Boolean queryAugmentation() {
		return this.queryAugmentation;
	}

	/** The HuggingFace hub endpoint that hub ids are downloaded from. */
	public URI hubEndpoint() {
		return this.hubEndpoint;
	}

	/** Where downloaded hub models are kept. */
	public Path cacheDirectory() {
		return this.cacheDirectory;
	}

	/** Bearer token for private hub repositories, or {@code null}. */
	public String hubToken() {
		return this.hubToken;
	}

	/** Connect and per-request idle timeout for hub downloads. */
	public Duration hubTimeout() {
		return this.hubTimeout;
	}

	/** Which engine encodes single queries ({@link QueryEngine#AUTO} by default). */
	public QueryEngine queryEngine() {
		return this.queryEngine;
	}

	@Override
	public String toString() {
		return "EncoderOptions[intraOpThreads=" + this.intraOpThreads + ", queryIntraOpThreads="
				+ queryIntraOpThreads() + ", device=" + this.device + ", batchSize="
				+ this.batchSize + ", workerThreads=" + this.workerThreads + ", queryMaxLength="
				+ this.queryMaxLength + ", documentMaxLength="
				+ this.documentMaxLength + ", queryAugmentation=" + this.queryAugmentation + ", hubEndpoint="
				+ this.hubEndpoint + ", cacheDirectory=" + this.cacheDirectory + ", hubToken="
				+ ((this.hubToken != null) ? "(set)" : "(none)") + ", hubTimeout=" + this.hubTimeout
				+ ", queryEngine=" + this.queryEngine + "]";
	}

	/** The default cache: {@code $XDG_CACHE_HOME/colbert-java/hub}, else {@code ~/.cache/colbert-java/hub}. */
	public static Path defaultCacheDirectory() {
		String xdg = System.getenv("XDG_CACHE_HOME");
		Path base = (xdg != null && !xdg.isBlank()) ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
		return base.resolve("colbert-java").resolve("hub");
	}

	/** Builds {@link EncoderOptions}; every setter validates its argument and names the allowed range. */
	public static final class Builder {

		private int intraOpThreads = 1;

		private Integer queryIntraOpThreads;

		private String device = DEFAULT_DEVICE;

		private int batchSize = DEFAULT_BATCH_SIZE;

		private int workerThreads = Runtime.getRuntime().availableProcessors();

		private Integer queryMaxLength;

		private Integer documentMaxLength;

		private Boolean queryAugmentation;

		private URI hubEndpoint = DEFAULT_HUB_ENDPOINT;

		private Path cacheDirectory = defaultCacheDirectory();

		private String hubToken;

		private Duration hubTimeout = DEFAULT_HUB_TIMEOUT;

		private QueryEngine queryEngine = QueryEngine.AUTO;

		private Builder() {
		}

		/**
		 * libtorch intra-op threads per worker thread, 0 (keep the process-wide setting) to
		 * {@value EncoderOptions#MAX_THREADS}; default 1. Measured here (2 shared cores), one intra-op thread per
		 * worker and one worker per core encode about twice as fast as two intra-op threads on one worker, whose
		 * OpenMP barriers stall whenever another process takes a core.
		 */
		public Builder intraOpThreads(int intraOpThreads) {
			if (intraOpThreads < 0 || intraOpThreads > MAX_THREADS) {
				throw new IllegalArgumentException("intraOpThreads must be between 0 (keep the process-wide setting) "
						+ "and " + MAX_THREADS + ", was " + intraOpThreads);
			}
			this.intraOpThreads = intraOpThreads;
			return this;
		}

		/**
		 * libtorch intra-op threads of each query worker thread, 0 (keep the process-wide setting) to
		 * {@value EncoderOptions#MAX_THREADS}, or {@code null} (default) for {@link #intraOpThreads}. A query is one
		 * short forward pass on one worker: more threads lower single-query latency on a machine with idle cores, while
		 * one thread per query gives the most queries per second when many searches run at once or the cores are
		 * shared.
		 */
		public Builder queryIntraOpThreads(Integer queryIntraOpThreads) {
			if (queryIntraOpThreads != null && (queryIntraOpThreads < 0 || queryIntraOpThreads > MAX_THREADS)) {
				throw new IllegalArgumentException("queryIntraOpThreads must be between 0 (keep the process-wide "
						+ "setting) and " + MAX_THREADS + ", or null for intraOpThreads, was " + queryIntraOpThreads);
			}
			this.queryIntraOpThreads = queryIntraOpThreads;
			return this;
		}

		/** {@code cpu} (default), {@code cuda} or {@code cuda:N}; CUDA needs a CUDA build of libtorch. */
		public Builder device(String device) {
			String normalized = (device != null) ? device.trim().toLowerCase(Locale.ROOT) : "";
			if (!DEVICE.matcher(normalized).matches()) {
				throw new IllegalArgumentException(
						"device must be cpu, cuda or cuda:N (N = GPU index), was '" + device + "'");
			}
			this.device = normalized;
			return this;
		}

		/** Texts per forward pass, 1 to {@value EncoderOptions#MAX_BATCH_SIZE}. */
		public Builder batchSize(int batchSize) {
			if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
				throw new IllegalArgumentException(
						"batchSize must be between 1 and " + MAX_BATCH_SIZE + ", was " + batchSize);
			}
			this.batchSize = batchSize;
			return this;
		}

		/**
		 * Worker threads, 1 to {@value EncoderOptions#MAX_THREADS}; default: the number of available processors.
		 * Document batches of one call are spread over them; queries run on a pool of the same size, so that a query
		 * does not wait behind queued document batches.
		 */
		public Builder workerThreads(int workerThreads) {
			if (workerThreads < 1 || workerThreads > MAX_THREADS) {
				throw new IllegalArgumentException(
						"workerThreads must be between 1 and " + MAX_THREADS + ", was " + workerThreads);
			}
			this.workerThreads = workerThreads;
			return this;
		}

		/**
		 * Overrides query_maxlen: 4 to the model's max_position_embeddings (checked at load), or {@code null} for the
		 * model's value.
		 */
		public Builder queryMaxLength(Integer queryMaxLength) {
			if (queryMaxLength != null && queryMaxLength < 4) {
				throw new IllegalArgumentException("queryMaxLength must be at least 4 tokens ([CLS], marker, a token, "
						+ "[SEP]) and at most the model's max_position_embeddings, was " + queryMaxLength);
			}
			this.queryMaxLength = queryMaxLength;
			return this;
		}

		/**
		 * Overrides doc_maxlen: 4 to the model's max_position_embeddings (checked at load), or {@code null} for the
		 * model's value.
		 */
		public Builder documentMaxLength(Integer documentMaxLength) {
			if (documentMaxLength != null && documentMaxLength < 4) {
				throw new IllegalArgumentException("documentMaxLength must be at least 4 tokens ([CLS], marker, a "
						+ "token, [SEP]) and at most the model's max_position_embeddings, was " + documentMaxLength);
			}
			this.documentMaxLength = documentMaxLength;
			return this;
		}

		/** Overrides [MASK] query augmentation, or {@code null} for the model's setting. */
		public Builder queryAugmentation(Boolean queryAugmentation) {
			this.queryAugmentation = queryAugmentation;
			return this;
		}

		/** The hub endpoint (http or https), default {@code https://huggingface.co}. */
		public Builder hubEndpoint(URI hubEndpoint) {
			Objects.requireNonNull(hubEndpoint, "hubEndpoint");
			String scheme = (hubEndpoint.getScheme() != null) ? hubEndpoint.getScheme().toLowerCase(Locale.ROOT) : "";
			if (!(scheme.equals("http") || scheme.equals("https")) || hubEndpoint.getHost() == null) {
				throw new IllegalArgumentException(
						"hubEndpoint must be an http or https URL such as https://huggingface.co, was " + hubEndpoint);
			}
			String text = hubEndpoint.toString();
			this.hubEndpoint = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
			return this;
		}

		/** Where hub downloads are cached. */
		public Builder cacheDirectory(Path cacheDirectory) {
			this.cacheDirectory = Objects.requireNonNull(cacheDirectory, "cacheDirectory");
			return this;
		}

		/** Bearer token for private hub repositories ({@code null} for none). */
		public Builder hubToken(String hubToken) {
			this.hubToken = (hubToken != null && !hubToken.isBlank()) ? hubToken.trim() : null;
			return this;
		}

		/** Timeout for hub requests, 1 second to 1 hour. */
		public Builder hubTimeout(Duration hubTimeout) {
			Objects.requireNonNull(hubTimeout, "hubTimeout");
			if (hubTimeout.compareTo(Duration.ofSeconds(1)) < 0 || hubTimeout.compareTo(Duration.ofHours(1)) > 0) {
				throw new IllegalArgumentException("hubTimeout must be between 1 second and 1 hour, was " + hubTimeout);
			}
			this.hubTimeout = hubTimeout;
			return this;
		}

		/**
		 * Which engine encodes single queries: {@link QueryEngine#AUTO} (default: ONNX Runtime for an ONNX model
		 * from the classpath with no trained layers on the CPU when DJL's OnnxRuntime engine is on the classpath, else
		 * PyTorch), {@link QueryEngine#PYTORCH} or {@link QueryEngine#ONNXRUNTIME} (fails at load where it does not
		 * apply).
		 */
		public Builder queryEngine(QueryEngine queryEngine) {
			this.queryEngine = Objects.requireNonNull(queryEngine, "queryEngine");
			return this;
		}

		public EncoderOptions build() {
			return new EncoderOptions(this);
		}

	}

}
